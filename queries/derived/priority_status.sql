-- Derived table `priority_status`: where each social-contract priority stood at the end of each
-- year: the status of its latest assessment up to that year, from assessments, priorities and
-- social_contracts. The contracts pages and the Results page read it instead of going through
-- every assessment of every earlier year on each query.
-- Grain: year x priority, for every year with at least one assessment and every priority
-- assessed by the end of it. A year without assessments has no rows: the standing at its end is
-- that of the latest year before it that has rows. Parameters: none.
-- Written with each data version (popdash.data.derived), sorted by year and municipality.
-- Columns: the priority's contract, municipality, pillar and contract signing date; status and
-- assessed_date of its latest assessment up to the end of the year.
with
assessed as (
    select p.contract_id, p.priority_id, p.pillar, a.status, a.assessed_date
    from assessments as a
    join priorities as p using (priority_id)
),
years as (
    select distinct year(assessed_date) as year from assessments
)
select
    y.year,
    c.municipality_code,
    c.contract_id,
    c.signed_date,
    a.priority_id,
    a.pillar,
    arg_max(a.status, a.assessed_date) as status,
    max(a.assessed_date) as assessed_date
from years as y
join assessed as a on year(a.assessed_date) <= y.year
join social_contracts as c using (contract_id)
group by y.year, c.municipality_code, c.contract_id, c.signed_date, a.priority_id, a.pillar
order by y.year, c.municipality_code, c.contract_id, a.priority_id
