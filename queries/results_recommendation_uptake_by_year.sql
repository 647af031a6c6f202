-- Uptake of the network's recommendations by the municipalities, per year of the report that
-- made them: the Results page's indicator recommendation_uptake for the network.
-- Grain: year (calendar year of the report's publication). Parameters: $municipalities.
-- Definitions (the same as uptake_by_municipality, whose total row for one $year equals this
-- query's row for that year; a test checks it):
--   recommendations  recommendations made in the reports published in the year
--   accepted, partly, rejected, no_answer   by the municipality's response, as recorded now
--   recommendation_uptake   (accepted + partly) / all recommendations (rejected and
--                           no_answer count in the denominator: silence is not uptake)
--   recommendation_uptake_weighted   (accepted + 0.5 x partly) / all recommendations
with recs as (
    -- recommendation_reports: each recommendation with its report's municipality and year
    -- (queries/staging/recommendation_reports.sql)
    select year, response
    from recommendation_reports
    where list_contains($municipalities, municipality_code)
)
select
    year,
    count(*) as recommendations,
    count(*) filter (where response = 'accepted') as accepted,
    count(*) filter (where response = 'partly') as partly,
    count(*) filter (where response = 'rejected') as rejected,
    count(*) filter (where response = 'no_answer') as no_answer,
    count(*) filter (where response in ('accepted', 'partly')) / count(*) as recommendation_uptake,
    (count(*) filter (where response = 'accepted') + 0.5 * count(*) filter (where response = 'partly'))
        / count(*) as recommendation_uptake_weighted
from recs
group by year
order by year
