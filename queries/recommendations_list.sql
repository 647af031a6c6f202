-- The recommendations of the reports published in one year, with the municipality's response.
-- Grain: recommendation. Parameters: $year, $municipalities, $report (a report id, or '' for
-- all the year's reports).
-- days = response_date - report published_date, in calendar days (empty without an answer).
select
    rec.recommendation_id, rec.report_id, r.municipality_code, rec.text_sq, rec.response,
    rec.response_date,
    date_diff('day', r.published_date, rec.response_date) as days
from recommendations as rec
join reports as r using (report_id)
where year(r.published_date) = $year
  and list_contains($municipalities, r.municipality_code)
  and ($report = '' or rec.report_id = $report)
order by r.municipality_code, rec.recommendation_id
