-- Which municipalities the programme monitors in each year (membership periods expanded).
-- Grain: year x municipality. Parameters: none.
select unnest(range(start_year, end_year + 1)) as year, municipality_code
from memberships
order by year, municipality_code
