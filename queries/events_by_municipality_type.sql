-- The network's events in one year by kind, per municipality, with their attendance.
-- Grain: municipality x event_type (types with at least one event).
-- Parameters: $year, $municipalities (list of municipality codes).
-- Only counts leave this query; participant codes never do.
-- Definitions:
--   events                events of the type dated in the year
--   visits                attendance records at those events (a person at two counts twice)
--   unique_participants   distinct people at events of that type (not additive over types:
--                         the municipality's total is in participants_by_municipality)
with
event_counts as (
    select municipality_code, event_type, count(*) as events
    from events
    where year(event_date) = $year
      and list_contains($municipalities, municipality_code)
    group by all
),
attendance_counts as (
    -- visits: attendance with its event's year, municipality and type (queries/derived/visits.sql)
    select municipality_code, event_type,
           count(*) as visits,
           count(distinct person_id) as unique_participants
    from visits
    where year = $year
      and list_contains($municipalities, municipality_code)
    group by all
)
select
    e.municipality_code,
    e.event_type,
    e.events,
    coalesce(a.visits, 0) as visits,
    coalesce(a.unique_participants, 0) as unique_participants
from event_counts as e
left join attendance_counts as a using (municipality_code, event_type)
order by e.municipality_code, e.events desc, e.event_type
