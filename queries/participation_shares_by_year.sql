-- Share of women and of young people (15-29) among the unique participants of each year,
-- beside the network's targets for those shares.
-- Grain: year. Parameters: $municipalities.
-- Definitions (each person counted once per year, with the sex and age band recorded at
-- their latest event of the year in the chosen municipalities):
--   unique_participants  distinct participant codes over the events of the year
--   women                of them, recorded with sex F
--   young                of them, in age band 15-17 or 18-29 (young people are 15-29)
--   share_women          women / unique_participants
--   share_young          young / unique_participants (unknown age counts in the denominator)
--   target_women, target_young  targets table, metrics share_women and share_young (fractions)
-- Only aggregates leave this query; participant codes never do.
with
-- people: one row per person, municipality and year, with the sex and age band of the
-- person's latest event there (queries/derived/people.sql); a person seen in two chosen
-- municipalities takes those of the later event
persons as (
    -- people_groups: those seen in one municipality, already counted (derived/people_groups.sql)
    select year, sex, age_band, people
    from people_groups
    where list_contains($municipalities, municipality_code)
    union all
    -- the few seen in several municipalities, deduplicated here
    select year,
           arg_max(sex, latest_event_seq) as sex,
           arg_max(age_band, latest_event_seq) as age_band,
           1 as people
    from people
    where municipality_count > 1
      and list_contains($municipalities, municipality_code)
    group by year, person_id
),
shares as (
    select year,
           sum(people)::bigint as unique_participants,
           coalesce(sum(people) filter (where sex = 'F'), 0)::bigint as women,
           coalesce(sum(people) filter (where age_band in ('15-17', '18-29')), 0)::bigint as young
    from persons
    group by year
),
goals as (
    select year,
           max(target) filter (where metric = 'share_women') as target_women,
           max(target) filter (where metric = 'share_young') as target_young
    from targets
    where metric in ('share_women', 'share_young')
    group by year
)
select
    shares.year, unique_participants, women, young,
    women / unique_participants as share_women,
    young / unique_participants as share_young,
    target_women, target_young
from shares
left join goals using (year)
order by shares.year
