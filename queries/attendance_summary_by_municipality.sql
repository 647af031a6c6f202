-- Events, unique participants and total attendance in one year, per municipality, with the
-- network's own row (municipality_code null, is_total true).
-- Grain: municipality, plus one total row. Parameters: $year, $municipalities.
-- Definitions:
--   events               events dated in the year (with or without attendance recorded)
--   unique_participants  distinct participant codes over the events of the year: a person who
--                        came to 3 events counts once. Not additive: the network's row counts
--                        a person who attended in two municipalities once.
--   visits               attendance records: every person at every event (3 events = 3 visits)
-- Only aggregates leave this query; participant codes never do.
with scoped_events as (
    select event_id, municipality_code
    from events
    where year(event_date) = $year
      and list_contains($municipalities, municipality_code)
),
visits as (
    select e.municipality_code, a.participant_code, a.event_id
    from attendance as a
    join scoped_events as e using (event_id)
),
event_counts as (
    select municipality_code, count(*) as events
    from scoped_events
    group by grouping sets ((municipality_code), ())
),
people_counts as (
    select municipality_code,
           count(distinct participant_code) as unique_participants,
           count(*) as visits
    from visits
    group by grouping sets ((municipality_code), ())
)
select
    e.municipality_code,
    e.municipality_code is null as is_total,
    e.events,
    coalesce(p.unique_participants, 0) as unique_participants,
    coalesce(p.visits, 0) as visits
from event_counts as e
left join people_counts as p
  on p.municipality_code is not distinct from e.municipality_code
where e.events > 0
order by is_total, e.municipality_code
