-- Attendance aggregated per event for the public downloads: how many people of each sex, age
-- band and role attended each event. Participant codes are used here only to count; they
-- never leave this query.
-- Grain: event x sex x age band x role. Parameters: none.
-- Definitions: participants = attendance rows (one per person per event) in the group.
select
    e.event_id,
    e.municipality_code,
    e.event_date,
    e.event_type,
    a.sex,
    a.age_band,
    a.role,
    count(*) as participants
from attendance as a
join events as e using (event_id)
group by all
order by e.event_date, e.event_id, a.sex, a.age_band, a.role
