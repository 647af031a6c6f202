-- Derived table `yearly_events`: events per municipality and calendar year, with the two kinds
-- the key figures count (citizen workshops and public forums): key_figures_by_year and
-- key_figures_by_municipality.
-- Grain: year x municipality_code (only municipality-years with at least one event).
-- Columns: year = calendar year of event_date; events = all events (>= 1);
--   citizen_workshops = events of type workshop; public_forums = events of type forum.
-- Written with each data version (popdash.data.derived): a few thousand rows at most, so the
-- card's figures for every year sum small tables instead of grouping the monitoring tables.
select
    year(event_date) as year,
    municipality_code,
    count(*) as events,
    count(*) filter (where event_type = 'workshop') as citizen_workshops,
    count(*) filter (where event_type = 'forum') as public_forums
from events
group by all
order by year, municipality_code
