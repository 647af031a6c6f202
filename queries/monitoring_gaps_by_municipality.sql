-- Completeness of monitoring per municipality in a year: the months without any monitored
-- council meeting (up to the current month while the year is under way; the law asks for a
-- meeting every month), whether a monitoring report was published in the year, and how many
-- of the four yearly indicators were scored.
-- Grain: municipality. Parameters: $year, $municipalities (list of codes), $today (date).
-- Definitions: months_without_meeting = months 1..last month of $year with no meeting in the
--   meetings table; has_report = at least one report published in $year; period_indicators =
--   yearly indicators of $year scored other than not_observed.
with
last_month as (
    select case
        when $year < year(cast($today as date)) then 12
        when $year = year(cast($today as date)) then month(cast($today as date))
        else 0
    end as n
),
months as (
    select unnest(range(1, n + 1)) as month from last_month
),
selected as (
    select unnest($municipalities) as municipality_code
),
monitored as (
    select distinct municipality_code, month(meeting_date) as month
    from meetings
    where year(meeting_date) = $year and list_contains($municipalities, municipality_code)
),
gaps as (
    select s.municipality_code,
           list(m.month order by m.month) filter (where mo.month is null) as months_without_meeting
    from selected as s
    cross join months as m
    left join monitored as mo on mo.municipality_code = s.municipality_code and mo.month = m.month
    group by all
),
meeting_counts as (
    select municipality_code, count(*) as meetings_in_year
    from meetings
    where year(meeting_date) = $year
    group by all
),
report_counts as (
    select municipality_code, count(*) as reports_in_year
    from reports
    where year(published_date) = $year
    group by all
),
period_counts as (
    select municipality_code, count(*) filter (where score <> 'not_observed') as period_indicators
    from period_observations
    where year = $year
    group by all
)
select
    s.municipality_code,
    coalesce(mc.meetings_in_year, 0) as meetings_in_year,
    coalesce(g.months_without_meeting, []) as months_without_meeting,
    len(coalesce(g.months_without_meeting, [])) as months_missing_count,
    coalesce(rc.reports_in_year, 0) > 0 as has_report,
    coalesce(pc.period_indicators, 0) as period_indicators
from selected as s
left join gaps as g using (municipality_code)
left join meeting_counts as mc using (municipality_code)
left join report_counts as rc using (municipality_code)
left join period_counts as pc using (municipality_code)
order by months_missing_count desc, s.municipality_code
