-- The social-contract cycles of the chosen municipalities, grouped by the year they end.
-- Grain: cycle end year. Parameters: $municipalities (list of municipality codes).
-- Contracts of one local-election term end together even when they started later
-- (2019-2023 and, for Elbasan, Vau i Dejës and Korçë, 2021-2023): the network reports them
-- as one cycle, so they are one row here, from the earliest start year to the end year.
-- Definitions:
--   cycle_end        last year of the cycle (the year of the next local election)
--   cycle_start      earliest first year of a contract of the cycle
--   contracts        social contracts of the cycle
--   priorities       citizens' priorities written into them
--   first_assessed   date of the first assessment of any of its priorities (null: none yet)
with contracts as (
    select
        contract_id,
        municipality_code,
        cast(split_part(cycle, '-', 1) as integer) as start_year,
        cast(split_part(cycle, '-', 2) as integer) as end_year
    from social_contracts
    where list_contains($municipalities, municipality_code)
),
first_assessments as (
    select priority_id, min(assessed_date) as first_assessed
    from assessments
    group by priority_id
),
priority_counts as (
    -- priority_id is the key of priorities: a plain count is the number of priorities
    select p.contract_id, count(*) as priorities, min(f.first_assessed) as first_assessed
    from priorities as p
    left join first_assessments as f using (priority_id)
    where p.contract_id in (select contract_id from contracts)
    group by p.contract_id
)
select
    c.end_year as cycle_end,
    min(c.start_year) as cycle_start,
    count(*) as contracts,
    count(distinct c.municipality_code) as municipalities,
    cast(coalesce(sum(pc.priorities), 0) as bigint) as priorities,
    min(pc.first_assessed) as first_assessed
from contracts as c
left join priority_counts as pc using (contract_id)
group by c.end_year
order by c.end_year
