-- Key figure reports_published for one year and the chosen municipalities, on the raw parquet file(s).
-- Same definition as in queries/key_figures_by_year.sql. Parameters: $year, $municipalities, $reports_file.
select count(*) as reports_published
from read_parquet($reports_file)
where published_date >= make_date($year, 1, 1) and published_date < make_date($year + 1, 1, 1)
  and list_contains($municipalities, municipality_code)
