-- Key figure people_reached for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $outreach_file.
select coalesce(sum(people_reached), 0) as people_reached
from read_parquet($outreach_file)
where month >= make_date($year, 1, 1) and month < make_date($year + 1, 1, 1)
  and list_contains($municipalities, municipality_code)
