-- Derived table `scored_meetings`: each monitored meeting with at least one indicator scored
-- full, half or zero (not_observed is no score), and which indicators those were, from
-- meeting_observations and meetings. "Meetings scored" for the rubric's minimum is then a count
-- of these rows whose list holds one of the rubric's meeting-level indicators.
-- Grain: meeting. Parameters: none.
-- Written with each data version (popdash.derived), sorted by year and municipality.
select
    year(m.meeting_date) as year,
    m.municipality_code,
    o.meeting_id,
    list_sort(list_distinct(list(o.indicator_code))) as scored_indicators
from meeting_observations as o
join meetings as m using (meeting_id)
where o.score in ('full', 'half', 'zero')
group by all
order by year, m.municipality_code, o.meeting_id
