-- Recommendations of the reports published in one year, by the municipality's response.
-- Grain: municipality x response (responses with no recommendation are left out).
-- Parameters: $year, $municipalities.
-- recommendations = recommendations made in reports published in the year, by response:
-- accepted, partly (accepted in part), rejected, no_answer (no response received).
-- recommendation_reports: each recommendation with its report's municipality and year
-- (queries/staging/recommendation_reports.sql)
select
    municipality_code,
    response,
    count(*) as recommendations
from recommendation_reports
where year = $year
  and list_contains($municipalities, municipality_code)
group by all
order by municipality_code, response
