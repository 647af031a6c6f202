-- Days each answered recommendation waited for the municipality's response, for the reports
-- published in one year (the distribution behind response_time_by_municipality).
-- Grain: recommendation (answered ones only). Parameters: $year, $municipalities.
-- days = response_date - report published_date, in calendar days; recommendations without an
-- answer (no_answer) are left out here and counted in response_time_by_municipality.
-- recommendation_reports: each recommendation with its report's municipality, year and days
-- (queries/staging/recommendation_reports.sql)
select
    municipality_code,
    recommendation_id,
    response,
    days
from recommendation_reports
where year = $year
  and list_contains($municipalities, municipality_code)
  and response <> 'no_answer'
  and response_date is not null
order by municipality_code, days
