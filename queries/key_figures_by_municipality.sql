-- The eight key figures for one year, one row per chosen municipality.
-- Grain: municipality. Parameters: $year, $municipalities.
-- Same definitions as key_figures_by_year. Counts and sums add up to the network's figure;
-- unique_participants and candidates_engaged do not have to (a person counted in two
-- municipalities is one person for the network).
-- The counts per municipality and year come from the derived tables yearly_meetings,
-- yearly_reports, yearly_events, yearly_candidates and yearly_reach (queries/derived/), the
-- same ones key_figures_by_year sums over municipalities.
-- Speed: every part keeps only the chosen municipalities and the year before it aggregates (a
-- view of three municipalities hashes their people only).
with chosen as (
    select municipality_code
    from municipalities
    where list_contains($municipalities, municipality_code)
),
meeting_figures as (
    select municipality_code, meetings as meetings_monitored
    from yearly_meetings
    where year = $year
      and list_contains($municipalities, municipality_code)
),
report_figures as (
    select municipality_code, reports as reports_published
    from yearly_reports
    where year = $year
      and list_contains($municipalities, municipality_code)
),
event_figures as (
    select municipality_code, citizen_workshops, public_forums
    from yearly_events
    where year = $year
      and list_contains($municipalities, municipality_code)
),
candidate_figures as (
    -- yearly_candidates holds each candidate once per municipality and year
    select municipality_code, count(*) as candidates_engaged
    from yearly_candidates
    where year = $year
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
    select municipality_code, people_reached
    from yearly_reach
    where year = $year
      and list_contains($municipalities, municipality_code)
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
