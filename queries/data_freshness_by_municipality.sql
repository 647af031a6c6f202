-- How fresh the data are per municipality: the latest council meeting, event, monitoring
-- report and outreach month on record (any year), and the days from the latest meeting to
-- today.
-- Grain: municipality. Parameters: $municipalities (list of codes), $today (date).
-- Definitions: days_since_meeting = $today - latest meeting_date (null with no meeting).
with
selected as (
    select municipality_code, name_sq, name_en
    from municipalities
    where list_contains($municipalities, municipality_code)
),
meeting_latest as (
    select municipality_code, max(meeting_date) as last_meeting
    from meetings
    group by all
),
event_latest as (
    select municipality_code, max(event_date) as last_event
    from events
    group by all
),
report_latest as (
    select municipality_code, max(published_date) as last_report
    from reports
    group by all
),
outreach_latest as (
    select municipality_code, max(month) as last_outreach
    from outreach
    group by all
)
select
    s.municipality_code,
    s.name_sq,
    s.name_en,
    ml.last_meeting,
    el.last_event,
    rl.last_report,
    ol.last_outreach,
    date_diff('day', ml.last_meeting, cast($today as date)) as days_since_meeting
from selected as s
left join meeting_latest as ml using (municipality_code)
left join event_latest as el using (municipality_code)
left join report_latest as rl using (municipality_code)
left join outreach_latest as ol using (municipality_code)
order by days_since_meeting desc nulls first, s.municipality_code
