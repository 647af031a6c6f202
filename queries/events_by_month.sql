-- Events the network organised in each month of one year, by kind of event.
-- Grain: month x event_type (months without events are left out).
-- Parameters: $year, $municipalities.
-- events = number of events (workshops, forums, focus groups, dialogue meetings, trainings)
--          dated in the month, in the chosen municipalities.
select
    month(event_date) as month,
    event_type,
    count(*) as events
from events
where year(event_date) = $year
  and list_contains($municipalities, municipality_code)
group by all
order by month, event_type
