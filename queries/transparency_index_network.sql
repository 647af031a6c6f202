-- The network's council transparency index per calendar year: the plain average of the
-- index of the municipalities whose score is sufficient, and how many it rests on.
-- Grain: year. Parameters: the [settings] of data/rubric.toml (pass
-- **popdash.transparency.rubric_params()): $min_meetings, $score_full, $score_half,
-- $score_zero; the indicators come from the `rubric` table.
-- Not filtered by municipality: it is the benchmark a municipality is compared with.
-- Definitions: the index of each municipality and year is computed exactly as in
-- transparency_index_by_municipality.sql (read its header: not_observed is left out of every
-- average, unobserved indicators are left out and the weights rescaled; a test checks the
-- two queries agree).
--   index_score            mean of the sufficient municipalities' index (each counts once,
--                          whatever its size or number of meetings)
--   legal_minimum_score    mean of their legal-minimum sub-scores
--   notice, openness, participation, publication, responsiveness
--                          mean of their dimension scores (each over the municipalities
--                          where the dimension was observed)
--   municipalities         sufficient municipalities the averages rest on
--   municipalities_scored  municipalities with any observation in the year (sufficient or not)
--   meetings               meetings monitored in the year, all municipalities
with
scale as (
    select *
    from (values ('full', $score_full::double), ('half', $score_half::double), ('zero', $score_zero::double))
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
scores as (
    select
        i.year, i.municipality_code,
        100 * sum(r.weight * i.indicator_score) / sum(r.weight) as index_score,
        100 * sum(r.weight * i.indicator_score) filter (where r.legal_minimum)
            / sum(r.weight) filter (where r.legal_minimum) as legal_minimum_score,
        100 * sum(r.weight * i.indicator_score) filter (where r.dimension = 'notice')
            / sum(r.weight) filter (where r.dimension = 'notice') as notice,
        100 * sum(r.weight * i.indicator_score) filter (where r.dimension = 'openness')
            / sum(r.weight) filter (where r.dimension = 'openness') as openness,
        100 * sum(r.weight * i.indicator_score) filter (where r.dimension = 'participation')
            / sum(r.weight) filter (where r.dimension = 'participation') as participation,
        100 * sum(r.weight * i.indicator_score) filter (where r.dimension = 'publication')
            / sum(r.weight) filter (where r.dimension = 'publication') as publication,
        100 * sum(r.weight * i.indicator_score) filter (where r.dimension = 'responsiveness')
            / sum(r.weight) filter (where r.dimension = 'responsiveness') as responsiveness
    from indicator_scores as i
    join rubric as r on r.code = i.indicator_code
    group by all
),
municipal as (
    select s.*,
           coalesce(c.meetings, 0) as meetings,
           coalesce(c.meetings_scored, 0) >= $min_meetings as sufficient
    from scores as s
    left join meeting_counts as c using (year, municipality_code)
)
select
    year,
    avg(index_score) filter (where sufficient) as index_score,
    avg(legal_minimum_score) filter (where sufficient) as legal_minimum_score,
    avg(notice) filter (where sufficient) as notice,
    avg(openness) filter (where sufficient) as openness,
    avg(participation) filter (where sufficient) as participation,
    avg(publication) filter (where sufficient) as publication,
    avg(responsiveness) filter (where sufficient) as responsiveness,
    count(*) filter (where sufficient) as municipalities,
    count(*) as municipalities_scored,
    sum(meetings)::bigint as meetings
from municipal
group by year
order by year
