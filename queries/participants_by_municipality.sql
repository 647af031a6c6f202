-- People who took part in the network's events in one year, per municipality, with the rate
-- per 1,000 inhabitants.
-- Grain: municipality (every chosen municipality, zeros where no event took place).
-- Parameters: $year, $municipalities (list of municipality codes).
-- Only counts leave this query; participant codes never do.
-- Definitions:
--   events                     events dated in the year
--   unique_participants        distinct participant codes over the municipality's events of
--                              the year (a person at three events counts once)
--   visits                     attendance records: every person at every event
--   women                      unique participants recorded as F
--   young                      unique participants recorded at least once aged 15-29
--                              (age bands 15-17 and 18-29)
--   population                 municipalities.population (INSTAT census 2023); null if unknown
--   participants_per_thousand  1000 x unique_participants / population (null without population)
with
scoped_events as (
    select event_id, municipality_code
    from events
    where year(event_date) = $year
      and list_contains($municipalities, municipality_code)
),
event_counts as (
    select municipality_code, count(*) as events
    from scoped_events
    group by all
),
person_counts as (
    -- people: one row per person, municipality and year (queries/derived/people.sql)
    select municipality_code,
           count(*) as unique_participants,
           sum(visits)::bigint as visits,
           count(*) filter (where ever_female) as women,
           count(*) filter (where ever_young) as young
    from people
    where year = $year
      and list_contains($municipalities, municipality_code)
    group by all
)
select
    m.municipality_code,
    m.population,
    coalesce(ec.events, 0) as events,
    coalesce(p.unique_participants, 0) as unique_participants,
    coalesce(p.visits, 0) as visits,
    coalesce(p.women, 0) as women,
    coalesce(p.young, 0) as young,
    1000.0 * coalesce(p.unique_participants, 0) / nullif(m.population, 0) as participants_per_thousand
from municipalities as m
left join event_counts as ec using (municipality_code)
left join person_counts as p using (municipality_code)
where list_contains($municipalities, m.municipality_code)
order by m.municipality_code
