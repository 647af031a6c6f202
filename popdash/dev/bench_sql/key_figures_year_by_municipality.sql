-- The eight key figures for one year, one row per chosen municipality, straight on the raw
-- parquet files (no derived tables). Same definitions as
-- queries/key_figures_by_municipality.sql.
-- Parameters: $year, $municipalities, $municipalities_file, $meetings_file, $reports_file,
-- $events_file, $candidates_file, $attendance_file, $outreach_file.
with
meetings as (
    select municipality_code, count(*) as meetings_monitored
    from read_parquet($meetings_file)
    where meeting_date >= make_date($year, 1, 1) and meeting_date < make_date($year + 1, 1, 1)
    group by municipality_code
),
reports as (
    select municipality_code, count(*) as reports_published
    from read_parquet($reports_file)
    where published_date >= make_date($year, 1, 1) and published_date < make_date($year + 1, 1, 1)
    group by municipality_code
),
events as (
    select event_id, municipality_code, event_type
    from read_parquet($events_file)
    where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
event_counts as (
    select municipality_code,
           count(*) filter (where event_type = 'workshop') as citizen_workshops,
           count(*) filter (where event_type = 'forum') as public_forums
    from events
    group by municipality_code
),
candidates as (
    select municipality_code, count(distinct candidate_code) as candidates_engaged
    from read_parquet($candidates_file)
    where engagement_date >= make_date($year, 1, 1) and engagement_date < make_date($year + 1, 1, 1)
    group by municipality_code
),
participants as (
    select e.municipality_code, count(distinct a.participant_code) as unique_participants
    from read_parquet($attendance_file) as a
    join events as e using (event_id)
    group by e.municipality_code
),
reach as (
    select municipality_code, sum(people_reached) as people_reached
    from read_parquet($outreach_file)
    where month >= make_date($year, 1, 1) and month < make_date($year + 1, 1, 1)
    group by municipality_code
)
select
    m.municipality_code,
    (coalesce(meetings_monitored, 0) > 0)::integer as municipalities_monitored,
    coalesce(meetings_monitored, 0) as meetings_monitored,
    coalesce(reports_published, 0) as reports_published,
    coalesce(citizen_workshops, 0) as citizen_workshops,
    coalesce(public_forums, 0) as public_forums,
    coalesce(candidates_engaged, 0) as candidates_engaged,
    coalesce(unique_participants, 0) as unique_participants,
    coalesce(people_reached, 0) as people_reached
from read_parquet($municipalities_file) as m
left join meetings using (municipality_code)
left join reports using (municipality_code)
left join event_counts using (municipality_code)
left join candidates using (municipality_code)
left join participants using (municipality_code)
left join reach using (municipality_code)
where list_contains($municipalities, m.municipality_code)
order by m.municipality_code
