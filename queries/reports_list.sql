-- The monitoring reports published in one year, with links and what became of their
-- recommendations.
-- Grain: report. Parameters: $year, $municipalities.
-- Definitions: recommendations made in the report, and of them accepted, partly, rejected,
-- no_answer (the municipality's response); uptake = (accepted + partly) / recommendations.
-- report_responses: each report's recommendations counted by response
-- (queries/staging/report_responses.sql)
select
    r.report_id, r.municipality_code, r.published_date, r.title, r.url,
    coalesce(recs.recommendations, 0) as recommendations,
    coalesce(recs.accepted, 0) as accepted,
    coalesce(recs.partly, 0) as partly,
    coalesce(recs.rejected, 0) as rejected,
    coalesce(recs.no_answer, 0) as no_answer,
    (coalesce(recs.accepted, 0) + coalesce(recs.partly, 0)) / nullif(recs.recommendations, 0) as uptake
from reports as r
left join report_responses as recs using (report_id)
where year(r.published_date) = $year
  and list_contains($municipalities, r.municipality_code)
order by r.published_date desc, r.municipality_code
