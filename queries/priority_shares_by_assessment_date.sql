-- The status of a social-contract cycle's priorities as it stood on each assessment date.
-- Grain: assessment date (every date on which a priority of the cycle was assessed, up to
-- 31 December of $year).
-- Parameters: $year, $municipalities (list of codes), $cycle_end (last year of the cycle).
-- Definitions:
--   status as of a date   the status of the priority's latest assessment on or before that
--                         date; a priority not yet assessed by then counts as not addressed
--   priorities      priorities of contracts signed on or before the date (the denominator)
--   full, partial, none   priorities by status as of the date (none includes never_assessed)
--   never_assessed  priorities with no assessment on or before the date
--   municipalities  municipalities whose priorities are counted on the date
with contracts as (
    select contract_id, municipality_code, signed_date
    from social_contracts
    where cast(split_part(cycle, '-', 2) as integer) = $cycle_end
      and list_contains($municipalities, municipality_code)
),
cycle_priorities as (
    select p.priority_id, c.municipality_code, c.signed_date
    from priorities as p
    join contracts as c using (contract_id)
),
dates as (
    select distinct a.assessed_date
    from assessments as a
    join cycle_priorities using (priority_id)
    where a.assessed_date <= make_date($year, 12, 31)
),
status_on_date as (
    select
        d.assessed_date,
        cp.priority_id,
        any_value(cp.municipality_code) as municipality_code,
        arg_max(a.status, a.assessed_date) as status
    from dates as d
    join cycle_priorities as cp on cp.signed_date <= d.assessed_date
    left join assessments as a
        on a.priority_id = cp.priority_id and a.assessed_date <= d.assessed_date
    group by d.assessed_date, cp.priority_id
)
select
    assessed_date,
    count(*) as priorities,
    count(*) filter (where status = 'full') as full,
    count(*) filter (where status = 'partial') as partial,
    count(*) filter (where status = 'none' or status is null) as none,
    count(*) filter (where status is null) as never_assessed,
    count(distinct municipality_code) as municipalities
from status_on_date
group by assessed_date
order by assessed_date
