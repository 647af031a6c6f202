-- Unique participants of one year in the groups of one dimension: sex, age band or role.
-- Grain: group_code (the codes of the chosen dimension). Parameters: $year, $municipalities,
-- $dimension (one of 'sex', 'age_band', 'role'; any other value returns no rows: the column
-- is chosen through an allow-listed case expression, never pasted into the SQL).
-- Definitions:
--   participants  distinct participant codes in the group. Each person is counted in one
--                 group only: the sex, age band and role recorded at their latest event of the
--                 year in the chosen municipalities (ties broken by event id), so the groups
--                 add up to the unique participants of the year.
--   total         the unique participants of the year (the same on every row).
-- Only aggregates leave this query; participant codes never do.
with
-- people: one row per person, municipality and year, with what was recorded at the person's
-- latest event there (queries/derived/people.sql)
persons as (
    -- people_groups: those seen in one municipality, already counted (derived/people_groups.sql)
    select sex, age_band, role, people
    from people_groups
    where year = $year
      and list_contains($municipalities, municipality_code)
    union all
    -- the few seen in several municipalities, deduplicated here
    select arg_max(sex, latest_event_seq) as sex,
           arg_max(age_band, latest_event_seq) as age_band,
           arg_max(role, latest_event_seq) as role,
           1 as people
    from people
    where year = $year and municipality_count > 1
      and list_contains($municipalities, municipality_code)
    group by person_id
),
grouped as (
    select
        case $dimension
            when 'sex' then sex
            when 'age_band' then age_band
            when 'role' then role
        end as group_code,
        people
    from persons
    where $dimension in ('sex', 'age_band', 'role')
)
select group_code, sum(people)::bigint as participants, (sum(sum(people)) over ())::bigint as total
from grouped
group by group_code
order by group_code
