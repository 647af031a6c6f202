-- Staging view yearly_reports: monitoring reports published per municipality and calendar
-- year, as key_figures_by_year and key_figures_by_municipality count them.
-- Registered on each connection by popdash.data.db (queries/README.md).
-- Grain: year x municipality_code (only municipality-years with at least one report).
-- Columns: year = calendar year of published_date; reports = reports published (>= 1).
create or replace view yearly_reports as
select year(published_date) as year, municipality_code, count(*) as reports
from reports
group by all;
