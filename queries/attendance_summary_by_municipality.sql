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
scoped_people as (
    -- people: one row per person, municipality and year (queries/derived/people.sql)
    select municipality_code, person_id, visits, municipality_count
    from people
    where year = $year
      and list_contains($municipalities, municipality_code)
),
event_counts as (
    select municipality_code, count(*) as events
    from scoped_events
    group by grouping sets ((municipality_code), ())
),
people_counts as (
    -- in one municipality every row is one person
    select municipality_code, count(*) as unique_participants, sum(visits)::bigint as visits
    from scoped_people
    group by municipality_code
    union all
    -- the network's row: only people seen in several municipalities need deduplicating
    select null,
           (select count(*) from scoped_people where municipality_count = 1)
           + (select count(distinct person_id) from scoped_people where municipality_count > 1),
           (select sum(visits) from scoped_people)::bigint
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
