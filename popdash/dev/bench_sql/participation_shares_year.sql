-- Unique participants of one year in the chosen municipalities, and how many of them were
-- women and young (15-29), each person with the sex and age band recorded at their latest
-- event of the year there (latest: by event date, ties broken by event id). Same definitions
-- as queries/participation_shares_by_year.sql, straight on the raw parquet files.
-- Parameters: $year, $municipalities, $events_file, $attendance_file.
with
events as (
    select event_id, event_date
    from read_parquet($events_file)
    where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
),
persons as (
    select arg_max(a.sex, (e.event_date, e.event_id)) as sex,
           arg_max(a.age_band, (e.event_date, e.event_id)) as age_band
    from read_parquet($attendance_file) as a
    join events as e using (event_id)
    group by a.participant_code
)
select
    count(*) as unique_participants,
    count(*) filter (where sex = 'F') as women,
    count(*) filter (where age_band in ('15-17', '18-29')) as young,
    count(*) filter (where sex = 'F') / count(*) as share_women,
    count(*) filter (where age_band in ('15-17', '18-29')) / count(*) as share_young
from persons
