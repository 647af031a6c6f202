-- Each municipality with the partner organisation that monitors it in one year.
-- Grain: municipality (every chosen municipality). Parameters: $year, $municipalities.
-- Definitions:
--   partner_sq, partner_en   the partner of the membership that covers $year; for a year
--                            outside every membership, the partner of the latest one
--   member                   true when a membership covers $year
--   first_year, last_year    the first and last year of all memberships
with ranked as (
    select
        municipality_code, partner_sq, partner_en, start_year, end_year,
        $year between start_year and end_year as covers,
        row_number() over (partition by municipality_code
                           order by ($year between start_year and end_year) desc, end_year desc) as rank
    from memberships
),
spans as (
    select municipality_code, min(start_year) as first_year, max(end_year) as last_year
    from memberships
    group by all
)
select
    m.municipality_code, m.name_sq, m.name_sq_definite, m.name_en, m.county_code, m.population,
    r.partner_sq, r.partner_en, coalesce(r.covers, false) as member,
    s.first_year, s.last_year
from municipalities as m
left join ranked as r on r.municipality_code = m.municipality_code and r.rank = 1
left join spans as s on s.municipality_code = m.municipality_code
where list_contains($municipalities, m.municipality_code)
order by m.municipality_code
