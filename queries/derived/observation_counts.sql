-- Derived table `observation_counts`: the council-meeting observations counted per year,
-- municipality, indicator and score, from `observations`. The transparency
-- index and the indicator scores read these counts instead of every observation; the rubric
-- (weights, scale values, which indicators count) is applied by the queries, so a change to
-- data/rubric.toml needs no rewrite of the data.
-- Grain: year x municipality_code x indicator_code x score. Parameters: none.
-- Written with each data version (popdash.data.derived).
select year, municipality_code, indicator_code, score, count(*) as observations
from observations
group by all
order by year, municipality_code, indicator_code, score
