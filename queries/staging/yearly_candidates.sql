-- Staging view yearly_candidates: the candidates engaged in each municipality and calendar
-- year, each once however many engagements they had. Candidates are not additive across
-- municipalities, so the view keeps the candidate: count(*) gives a municipality's figure,
-- count(distinct candidate_code) the network's (key_figures_by_year, _by_municipality).
-- Registered on each connection by popdash.data.db (queries/README.md).
-- Grain: year x municipality_code x candidate_code.
-- Columns: year = calendar year of engagement_date; municipality_code; candidate_code.
create or replace view yearly_candidates as
select distinct year(engagement_date) as year, municipality_code, candidate_code
from candidates;
