-- Candidates the network engaged in one year, by election and kind of engagement.
-- Grain: election x engagement. Parameters: $year, $municipalities.
-- Definitions:
--   candidates        distinct candidate codes with an engagement of that kind dated in the year
--                     in the chosen municipalities
--   candidates_total  distinct candidate codes engaged in the year in any way (same on every
--                     row; a candidate who spoke at a forum and signed a contract counts once,
--                     so the rows add up to more than this)
with engaged as (
    select candidate_code, election, engagement
    from candidates
    where year(engagement_date) = $year
      and list_contains($municipalities, municipality_code)
)
select
    election, engagement,
    count(distinct candidate_code) as candidates,
    (select count(distinct candidate_code) from engaged) as candidates_total
from engaged
group by all
order by election, engagement
