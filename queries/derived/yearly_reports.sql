-- Derived table `yearly_reports`: monitoring reports published per municipality and calendar
-- year, as key_figures_by_year and key_figures_by_municipality count them.
-- Grain: year x municipality_code (only municipality-years with at least one report).
-- Columns: year = calendar year of published_date; reports = reports published (>= 1).
-- Written with each data version (popdash.data.derived): a few thousand rows at most, so the
-- card's figures for every year sum small tables instead of grouping the monitoring tables.
select year(published_date) as year, municipality_code, count(*) as reports
from reports
group by all
order by year, municipality_code
