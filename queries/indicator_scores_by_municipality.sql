-- How each indicator of the transparency rubric scored, per municipality and calendar year:
-- the counts behind the index, so a page can say which duties were met and which were not.
-- Grain: year x municipality x indicator (every indicator of the rubric for every
-- municipality-year of transparency_index_by_municipality, observed or not).
-- Parameters: $municipalities (list of codes), and the [settings] of data/rubric.toml (pass
-- **popdash.views.transparency.rubric_params()): $score_full, $score_half, $score_zero; the
-- indicators come from the `rubric` table.
-- Definitions:
--   opportunities   meeting-level indicators: meetings monitored in the year; period-level
--                   indicators: 1 (one observation per municipality and year)
--   n_full, n_half, n_zero   observations with that score
--   observed        n_full + n_half + n_zero: the meetings (or the period) the score rests on
--   n_not_observed  opportunities - observed: rows scored not_observed AND meetings with no
--                   row for the indicator. Not observed is not zero: it is left out of
--                   mean_score, and an indicator with observed = 0 is left out of the index.
--   mean_score      100 x (n_full x $score_full + n_half x $score_half + n_zero x $score_zero)
--                   / observed; null when observed = 0
--   share_full, share_half, share_zero, share_not_observed
--                   each count / opportunities (they add up to 1)
with
units as (
    -- queries/macros/monitored_units.sql
    select year, municipality_code from monitored_units()
),
meeting_counts as (
    -- yearly_meetings: meetings per municipality and year (queries/derived/yearly_meetings.sql)
    select year, municipality_code, meetings
    from yearly_meetings
),
observations as (
    -- observation_counts: observations per year, municipality, indicator and score
    -- (queries/derived/observation_counts.sql)
    select c.year, c.municipality_code, c.indicator_code, c.score, c.observations
    from observation_counts as c
    join rubric as r on r.code = c.indicator_code and r.level = 'meeting'
    union all
    select p.year, p.municipality_code, p.indicator_code, p.score, 1
    from period_observations as p
    join rubric as r on r.code = p.indicator_code and r.level = 'period'
),
counted as (
    select year, municipality_code, indicator_code,
           coalesce(sum(observations) filter (where score = 'full'), 0)::bigint as n_full,
           coalesce(sum(observations) filter (where score = 'half'), 0)::bigint as n_half,
           coalesce(sum(observations) filter (where score = 'zero'), 0)::bigint as n_zero
    from observations
    group by all
),
grid as (
    select u.year, u.municipality_code, r.code as indicator_code, r.level, r.weight::double as weight,
           r.legal_minimum, r.dimension,
           case when r.level = 'meeting' then coalesce(c.meetings, 0) else 1 end as opportunities
    from units as u
    cross join rubric as r
    left join meeting_counts as c using (year, municipality_code)
    where list_contains($municipalities, u.municipality_code)
),
joined as (
    select g.*,
           coalesce(c.n_full, 0) as n_full, coalesce(c.n_half, 0) as n_half, coalesce(c.n_zero, 0) as n_zero,
           coalesce(c.n_full, 0) + coalesce(c.n_half, 0) + coalesce(c.n_zero, 0) as observed
    from grid as g
    left join counted as c using (year, municipality_code, indicator_code)
)
select
    year, municipality_code, indicator_code, level, weight, legal_minimum, dimension,
    opportunities, observed, n_full, n_half, n_zero,
    greatest(opportunities - observed, 0) as n_not_observed,
    100 * (n_full * $score_full::double + n_half * $score_half::double + n_zero * $score_zero::double)
        / nullif(observed, 0) as mean_score,
    n_full / nullif(opportunities, 0) as share_full,
    n_half / nullif(opportunities, 0) as share_half,
    n_zero / nullif(opportunities, 0) as share_zero,
    greatest(opportunities - observed, 0) / nullif(opportunities, 0) as share_not_observed
from joined
order by year, municipality_code, indicator_code
