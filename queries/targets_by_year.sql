-- Baseline, target and explanatory note of each headline indicator for each year.
-- Grain: metric x year. Parameters: none.
select metric, year, target, baseline_year, baseline, note_sq, note_en
from targets
order by metric, year
