-- The recommendations of the reports published in one year, with the municipality's response.
-- Grain: recommendation. Parameters: $year, $municipalities, $report (a report id, or '' for
-- all the year's reports).
-- days = response_date - report published_date, in calendar days (empty without an answer).
-- recommendation_reports: each recommendation with its report's municipality, year and days
-- (queries/staging/recommendation_reports.sql)
select
    recommendation_id, report_id, municipality_code, text_sq, response,
    response_date,
    days
from recommendation_reports
where year = $year
  and list_contains($municipalities, municipality_code)
  and ($report = '' or report_id = $report)
order by municipality_code, recommendation_id
