-- Staging view yearly_reach: people reached per municipality and calendar year, over all
-- channels and months (the key figure people_reached of key_figures_by_year and
-- key_figures_by_municipality).
-- Registered on each connection by popdash.data.db (queries/README.md).
-- Grain: year x municipality_code (only municipality-years with outreach rows).
-- Columns: year = calendar year of month; people_reached = sum of outreach.people_reached
--   (DuckDB's sum of integers, a hugeint: sum it again without a cast to keep the type).
create or replace view yearly_reach as
select year(month) as year, municipality_code, sum(people_reached) as people_reached
from outreach
group by all;
