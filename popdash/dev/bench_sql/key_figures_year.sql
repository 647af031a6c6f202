-- The eight key figures of the programme card for one year and the chosen municipalities,
-- straight on the raw parquet files (no derived tables). Same definitions as
-- queries/key_figures_by_year.sql. The year is a date range so that DuckDB skips the row
-- groups of the date-sorted files outside it.
-- Parameters: $year, $municipalities, $meetings_file, $reports_file, $events_file,
-- $candidates_file, $attendance_file, $outreach_file.
with
meetings as (
    select count(distinct municipality_code) as municipalities_monitored, count(*) as meetings_monitored
    from read_parquet($meetings_file)
    where meeting_date >= make_date($year, 1, 1) and meeting_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
reports as (
    select count(*) as reports_published
    from read_parquet($reports_file)
    where published_date >= make_date($year, 1, 1) and published_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
events as (
    select event_id, event_type
    from read_parquet($events_file)
    where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
event_counts as (
    select count(*) filter (where event_type = 'workshop') as citizen_workshops,
           count(*) filter (where event_type = 'forum') as public_forums
    from events
),
candidates as (
    select count(distinct candidate_code) as candidates_engaged
    from read_parquet($candidates_file)
    where engagement_date >= make_date($year, 1, 1) and engagement_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
participants as (
    select count(distinct participant_code) as unique_participants
    from read_parquet($attendance_file)
    where event_id in (select event_id from events)
),
reach as (
    select coalesce(sum(people_reached), 0) as people_reached
    from read_parquet($outreach_file)
    where month >= make_date($year, 1, 1) and month < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
)
select * from meetings, reports, event_counts, candidates, participants, reach
