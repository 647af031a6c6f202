-- Uptake of the network's recommendations: how many the municipality took up, per
-- municipality, with the network's own row (municipality_code null, is_total true).
-- Grain: municipality, plus one total row. Parameters: $year, $municipalities.
-- The recommendations counted are those of the reports published in the year.
-- Definitions:
--   uptake           (accepted + partly) / all recommendations
--                    (rejected and no_answer count in the denominator: silence is not uptake)
--   uptake_weighted  (accepted + 0.5 x partly) / all recommendations
with recs as (
    -- recommendation_reports: each recommendation with its report's municipality and year
    -- (queries/staging/recommendation_reports.sql)
    select municipality_code, response
    from recommendation_reports
    where year = $year
      and list_contains($municipalities, municipality_code)
),
counts as (
    select
        municipality_code,
        grouping(municipality_code) = 1 as is_total,
        count(*) as recommendations,
        count(*) filter (where response = 'accepted') as accepted,
        count(*) filter (where response = 'partly') as partly,
        count(*) filter (where response = 'rejected') as rejected,
        count(*) filter (where response = 'no_answer') as no_answer
    from recs
    group by grouping sets ((municipality_code), ())
)
select
    municipality_code, is_total, recommendations, accepted, partly, rejected, no_answer,
    (accepted + partly) / recommendations as uptake,
    (accepted + 0.5 * partly) / recommendations as uptake_weighted
from counts
where recommendations > 0
order by is_total, uptake desc, municipality_code
