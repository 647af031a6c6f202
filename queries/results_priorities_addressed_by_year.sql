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
chosen as (
    -- priority_status: each assessed priority's latest status at the end of each year with an
    -- assessment (queries/derived/priority_status.sql)
    select year, municipality_code, contract_id, signed_date, priority_id, status
    from priority_status
    where year(signed_date) <= year
      and list_contains($municipalities, municipality_code)
),
current_contract as (
    select year, municipality_code, arg_max(contract_id, (signed_date, contract_id)) as contract_id
    from (select distinct year, municipality_code, contract_id, signed_date from chosen)
    group by year, municipality_code
),
latest as (
    select s.year, s.municipality_code, s.priority_id, s.status
    from chosen as s
    join current_contract as cc using (year, municipality_code, contract_id)
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
