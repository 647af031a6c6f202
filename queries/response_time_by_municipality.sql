-- How long municipalities took to answer the recommendations of the reports published in one
-- year, per municipality, with the network's own row (municipality_code null, is_total true).
-- Grain: municipality, plus one total row. Parameters: $year, $municipalities.
-- Definitions:
--   days         response_date - report published_date, in calendar days, for each
--                recommendation that got an answer (accepted, partly or rejected)
--   answered     recommendations with a response date
--   median_days  median of days over the answered ones; q1_days, q3_days the quartiles
--   no_answer    recommendations with no answer: left out of the days, counted apart
with recs as (
    -- recommendation_reports: each recommendation with its report's municipality, year and
    -- days (queries/staging/recommendation_reports.sql)
    select municipality_code, response, days
    from recommendation_reports
    where year = $year
      and list_contains($municipalities, municipality_code)
)
select
    municipality_code,
    grouping(municipality_code) = 1 as is_total,
    count(days) filter (where response <> 'no_answer') as answered,
    count(*) filter (where response = 'no_answer') as no_answer,
    median(days) filter (where response <> 'no_answer') as median_days,
    quantile_cont(days, 0.25) filter (where response <> 'no_answer') as q1_days,
    quantile_cont(days, 0.75) filter (where response <> 'no_answer') as q3_days,
    min(days) filter (where response <> 'no_answer') as min_days,
    max(days) filter (where response <> 'no_answer') as max_days
from recs
group by grouping sets ((municipality_code), ())
having count(*) > 0
order by is_total, median_days nulls last, municipality_code
