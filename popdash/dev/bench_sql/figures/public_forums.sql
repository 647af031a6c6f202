-- Key figure public_forums for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $events_file.
select count(*) as public_forums
from read_parquet($events_file)
where event_date >= make_date($year, 1, 1) and event_date < make_date($year + 1, 1, 1)
  and list_contains($municipalities, municipality_code)
  and event_type = 'forum'
