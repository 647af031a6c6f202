-- Staging view yearly_meetings: council meetings monitored per municipality and calendar year,
-- as key_figures_by_year, key_figures_by_municipality, indicator_scores_by_municipality and
-- the table macro monitored_units (queries/macros/) count them.
-- Registered on each connection by popdash.data.db (queries/README.md). DuckDB inlines the
-- view and applies a filter on year or municipality_code before the grouping; a year filter
-- then reads every row group of meetings, where a date range on meeting_date skips the other
-- years (queries/README.md says when that matters).
-- Grain: year x municipality_code (only municipality-years with at least one meeting).
-- Columns: year = calendar year of meeting_date; meetings = meetings monitored (>= 1).
create or replace view yearly_meetings as
select year(meeting_date) as year, municipality_code, count(*) as meetings
from meetings
group by all;
