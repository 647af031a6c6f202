-- Table macro municipal_transparency(score_full, score_half, score_zero): the council
-- transparency index of every municipality and year that has meetings or observations, with
-- its sub-scores and the meetings it rests on. Defined once here so that
-- transparency_index_by_municipality and transparency_index_network compute the index the same
-- way; every definition is in the header of transparency_index_by_municipality.sql.
-- Registered on each connection by popdash.data.db, after the tables and the `rubric` table.
-- Grain: year x municipality_code (with meetings, or with at least one observation).
-- Columns: meetings, meetings_scored, scored (true when any indicator was observed),
-- index_score, legal_minimum_score, the five dimension scores, coverage.
create or replace macro municipal_transparency(score_full, score_half, score_zero) as table
with
scale as (
    select *
    from (values ('full', score_full::double), ('half', score_half::double), ('zero', score_zero::double))
        as s(score, value)
),
meeting_scores as (
    -- observation_counts: observations per year, municipality, indicator and score
    -- (queries/derived/observation_counts.sql). The inner join on scale drops not_observed
    -- rows: they never reach an average.
    select c.year, c.municipality_code, c.indicator_code, s.value, c.observations
    from observation_counts as c
    join scale as s using (score)
    join rubric as r on r.code = c.indicator_code and r.level = 'meeting'
),
period_scores as (
    select p.year, p.municipality_code, p.indicator_code, s.value, 1 as observations
    from period_observations as p
    join scale as s using (score)
    join rubric as r on r.code = p.indicator_code and r.level = 'period'
),
meeting_counts as (
    -- meeting_tallies: meetings by the indicators scored at them (derived/meeting_tallies.sql)
    select year, municipality_code,
           sum(meetings)::bigint as meetings,
           coalesce(sum(meetings) filter (
               where list_has_any(scored_indicators, (select list(code) from rubric where level = 'meeting'))
           ), 0)::bigint as meetings_scored
    from meeting_tallies
    group by all
),
indicator_scores as (
    -- the mean over observations, each count weighing its score
    select year, municipality_code, indicator_code,
           sum(value * observations) / sum(observations) as indicator_score
    from (
        select year, municipality_code, indicator_code, value, observations from meeting_scores
        union all
        select year, municipality_code, indicator_code, value, observations from period_scores
    )
    group by all
),
weighted as (
    select i.year, i.municipality_code, i.indicator_score, r.weight,
           r.legal_minimum, r.dimension
    from indicator_scores as i
    join rubric as r on r.code = i.indicator_code
),
scores as (
    select
        year, municipality_code,
        100 * sum(weight * indicator_score) / sum(weight) as index_score,
        100 * sum(weight * indicator_score) filter (where legal_minimum)
            / sum(weight) filter (where legal_minimum) as legal_minimum_score,
        100 * sum(weight * indicator_score) filter (where dimension = 'notice')
            / sum(weight) filter (where dimension = 'notice') as notice,
        100 * sum(weight * indicator_score) filter (where dimension = 'openness')
            / sum(weight) filter (where dimension = 'openness') as openness,
        100 * sum(weight * indicator_score) filter (where dimension = 'participation')
            / sum(weight) filter (where dimension = 'participation') as participation,
        100 * sum(weight * indicator_score) filter (where dimension = 'publication')
            / sum(weight) filter (where dimension = 'publication') as publication,
        100 * sum(weight * indicator_score) filter (where dimension = 'responsiveness')
            / sum(weight) filter (where dimension = 'responsiveness') as responsiveness,
        sum(weight) / (select sum(weight) from rubric) as coverage
    from weighted
    group by all
)
select
    year,
    municipality_code,
    coalesce(c.meetings, 0) as meetings,
    coalesce(c.meetings_scored, 0) as meetings_scored,
    s.year is not null as scored,
    s.index_score,
    s.legal_minimum_score,
    s.notice,
    s.openness,
    s.participation,
    s.publication,
    s.responsiveness,
    coalesce(s.coverage, 0.0) as coverage
from meeting_counts as c
full outer join scores as s using (year, municipality_code);
