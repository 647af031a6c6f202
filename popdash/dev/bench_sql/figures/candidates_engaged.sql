-- Key figure candidates_engaged for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $candidates_file.
select count(distinct candidate_code) as candidates_engaged
from read_parquet($candidates_file)
where engagement_date >= make_date($year, 1, 1) and engagement_date < make_date($year + 1, 1, 1)
  and list_contains($municipalities, municipality_code)
