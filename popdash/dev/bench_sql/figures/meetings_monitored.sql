-- Key figure meetings_monitored for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $meetings_file.
select count(*) as meetings_monitored
from read_parquet($meetings_file)
where meeting_date >= make_date($year, 1, 1) and meeting_date < make_date($year + 1, 1, 1)
  and list_contains($municipalities, municipality_code)
