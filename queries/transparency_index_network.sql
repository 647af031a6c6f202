-- The network's council transparency index per calendar year: the plain average of the
-- index of the municipalities whose score is sufficient, and how many it rests on.
-- Grain: year. Parameters: the [settings] of data/rubric.toml (pass
-- **popdash.views.transparency.rubric_params()): $min_meetings, $score_full, $score_half,
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
with municipal as (
    -- the index of each municipality and year: queries/macros/municipal_transparency.sql
    select *, meetings_scored >= $min_meetings as sufficient
    from municipal_transparency($score_full, $score_half, $score_zero)
    where scored
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
