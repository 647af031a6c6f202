-- Social-contract priorities addressed by the end of one year in the chosen municipalities,
-- straight on the raw parquet files (no derived tables). Same definitions as
-- queries/results_priorities_addressed_by_year.sql: per municipality the most recently signed
-- contract (signed by 31 December) with an assessment dated by then; each of its priorities
-- with its latest assessment by then.
-- Parameters: $year, $municipalities, $social_contracts_file, $priorities_file, $assessments_file.
with
assessed as (
    select p.contract_id, a.priority_id, a.status, a.assessed_date
    from read_parquet($assessments_file) as a
    join read_parquet($priorities_file) as p using (priority_id)
    where a.assessed_date < make_date($year + 1, 1, 1)
),
contracts as (
    select municipality_code, contract_id, signed_date
    from read_parquet($social_contracts_file)
    where signed_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
      and contract_id in (select contract_id from assessed)
),
current_contract as (
    select municipality_code, arg_max(contract_id, (signed_date, contract_id)) as contract_id
    from contracts
    group by municipality_code
),
latest as (
    select c.municipality_code, a.priority_id, arg_max(a.status, a.assessed_date) as status
    from assessed as a
    join current_contract as c using (contract_id)
    group by c.municipality_code, a.priority_id
)
select
    count(*) as priorities_assessed,
    count(*) filter (where status = 'full') as priorities_fully,
    count(*) filter (where status = 'partial') as priorities_partly,
    count(*) filter (where status = 'none') as priorities_not_addressed,
    count(*) filter (where status in ('full', 'partial')) / count(*) as priorities_addressed_share,
    (count(*) filter (where status = 'full') + 0.5 * count(*) filter (where status = 'partial'))
        / count(*) as priorities_weighted_score,
    count(distinct municipality_code) as municipalities
from latest
