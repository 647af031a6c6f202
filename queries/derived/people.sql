-- Derived table `people`: one row per person, municipality and year, from `visits`. The
-- figures about unique participants read it: a year holds about half as many rows as its
-- attendance, and every row is one person already.
-- Grain: year x municipality_code x person_id. Parameters: none.
-- Written with each data version (popdash.data.derived), sorted by year and municipality.
-- Columns:
--   visits            attendance records of the person in the municipality that year
--   ever_female       recorded with sex F at any of those events
--   ever_young        recorded aged 15-29 (bands 15-17, 18-29) at any of those events
--   latest_event_seq  event_seq of the person's latest event there that year
--   sex, age_band, role   as recorded at that latest event
--   municipality_count    in how many municipalities the person attended that year. Most
--                         people attend in one: counting them needs no distinct count, and
--                         only the few rows with a count above 1 need deduplicating.
with per_municipality as (
    select
        year,
        municipality_code,
        person_id,
        count(*)::integer as visits,
        bool_or(sex = 'F') as ever_female,
        bool_or(age_band in ('15-17', '18-29')) as ever_young,
        max(event_seq) as latest_event_seq,
        arg_max(sex, event_seq) as sex,
        arg_max(age_band, event_seq) as age_band,
        arg_max(role, event_seq) as role
    from visits
    group by year, municipality_code, person_id
)
select *, (count(*) over (partition by year, person_id))::smallint as municipality_count
from per_municipality
-- people seen in several municipalities come last in each year, so a query about them skips
-- the row groups of everyone else
order by year, municipality_count, municipality_code, person_id
