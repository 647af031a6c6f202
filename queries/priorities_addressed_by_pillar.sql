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
contracts as (
    select contract_id, municipality_code, cycle, signed_date
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
    select priority_id, arg_max(status, assessed_date) as status
    from assessed
    group by priority_id
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
left join latest as l using (priority_id)
group by all
order by cc.municipality_code, p.pillar
