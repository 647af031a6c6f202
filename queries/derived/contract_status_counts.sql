-- Derived table `contract_status_counts`: where each social contract stood at the end of each
-- year, as counts of its priorities per pillar by their latest status, from priority_status,
-- priorities and social_contracts. The queries of the contracts' standing (the Results page's
-- results_priorities_addressed_by_year, and through the macro contract_standing
-- priorities_addressed_by_municipality and priorities_addressed_by_pillar) add up these few
-- rows instead of going through priority_status (every assessed priority at the end of every
-- year: 973,000 rows at 1,000 times the sample, against about 2,000 here).
-- Grain: year x contract x pillar, for every year with at least one assessment, every contract
-- with at least one priority assessed by the end of it (whenever signed: the queries choose
-- the contract), and every pillar with a priority in the contract (assessed or not).
-- Parameters: none.
-- Written with each data version (popdash.data.derived), sorted by year, municipality,
-- contract and pillar.
-- Columns:
--   municipality_code, contract_id, signed_date, pillar   the contract and the pillar
--   priorities      priorities of the pillar written into the contract
--   priorities_assessed   of those, priorities with an assessment by the end of the year
--   priorities_fully, priorities_partly, priorities_not_addressed   of those, by the status
--                   of their latest assessment by then (full, partial, none)
--   last_assessed   date of the latest of those assessments (null if none)
--   current_at_year_end   the contract is its municipality's current cycle's contract at the
--                   end of the year: the most recently signed one (signed by 31 December;
--                   ties by contract_id) with at least one assessment dated by then. Chosen
--                   per municipality, so a sum over any set of municipalities is exact.
with
assessed_contracts as (
    select distinct year, contract_id from priority_status
),
counted as (
    select
        ac.year,
        c.municipality_code,
        c.contract_id,
        c.signed_date,
        p.pillar,
        count(*) as priorities,
        count(s.status) as priorities_assessed,
        count(*) filter (where s.status = 'full') as priorities_fully,
        count(*) filter (where s.status = 'partial') as priorities_partly,
        count(*) filter (where s.status = 'none') as priorities_not_addressed,
        max(s.assessed_date) as last_assessed
    from assessed_contracts as ac
    join social_contracts as c using (contract_id)
    join priorities as p using (contract_id)
    left join priority_status as s on s.year = ac.year and s.priority_id = p.priority_id
    group by ac.year, c.municipality_code, c.contract_id, c.signed_date, p.pillar
),
current_contract as (
    select year, municipality_code, arg_max(contract_id, (signed_date, contract_id)) as contract_id
    from counted
    where year(signed_date) <= year
    group by year, municipality_code
)
select
    n.year,
    n.municipality_code,
    n.contract_id,
    n.signed_date,
    n.pillar,
    n.priorities,
    n.priorities_assessed,
    n.priorities_fully,
    n.priorities_partly,
    n.priorities_not_addressed,
    n.last_assessed,
    cc.contract_id is not null as current_at_year_end
from counted as n
left join current_contract as cc using (year, municipality_code, contract_id)
order by n.year, n.municipality_code, n.contract_id, n.pillar
