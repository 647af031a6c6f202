-- Staging view recommendation_reports: every recommendation with the report that made it, so
-- the queries on recommendations do not each join reports again for the municipality and
-- publication date. Read by recommendations_by_response, recommendations_list,
-- response_days_by_recommendation, response_time_by_municipality, uptake_by_municipality and
-- results_recommendation_uptake_by_year.
-- Registered on each connection by popdash.data.db (queries/README.md). DuckDB inlines the
-- view into the query that reads it, so a filter on municipality_code or year is applied to
-- reports before the join.
-- Grain: recommendation (one row per recommendation whose report exists).
-- Columns: the recommendation's recommendation_id, report_id, text_sq, response,
--   response_date; the report's municipality_code, published_date and
--   year = calendar year of published_date;
--   days = response_date - published_date in calendar days (null without a response date).
create or replace view recommendation_reports as
select
    rec.recommendation_id,
    rec.report_id,
    r.municipality_code,
    r.published_date,
    year(r.published_date) as year,
    rec.text_sq,
    rec.response,
    rec.response_date,
    date_diff('day', r.published_date, rec.response_date) as days
from recommendations as rec
join reports as r using (report_id);
