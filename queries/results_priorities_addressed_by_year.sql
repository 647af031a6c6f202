-- Share of social-contract priorities addressed (fully or partly) by the end of each year:
-- the Results page's indicator priorities_addressed_share for the network.
-- Grain: year (every year with an assessment, up to the latest). Parameters: $municipalities.
-- Definitions (the same as priorities_addressed_by_municipality, whose rows for one $year
-- add up to this query's row for that year; a test checks it):
--   contract        per municipality and year, the current cycle's contract: the most
--                   recently signed contract (signed by 31 December of the year) with at
--                   least one assessment dated by then. A new contract not yet assessed does
--                   not replace the previous cycle's final assessment.
--   status          each priority's latest assessment dated by 31 December of the year
--   priorities_assessed   priorities of those contracts with an assessment by then
--   priorities_fully, priorities_partly, priorities_not_addressed   by latest status
--   priorities_addressed_share   (fully + partly) / assessed: POP's "addressed"
--   priorities_weighted_score    (fully x 1 + partly x 0.5) / assessed
--   municipalities  municipalities with a contract counted
with
years as (
    select distinct year(assessed_date) as year from assessments
),
contracts as (
    select contract_id, municipality_code, signed_date
    from social_contracts
    where list_contains($municipalities, municipality_code)
),
assessed as (
    select p.contract_id, a.priority_id, a.status, a.assessed_date
    from assessments as a
    join priorities as p using (priority_id)
),
current_contract as (
    select y.year, c.municipality_code, arg_max(c.contract_id, c.signed_date) as contract_id
    from years as y
    join contracts as c on year(c.signed_date) <= y.year
    where exists (
        select 1 from assessed as a
        where a.contract_id = c.contract_id and year(a.assessed_date) <= y.year
    )
    group by y.year, c.municipality_code
),
latest as (
    select cc.year, cc.municipality_code, a.priority_id, arg_max(a.status, a.assessed_date) as status
    from current_contract as cc
    join assessed as a on a.contract_id = cc.contract_id and year(a.assessed_date) <= cc.year
    group by cc.year, cc.municipality_code, a.priority_id
)
select
    year,
    count(*) as priorities_assessed,
    count(*) filter (where status = 'full') as priorities_fully,
    count(*) filter (where status = 'partial') as priorities_partly,
    count(*) filter (where status = 'none') as priorities_not_addressed,
    count(*) filter (where status in ('full', 'partial')) / count(*) as priorities_addressed_share,
    (count(*) filter (where status = 'full') + 0.5 * count(*) filter (where status = 'partial'))
        / count(*) as priorities_weighted_score,
    count(distinct municipality_code) as municipalities
from latest
group by year
order by year
