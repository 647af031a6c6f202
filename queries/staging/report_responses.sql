-- Staging view report_responses: what became of each report's recommendations, counted once
-- for reports_list and reports_by_municipality (which join it to reports with a left join, so a
-- report without recommendations counts zero).
-- Registered on each connection by popdash.data.db (queries/README.md).
-- Grain: report_id (reports with at least one recommendation).
-- Columns: recommendations (all of the report's recommendations), and of them accepted,
--   partly, rejected, no_answer (recommendations.response).
create or replace view report_responses as
select
    report_id,
    count(*) as recommendations,
    count(*) filter (where response = 'accepted') as accepted,
    count(*) filter (where response = 'partly') as partly,
    count(*) filter (where response = 'rejected') as rejected,
    count(*) filter (where response = 'no_answer') as no_answer
from recommendations
group by report_id;
