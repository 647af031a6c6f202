-- Calendar years that have monitoring data (meetings or events), newest first.
-- Grain: year. Parameters: none.
select distinct year from (
    select year(meeting_date) as year from meetings
    union all
    select year(event_date) from events
)
order by year desc
