-- Share of women and of young people (15-29) among the unique participants of one year, per
-- municipality: the municipality breakdown of the Results page's share_women and share_young.
-- Grain: municipality (chosen municipalities with participants in the year).
-- Parameters: $year, $municipalities.
-- Definitions (as participation_shares_by_year, within one municipality's events: a person
-- who attended in two municipalities counts in both, with the sex and age band recorded at
-- their latest event of the year in that municipality):
--   unique_participants  distinct participant codes over the municipality's events of the year
--   women, young         of them, with sex F; in age band 15-17 or 18-29
--   share_women, share_young   women / unique_participants, young / unique_participants
-- Only aggregates leave this query; participant codes never do.
with counts as (
    -- people: one row per person, municipality and year, with the sex and age band of the
    -- person's latest event there (queries/derived/people.sql)
    select municipality_code,
           count(*) as unique_participants,
           count(*) filter (where sex = 'F') as women,
           count(*) filter (where age_band in ('15-17', '18-29')) as young
    from people
    where year = $year
      and list_contains($municipalities, municipality_code)
    group by municipality_code
)
select
    municipality_code, unique_participants, women, young,
    women / unique_participants as share_women,
    young / unique_participants as share_young
from counts
order by municipality_code
