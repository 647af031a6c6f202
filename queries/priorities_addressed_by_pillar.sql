-- How far one or more municipalities' social contracts have been addressed, per pillar, by the
-- end of one year (the scorecard's "progress by pillar").
-- Grain: municipality x pillar (pillars with at least one priority in the contract).
-- Parameters: $year, $municipalities (list of municipality codes).
-- Definitions: the same as priorities_addressed_by_municipality.sql (the current cycle's
-- contract is the most recently signed one assessed by 31 December of $year; each priority's
-- latest assessment by then), split by the priority's pillar:
--   priorities, assessed, fully, partly, not_addressed   counts of priorities
--   share_addressed   (fully + partly) / assessed
with
statuses as (
    -- the current contract's assessed priorities: queries/macros/contract_standing.sql
    select * from contract_standing($year, $municipalities)
),
current_contract as (
    select distinct municipality_code, contract_id from statuses
)
select
    cc.municipality_code,
    cc.contract_id,
    p.pillar,
    count(*) as priorities,
    count(l.status) as assessed,
    count(*) filter (where l.status = 'full') as fully,
    count(*) filter (where l.status = 'partial') as partly,
    count(*) filter (where l.status = 'none') as not_addressed,
    count(*) filter (where l.status in ('full', 'partial')) / nullif(count(l.status), 0) as share_addressed
from current_contract as cc
join priorities as p using (contract_id)
left join statuses as l using (priority_id)
group by all
order by cc.municipality_code, p.pillar
