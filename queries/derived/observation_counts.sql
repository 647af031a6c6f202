-- Derived table `observation_counts`: the council-meeting observations counted per year,
-- municipality, indicator and score, from meeting_observations and meetings. The transparency
-- index and the indicator scores read these counts instead of every observation; the rubric
-- (weights, scale values, which indicators count) is applied by the queries, so a change to
-- data/rubric.toml needs no rewrite of the data.
-- Grain: year x municipality_code x indicator_code x score. Parameters: none.
-- Written with each data version (popdash.derived).
select
    year(m.meeting_date) as year,
    m.municipality_code,
    o.indicator_code,
    o.score,
    count(*) as observations
from meeting_observations as o
join meetings as m using (meeting_id)
group by all
order by year, m.municipality_code, o.indicator_code, o.score
