-- Derived table `yearly_reach`: people reached per municipality and calendar year, over all
-- channels and months (the key figure people_reached of key_figures_by_year and
-- key_figures_by_municipality).
-- Grain: year x municipality_code (only municipality-years with outreach rows).
-- Columns: year = calendar year of month; people_reached = sum of outreach.people_reached,
--   stored as a bigint (parquet has no 128-bit integer); the queries' sum of it is a hugeint
--   as before.
-- Written with each data version (popdash.data.derived): a few thousand rows at most, so the
-- card's figures for every year sum small tables instead of grouping the monitoring tables.
select year(month) as year, municipality_code, sum(people_reached)::bigint as people_reached
from outreach
group by all
order by year, municipality_code
