-- The council transparency index (0-100) of each municipality and calendar year, with the
-- legal-minimum sub-score, the five dimension scores and the meetings they rest on.
-- Grain: year x municipality, for every year: each municipality that is a member in a year
-- with data (meetings or events), plus any municipality-year that has observations.
-- Parameters: $municipalities (list of municipality codes), and the [settings] of
-- data/rubric.toml (pass **popdash.transparency.rubric_params()): $min_meetings,
-- $score_full, $score_half, $score_zero. Weights, levels, dimensions and legal minimums come
-- from the `rubric` table (data/rubric.toml's indicators).
-- Definitions (weights, levels, dimensions and legal minimums: data/rubric.toml):
--   score of one observation   full = $score_full, half = $score_half, zero = $score_zero.
--   not observed               a row scored not_observed, or no row at all (a meeting with no
--                              observation of an indicator). It is NOT a zero: the monitor
--                              could not tell, so it is left out of the averages entirely
--                              (neither numerator nor denominator). A zero is a failure and
--                              pulls the score down.
--   indicator score            meeting-level indicators (I01-I08): mean of the observed scores
--                              over the year's monitored meetings; period-level (I09-I12): the
--                              year's single observation.
--   index_score                100 x sum(weight x indicator score) / sum(weight), both sums
--                              over the indicators observed at least once in the year: an
--                              indicator never observed is left out and the remaining weights
--                              are rescaled to 100. Null when nothing was observed.
--   legal_minimum_score        the same over the indicators with legal_minimum = true.
--   notice, openness, participation, publication, responsiveness
--                              the same over each dimension's indicators (null when none of
--                              them was observed).
--   coverage                   observed weight / total weight of the rubric (0-1): 1 means
--                              every indicator was observed at least once.
--   meetings                   council meetings monitored in the year (meetings table).
--   meetings_scored            of those, meetings with at least one indicator scored full,
--                              half or zero: the meetings the score rests on.
--   sufficient                 meetings_scored >= $min_meetings. Rows below it keep their
--                              computed numbers, but pages must show "insufficient data"
--                              instead of the number.
with
scale as (
    select *
    from (values ('full', $score_full::double), ('half', $score_half::double), ('zero', $score_zero::double))
        as s(score, value)
),
data_years as (
    select distinct year(meeting_date) as year from meetings
    union
    select distinct year(event_date) from events
),
member_years as (
    select unnest(range(start_year, end_year + 1)) as year, municipality_code
    from memberships
),
units as (
    select year, municipality_code from member_years where year in (select year from data_years)
    union
    select year(meeting_date), municipality_code from meetings
    union
    select year, municipality_code from period_observations
),
chosen_units as (
    select year, municipality_code
    from units
    where list_contains($municipalities, municipality_code)
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
    u.year,
    u.municipality_code,
    coalesce(c.meetings, 0) as meetings,
    coalesce(c.meetings_scored, 0) as meetings_scored,
    s.index_score,
    s.legal_minimum_score,
    s.notice,
    s.openness,
    s.participation,
    s.publication,
    s.responsiveness,
    coalesce(s.coverage, 0.0) as coverage,
    coalesce(c.meetings_scored, 0) >= $min_meetings as sufficient
from chosen_units as u
left join meeting_counts as c using (year, municipality_code)
left join scores as s using (year, municipality_code)
order by u.year, u.municipality_code
