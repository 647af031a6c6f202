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
with visits as (
    select year(e.event_date) as year, a.participant_code, a.sex, a.age_band,
           strftime(e.event_date, '%Y-%m-%d') || e.event_id as event_order
    from attendance as a
    join events as e using (event_id)
    where list_contains($municipalities, e.municipality_code)
),
people as (
    select year, participant_code,
           arg_max(sex, event_order) as sex,
           arg_max(age_band, event_order) as age_band
    from visits
    group by year, participant_code
),
shares as (
    select year,
           count(*) as unique_participants,
           count(*) filter (where sex = 'F') as women,
           count(*) filter (where age_band in ('15-17', '18-29')) as young
    from people
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
