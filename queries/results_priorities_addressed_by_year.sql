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
-- Reads contract_status_counts (queries/derived/contract_status_counts.sql): per year,
-- contract and pillar, the priorities counted by status (about 2,000 rows at 1,000 times the
-- sample), written with each data version from priority_status, with each municipality's
-- current contract of the year marked. The contract is chosen per municipality, so the sums
-- over any $municipalities are the counts over their priorities.
with
totals as (
    -- sums cast back to bigint: the share and score come out as when the rows were counted
    select
        year,
        cast(sum(priorities_assessed) as bigint) as assessed,
        cast(sum(priorities_fully) as bigint) as fully,
        cast(sum(priorities_partly) as bigint) as partly,
        cast(sum(priorities_not_addressed) as bigint) as not_addressed,
        count(distinct municipality_code) as municipalities
    from contract_status_counts
    where current_at_year_end
      and list_contains($municipalities, municipality_code)
    group by year
)
select
    year,
    assessed as priorities_assessed,
    fully as priorities_fully,
    partly as priorities_partly,
    not_addressed as priorities_not_addressed,
    (fully + partly) / assessed as priorities_addressed_share,
    (fully + 0.5 * partly) / assessed as priorities_weighted_score,
    municipalities
from totals
order by year
