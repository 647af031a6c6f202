-- Monitoring reports published per municipality and year, with the recommendations they made.
-- Grain: year x municipality (years with at least one report in the chosen municipalities;
-- municipalities without a report in a year are left out). Parameters: $municipalities.
-- Definitions:
--   reports          reports with a publication date in the year
--   recommendations  recommendations made in those reports
-- report_responses: each report's recommendations counted (queries/staging/report_responses.sql)
select
    year(r.published_date) as year,
    r.municipality_code,
    count(*) as reports,
    coalesce(sum(recs.recommendations), 0)::bigint as recommendations
from reports as r
left join report_responses as recs using (report_id)
where list_contains($municipalities, r.municipality_code)
group by all
order by year, r.municipality_code
