-- The council transparency index (0-100) of each municipality and calendar year, with the
-- legal-minimum sub-score, the five dimension scores and the meetings they rest on.
-- Grain: year x municipality, for every year: each municipality that is a member in a year
-- with data (meetings or events), plus any municipality-year that has observations.
-- Parameters: $municipalities (list of municipality codes), and the [settings] of
-- data/rubric.toml (pass **popdash.views.transparency.rubric_params()): $min_meetings,
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
-- The index itself is computed by the table macro municipal_transparency
-- (queries/macros/municipal_transparency.sql), shared with transparency_index_network.
with
units as (
    -- queries/macros/monitored_units.sql
    select year, municipality_code from monitored_units()
),
chosen_units as (
    select year, municipality_code
    from units
    where list_contains($municipalities, municipality_code)
)
select
    u.year,
    u.municipality_code,
    coalesce(t.meetings, 0) as meetings,
    coalesce(t.meetings_scored, 0) as meetings_scored,
    t.index_score,
    t.legal_minimum_score,
    t.notice,
    t.openness,
    t.participation,
    t.publication,
    t.responsiveness,
    coalesce(t.coverage, 0.0) as coverage,
    coalesce(t.meetings_scored, 0) >= $min_meetings as sufficient
from chosen_units as u
left join municipal_transparency($score_full, $score_half, $score_zero) as t using (year, municipality_code)
order by u.year, u.municipality_code
