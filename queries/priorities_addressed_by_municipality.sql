-- How far each municipality's social contract has been addressed, by the end of one year:
-- the latest assessment of each priority of the contract then in force.
-- Grain: municipality (every chosen municipality; null measures where no contract has been
-- assessed by then). Parameters: $year, $municipalities (list of municipality codes).
-- Definitions:
--   contract        the current cycle's contract: the municipality's most recently signed
--                   contract (signed by 31 December of $year) with at least one assessment
--                   dated by then. A new contract that has not been assessed yet does not
--                   replace the previous cycle's final assessment.
--   status          each priority's latest assessment dated by 31 December of $year
--   priorities      priorities written into the contract
--   assessed        of those, priorities with an assessment by then
--   fully, partly, not_addressed   priorities whose latest status is full, partial, none
--   share_addressed (fully + partly) / assessed: POP's "addressed" (fully or partly)
--   share_fully, share_partly, share_not_addressed   each / assessed
--   weighted_score  (fully x 1 + partly x 0.5) / assessed
--   last_assessed   date of the latest assessment counted
with
contracts as (
    select contract_id, municipality_code, cycle, signatory_role, signed_date, signed_when
    from social_contracts
    where list_contains($municipalities, municipality_code)
      and year(signed_date) <= $year
),
assessed as (
    select p.contract_id, a.priority_id, a.status, a.assessed_date
    from assessments as a
    join priorities as p using (priority_id)
    where year(a.assessed_date) <= $year
),
current_contract as (
    select municipality_code, arg_max(contract_id, signed_date) as contract_id
    from contracts
    where contract_id in (select contract_id from assessed)
    group by municipality_code
),
latest as (
    select priority_id, arg_max(status, assessed_date) as status, max(assessed_date) as assessed_date
    from assessed
    group by priority_id
),
counted as (
    select p.contract_id,
           count(*) as priorities,
           count(l.status) as assessed,
           count(*) filter (where l.status = 'full') as fully,
           count(*) filter (where l.status = 'partial') as partly,
           count(*) filter (where l.status = 'none') as not_addressed,
           max(l.assessed_date) as last_assessed
    from priorities as p
    left join latest as l using (priority_id)
    group by p.contract_id
)
select
    m.municipality_code,
    cc.contract_id,
    c.cycle,
    c.signatory_role,
    c.signed_date,
    c.signed_when,
    coalesce(n.priorities, 0) as priorities,
    coalesce(n.assessed, 0) as assessed,
    coalesce(n.fully, 0) as fully,
    coalesce(n.partly, 0) as partly,
    coalesce(n.not_addressed, 0) as not_addressed,
    (n.fully + n.partly) / nullif(n.assessed, 0) as share_addressed,
    n.fully / nullif(n.assessed, 0) as share_fully,
    n.partly / nullif(n.assessed, 0) as share_partly,
    n.not_addressed / nullif(n.assessed, 0) as share_not_addressed,
    (n.fully + 0.5 * n.partly) / nullif(n.assessed, 0) as weighted_score,
    n.last_assessed
from municipalities as m
left join current_contract as cc using (municipality_code)
left join contracts as c using (contract_id)
left join counted as n using (contract_id)
where list_contains($municipalities, m.municipality_code)
order by m.municipality_code
