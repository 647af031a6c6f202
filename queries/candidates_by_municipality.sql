-- Candidates the network engaged in one year, per municipality and kind of engagement.
-- Grain: municipality x engagement. Parameters: $year, $municipalities.
-- candidates = distinct candidate codes with an engagement of that kind dated in the year in
-- the municipality (any election). A candidate engaged in two ways counts in both.
select
    municipality_code, engagement,
    count(distinct candidate_code) as candidates
from candidates
where year(engagement_date) = $year
  and list_contains($municipalities, municipality_code)
group by all
order by municipality_code, engagement
