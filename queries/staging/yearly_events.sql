-- Staging view yearly_events: events per municipality and calendar year, with the two kinds
-- the key figures count (citizen workshops and public forums): key_figures_by_year and
-- key_figures_by_municipality.
-- Registered on each connection by popdash.data.db (queries/README.md).
-- Grain: year x municipality_code (only municipality-years with at least one event).
-- Columns: year = calendar year of event_date; events = all events (>= 1);
--   citizen_workshops = events of type workshop; public_forums = events of type forum.
create or replace view yearly_events as
select
    year(event_date) as year,
    municipality_code,
    count(*) as events,
    count(*) filter (where event_type = 'workshop') as citizen_workshops,
    count(*) filter (where event_type = 'forum') as public_forums
from events
group by all;
