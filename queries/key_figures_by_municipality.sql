-- The eight key figures for one year, one row per chosen municipality.
-- Grain: municipality. Parameters: $year, $municipalities.
-- Same definitions as key_figures_by_year. Counts and sums add up to the network's figure;
-- unique_participants and candidates_engaged do not have to (a person counted in two
-- municipalities is one person for the network).
-- Speed: every part keeps only the chosen municipalities before it aggregates (a view of three
-- municipalities hashes their people only), and the year is a date range, so row groups of the
-- date-sorted tables outside the year are skipped.
with chosen as (
    select municipality_code
    from municipalities
    where list_contains($municipalities, municipality_code)
),
meeting_figures as (
    select municipality_code, count(*) as meetings_monitored
    from meetings
    where meeting_date >= make_date($year, 1, 1) and meeting_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
    group by all
),
report_figures as (
    select municipality_code, count(*) as reports_published
    from reports
    where published_date >= make_date($year, 1, 1) and published_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
    group by all
),
event_figures as (
    select municipality_code,
           count(*) filter (where event_type = 'workshop') as citizen_workshops,
           count(*) filter (where event_type = 'forum') as public_forums
    from events
    where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
    group by all
),
candidate_figures as (
    select municipality_code, count(distinct candidate_code) as candidates_engaged
    from candidates
    where engagement_date >= make_date($year, 1, 1) and engagement_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
    group by all
),
participant_figures as (
    -- people: one row per person, municipality and year (queries/derived/people.sql)
    select municipality_code, count(*) as unique_participants
    from people
    where year = $year
      and list_contains($municipalities, municipality_code)
    group by all
),
reach_figures as (
    select municipality_code, sum(people_reached) as people_reached
    from outreach
    where month >= make_date($year, 1, 1) and month < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
    group by all
)
select
    chosen.municipality_code,
    case when coalesce(meetings_monitored, 0) > 0 then 1 else 0 end as municipalities_monitored,
    coalesce(meetings_monitored, 0) as meetings_monitored,
    coalesce(reports_published, 0) as reports_published,
    coalesce(citizen_workshops, 0) as citizen_workshops,
    coalesce(public_forums, 0) as public_forums,
    coalesce(candidates_engaged, 0) as candidates_engaged,
    coalesce(unique_participants, 0) as unique_participants,
    coalesce(people_reached, 0) as people_reached
from chosen
left join meeting_figures using (municipality_code)
left join report_figures using (municipality_code)
left join event_figures using (municipality_code)
left join candidate_figures using (municipality_code)
left join participant_figures using (municipality_code)
left join reach_figures using (municipality_code)
order by chosen.municipality_code
