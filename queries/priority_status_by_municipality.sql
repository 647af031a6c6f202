-- Citizens' priorities of one social-contract cycle by their latest status, per municipality.
-- Grain: municipality (those of the chosen ones with a contract in the cycle).
-- Parameters: $year, $municipalities (list of codes), $cycle_end (last year of the cycle,
-- see contract_cycles_by_end_year).
-- Definitions:
--   latest status   the status of the assessment with the greatest assessed_date on or
--                   before 31 December of $year
--   priorities      priorities written into the municipality's contract of the cycle
--   full, partial   priorities whose latest status is fully / partly addressed
--   none            priorities whose latest status is not addressed, PLUS priorities never
--                   assessed by the end of the year: a promise nobody has seen kept counts
--                   as not addressed
--   never_assessed  of which never assessed (already counted in none)
--   signed_date, signed_when, signatory_role   the contract's signing, as recorded
with contracts as (
    select contract_id, municipality_code, signed_date, signed_when, signatory_role
    from social_contracts
    where cast(split_part(cycle, '-', 2) as integer) = $cycle_end
      and list_contains($municipalities, municipality_code)
),
cycle_priorities as (
    select p.priority_id, c.municipality_code
    from priorities as p
    join contracts as c using (contract_id)
),
latest as (
    -- priority_status: each assessed priority's latest status at the end of each year with an
    -- assessment (queries/derived/priority_status.sql); here the latest such year up to $year
    select priority_id, status
    from priority_status
    where year = (select max(year) from priority_status where year <= $year)
),
statuses as (
    select cp.municipality_code, cp.priority_id, coalesce(l.status, 'none') as status,
           l.status is null as never_assessed
    from cycle_priorities as cp
    left join latest as l using (priority_id)
),
counted as (
    select
        municipality_code,
        count(*) as priorities,
        count(*) filter (where status = 'full') as full,
        count(*) filter (where status = 'partial') as partial,
        count(*) filter (where status = 'none') as none,
        count(*) filter (where never_assessed) as never_assessed
    from statuses
    group by municipality_code
)
select
    c.municipality_code,
    counted.priorities,
    counted.full,
    counted.partial,
    counted.none,
    counted.never_assessed,
    c.signed_date,
    c.signed_when,
    c.signatory_role
from contracts as c
join counted using (municipality_code)
order by c.municipality_code
