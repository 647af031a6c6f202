-- Citizens' priorities of one social-contract cycle by pillar and latest status.
-- Grain: pillar (infrastructure, governance, economy, social; only pillars with priorities).
-- Parameters: $year, $municipalities (list of codes), $cycle_end (last year of the cycle).
-- Definitions: as in priority_status_by_municipality: the latest status is that of the
-- assessment with the greatest assessed_date on or before 31 December of $year, and a
-- priority never assessed by then counts as not addressed (none; also in never_assessed).
with cycle_priorities as (
    select p.priority_id, p.pillar
    from priorities as p
    join social_contracts as c using (contract_id)
    where cast(split_part(c.cycle, '-', 2) as integer) = $cycle_end
      and list_contains($municipalities, c.municipality_code)
),
latest as (
    select priority_id, arg_max(status, assessed_date) as status
    from assessments
    where assessed_date <= make_date($year, 12, 31)
    group by priority_id
)
select
    cp.pillar,
    count(*) as priorities,
    count(*) filter (where l.status = 'full') as full,
    count(*) filter (where l.status = 'partial') as partial,
    count(*) filter (where l.status = 'none' or l.status is null) as none,
    count(*) filter (where l.status is null) as never_assessed
from cycle_priorities as cp
left join latest as l using (priority_id)
group by cp.pillar
order by cp.pillar
