-- How often each transparency indicator was met, per municipality, in one year.
-- Grain: municipality x indicator (every chosen municipality x every indicator code found in
-- the observation tables of any year; an indicator not observed there in the year has
-- observed = 0 and null shares). Weights and legal minimums come from data/rubric.toml.
-- Parameters: $year, $municipalities (list of municipality codes).
-- Definitions (data/rubric.toml):
--   meeting-level indicators (I01-I08): one observation per monitored meeting of the year;
--   period-level indicators (I09-I12): one observation per municipality and year.
--   observed      observations scored full, half or zero (not_observed is left out: the
--                 monitor could not tell, which is not the same as a failure)
--   full, half, zero, not_observed   observations with that score
--   share_full    full / observed: the share of meetings (or periods) that met the duty
--   share_half    half / observed: met in part, shown apart from full
--   mean_score    (full x 1 + half x 0.5) / observed, the rubric's score of the indicator
with chosen as (
    select municipality_code
    from municipalities
    where list_contains($municipalities, municipality_code)
),
indicators as (
    select distinct indicator_code, 'meeting' as level from meeting_observations
    union
    select distinct indicator_code, 'period' as level from period_observations
),
meeting_scores as (
    select m.municipality_code, o.indicator_code, o.score
    from meeting_observations as o
    join meetings as m using (meeting_id)
    where year(m.meeting_date) = $year
      and list_contains($municipalities, m.municipality_code)
),
period_scores as (
    select municipality_code, indicator_code, score
    from period_observations
    where year = $year
      and list_contains($municipalities, municipality_code)
),
all_scores as (
    select * from meeting_scores
    union all
    select * from period_scores
),
counted as (
    select
        municipality_code,
        indicator_code,
        count(*) filter (where score = 'full') as full,
        count(*) filter (where score = 'half') as half,
        count(*) filter (where score = 'zero') as zero,
        count(*) filter (where score = 'not_observed') as not_observed
    from all_scores
    group by all
)
select
    chosen.municipality_code,
    indicators.indicator_code,
    indicators.level,
    coalesce(c.full, 0) + coalesce(c.half, 0) + coalesce(c.zero, 0) as observed,
    coalesce(c.full, 0) as full,
    coalesce(c.half, 0) as half,
    coalesce(c.zero, 0) as zero,
    coalesce(c.not_observed, 0) as not_observed,
    c.full / nullif(c.full + c.half + c.zero, 0) as share_full,
    c.half / nullif(c.full + c.half + c.zero, 0) as share_half,
    (c.full + 0.5 * c.half) / nullif(c.full + c.half + c.zero, 0) as mean_score
from chosen
cross join indicators
left join counted as c
    on c.municipality_code = chosen.municipality_code and c.indicator_code = indicators.indicator_code
order by chosen.municipality_code, indicators.indicator_code
