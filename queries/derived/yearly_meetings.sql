-- Derived table `yearly_meetings`: council meetings monitored per municipality and calendar year,
-- as key_figures_by_year, key_figures_by_municipality, indicator_scores_by_municipality and
-- the table macro monitored_units (queries/macros/) count them.
-- Grain: year x municipality_code (only municipality-years with at least one meeting).
-- Columns: year = calendar year of meeting_date; meetings = meetings monitored (>= 1).
-- Written with each data version (popdash.data.derived): a few thousand rows at most, so the
-- card's figures for every year sum small tables instead of grouping the monitoring tables.
select year(meeting_date) as year, municipality_code, count(*) as meetings
from meetings
group by all
order by year, municipality_code
