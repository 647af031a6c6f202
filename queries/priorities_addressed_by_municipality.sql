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
counted as (
    -- the current contract's priorities per pillar (queries/macros/contract_standing.sql),
    -- added up; sums cast back to bigint, the type of the counts
    select municipality_code, contract_id,
           cast(sum(priorities) as bigint) as priorities,
           cast(sum(priorities_assessed) as bigint) as assessed,
           cast(sum(priorities_fully) as bigint) as fully,
           cast(sum(priorities_partly) as bigint) as partly,
           cast(sum(priorities_not_addressed) as bigint) as not_addressed,
           max(last_assessed) as last_assessed
    from contract_standing($year, $municipalities)
    group by municipality_code, contract_id
),
contracts as (
    select contract_id, cycle, signatory_role, signed_date, signed_when
    from social_contracts
    where contract_id in (select contract_id from counted)
)
select
    m.municipality_code,
    n.contract_id,
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
left join counted as n using (municipality_code)
left join contracts as c using (contract_id)
where list_contains($municipalities, m.municipality_code)
order by m.municipality_code
