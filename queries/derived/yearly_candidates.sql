-- Derived table `yearly_candidates`: the candidates engaged in each municipality and calendar
-- year, each once however many engagements they had. Candidates are not additive across
-- municipalities, so the table keeps the candidate: count(*) gives a municipality's figure,
-- count(distinct candidate_code) the network's (key_figures_by_year, _by_municipality).
-- Grain: year x municipality_code x candidate_code.
-- Columns: year = calendar year of engagement_date; municipality_code; candidate_code.
-- Written with each data version (popdash.data.derived): one row per candidate and year, so
-- the card counts them without grouping the engagements.
select distinct year(engagement_date) as year, municipality_code, candidate_code
from candidates
order by year, municipality_code, candidate_code
