-- Table macro monitored_units(): the municipality-years the transparency figures are given
-- for: each member municipality in every year with data (meetings or events), plus any
-- municipality-year with meetings or period observations. Shared by
-- transparency_index_by_municipality and indicator_scores_by_municipality.
-- Registered on each connection by popdash.data.db, after the derived table it reads
-- (yearly_meetings: queries/derived/yearly_meetings.sql).
-- Grain: year x municipality_code.
create or replace macro monitored_units() as table
with
data_years as (
    -- years only: straight from the tables (yearly_meetings would group by municipality too)
    select distinct year(meeting_date) as year from meetings
    union
    select distinct year(event_date) from events
),
member_years as (
    select unnest(range(start_year, end_year + 1)) as year, municipality_code
    from memberships
)
select year, municipality_code from member_years where year in (select year from data_years)
union
select year, municipality_code from yearly_meetings
union
select year, municipality_code from period_observations;
