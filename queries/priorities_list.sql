-- The priorities of one social-contract cycle with their latest status and its evidence.
-- Grain: priority. Parameters: $year, $municipalities (list of codes), $cycle_end (last year
-- of the cycle), $statuses (list of status codes to keep: full, partial, none).
-- Definitions:
--   status          the status of the assessment with the greatest assessed_date on or
--                   before 31 December of $year; a priority never assessed by then has
--                   status none (not addressed) and assessed = false
--   assessed_date, evidence, source   of that latest assessment (null when never assessed)
--   assessments     assessments of the priority on or before the end of the year
with cycle_priorities as (
    select p.priority_id, p.pillar, p.text_sq, c.municipality_code
    from priorities as p
    join social_contracts as c using (contract_id)
    where cast(split_part(c.cycle, '-', 2) as integer) = $cycle_end
      and list_contains($municipalities, c.municipality_code)
),
latest as (
    select
        priority_id,
        arg_max(status, assessed_date) as status,
        max(assessed_date) as assessed_date,
        arg_max(evidence, assessed_date) as evidence,
        arg_max(source, assessed_date) as source,
        count(*) as assessments
    from assessments
    where assessed_date <= make_date($year, 12, 31)
      and priority_id in (select priority_id from cycle_priorities)  -- the listed ones only
    group by priority_id
),
listed as (
    select
        cp.priority_id,
        cp.municipality_code,
        cp.pillar,
        cp.text_sq,
        coalesce(l.status, 'none') as status,
        l.status is not null as assessed,
        l.assessed_date,
        l.evidence,
        l.source,
        coalesce(l.assessments, 0) as assessments
    from cycle_priorities as cp
    left join latest as l using (priority_id)
)
select *
from listed
where list_contains($statuses, status)
order by municipality_code, priority_id
