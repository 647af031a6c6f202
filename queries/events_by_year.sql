-- Events the network organised in each calendar year, by kind of event.
-- Grain: year x event_type. Parameters: $municipalities.
-- events = number of events dated in the year, in the chosen municipalities.
select
    year(event_date) as year,
    event_type,
    count(*) as events
from events
where list_contains($municipalities, municipality_code)
group by all
order by year, event_type
