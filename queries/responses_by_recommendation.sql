-- The monitoring reports published in one year and their recommendations, each with the
-- municipality's answer.
-- Grain: recommendation (a report without recommendations gives one row with null
-- recommendation columns). Parameters: $year, $municipalities (list of municipality codes).
-- Definitions:
--   response        accepted, partly, rejected or no_answer (recommendations.response)
--   days_to_answer  calendar days from the report's publication to the response (null
--                   without an answer)
select
    r.municipality_code, r.report_id, r.published_date, r.title, r.url,
    rec.recommendation_id, rec.text_sq, rec.response, rec.response_date,
    date_diff('day', r.published_date, rec.response_date) as days_to_answer
from reports as r
left join recommendations as rec using (report_id)
where year(r.published_date) = $year
  and list_contains($municipalities, r.municipality_code)
order by r.municipality_code, r.published_date, r.report_id, rec.recommendation_id
