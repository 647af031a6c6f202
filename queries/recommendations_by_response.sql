-- Recommendations of the reports published in one year, by the municipality's response.
-- Grain: municipality x response (responses with no recommendation are left out).
-- Parameters: $year, $municipalities.
-- recommendations = recommendations made in reports published in the year, by response:
-- accepted, partly (accepted in part), rejected, no_answer (no response received).
select
    r.municipality_code,
    rec.response,
    count(*) as recommendations
from recommendations as rec
join reports as r using (report_id)
where year(r.published_date) = $year
  and list_contains($municipalities, r.municipality_code)
group by all
order by r.municipality_code, rec.response
