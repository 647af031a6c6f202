-- Days each answered recommendation waited for the municipality's response, for the reports
-- published in one year (the distribution behind response_time_by_municipality).
-- Grain: recommendation (answered ones only). Parameters: $year, $municipalities.
-- days = response_date - report published_date, in calendar days; recommendations without an
-- answer (no_answer) are left out here and counted in response_time_by_municipality.
select
    r.municipality_code,
    rec.recommendation_id,
    rec.response,
    date_diff('day', r.published_date, rec.response_date) as days
from recommendations as rec
join reports as r using (report_id)
where year(r.published_date) = $year
  and list_contains($municipalities, r.municipality_code)
  and rec.response <> 'no_answer'
  and rec.response_date is not null
order by r.municipality_code, days
