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
with visits as (
    select a.participant_code, a.sex, a.age_band, a.role,
           strftime(e.event_date, '%Y-%m-%d') || e.event_id as event_order
    from attendance as a
    join events as e using (event_id)
    where year(e.event_date) = $year
      and list_contains($municipalities, e.municipality_code)
),
people as (
    select participant_code,
           arg_max(sex, event_order) as sex,
           arg_max(age_band, event_order) as age_band,
           arg_max(role, event_order) as role
    from visits
    group by participant_code
),
grouped as (
    select
        case $dimension
            when 'sex' then sex
            when 'age_band' then age_band
            when 'role' then role
        end as group_code
    from people
    where $dimension in ('sex', 'age_band', 'role')
)
select group_code, count(*) as participants, (sum(count(*)) over ())::bigint as total
from grouped
group by group_code
order by group_code
