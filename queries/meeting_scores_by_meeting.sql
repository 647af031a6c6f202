-- The council meetings monitored in one year, each with its transparency score over the
-- meeting-level indicators of the rubric.
-- Grain: meeting. Parameters: $year, $municipalities (list of codes), and the [settings] of
-- data/rubric.toml (pass **popdash.views.transparency.rubric_params()): $score_full, $score_half,
-- $score_zero; the indicators' weights come from the `rubric` table.
-- Definitions:
--   n_full, n_half, n_zero, n_not_observed   meeting-level indicators with that score at the
--                 meeting (an indicator with no row counts as not observed)
--   meeting_score 100 x sum(weight x score) / sum(weight) over the meeting-level indicators
--                 observed at the meeting (not observed is left out, not counted as zero);
--                 null when none was observed. A meeting's score leaves out the period-level
--                 indicators, so it is not the municipality's index.
--   notice_days, decisions_published_days, evidence   as recorded in the meetings table
with
scale as (
    select *
    from (values ('full', $score_full::double), ('half', $score_half::double), ('zero', $score_zero::double))
        as s(score, value)
),
scoped as (
    select meeting_id, municipality_code, meeting_date, meeting_type, notice_days,
           decisions_published_days, evidence
    from meetings
    where year(meeting_date) = $year
      and list_contains($municipalities, municipality_code)
),
scored as (
    -- observations: meeting_observations with the meeting's year and municipality
    -- (queries/derived/observations.sql), so only the chosen year's rows are read
    select o.meeting_id, o.score, s.value, r.weight
    from observations as o
    join rubric as r on r.code = o.indicator_code and r.level = 'meeting'
    left join scale as s using (score)
    where o.year = $year
      and list_contains($municipalities, o.municipality_code)
),
per_meeting as (
    select meeting_id,
           count(*) filter (where score = 'full') as n_full,
           count(*) filter (where score = 'half') as n_half,
           count(*) filter (where score = 'zero') as n_zero,
           100 * sum(weight * value) / sum(weight) filter (where value is not null) as meeting_score
    from scored
    group by meeting_id
)
select
    m.meeting_id, m.municipality_code, m.meeting_date, m.meeting_type,
    m.notice_days, m.decisions_published_days,
    coalesce(p.n_full, 0) as n_full,
    coalesce(p.n_half, 0) as n_half,
    coalesce(p.n_zero, 0) as n_zero,
    (select count(*) from rubric where level = 'meeting')
        - coalesce(p.n_full, 0) - coalesce(p.n_half, 0) - coalesce(p.n_zero, 0) as n_not_observed,
    p.meeting_score,
    m.evidence
from scoped as m
left join per_meeting as p using (meeting_id)
order by m.meeting_date, m.meeting_id
