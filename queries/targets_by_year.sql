-- Baseline and target of each headline indicator for each year.
-- Grain: metric x year. Parameters: none.
select metric, year, target, baseline_year, baseline
from targets
order by metric, year
