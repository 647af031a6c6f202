-- Key figure unique_participants for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $events_file, $attendance_file.
select count(distinct participant_code) as unique_participants
from read_parquet($attendance_file)
where event_id in (
    select event_id
    from read_parquet($events_file)
    where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
      and list_contains($municipalities, municipality_code)
)
