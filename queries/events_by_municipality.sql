-- Events the network organised in one year, per municipality and kind of event.
-- Grain: municipality x event_type. Parameters: $year, $municipalities.
-- events = number of events dated in the year in the municipality.
select
    municipality_code,
    event_type,
    count(*) as events
from events
where year(event_date) = $year
  and list_contains($municipalities, municipality_code)
group by all
order by municipality_code, event_type
