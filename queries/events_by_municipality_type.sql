-- The network's events in one year by kind, per municipality, with their attendance.
-- Grain: municipality x event_type (types with at least one event).
-- Parameters: $year, $municipalities (list of municipality codes).
-- Only counts leave this query; participant codes never do.
-- Definitions:
--   events                events of the type dated in the year
--   visits                attendance records at those events (a person at two counts twice)
--   unique_participants   distinct people at events of that type (not additive over types:
--                         the municipality's total is in participants_by_municipality)
select
    e.municipality_code,
    e.event_type,
    count(distinct e.event_id) as events,
    count(a.participant_code) as visits,
    count(distinct a.participant_code) as unique_participants
from events as e
left join attendance as a using (event_id)
where year(e.event_date) = $year
  and list_contains($municipalities, e.municipality_code)
group by all
order by e.municipality_code, events desc, e.event_type
