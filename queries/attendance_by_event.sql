-- Attendance aggregated per event for the public downloads: how many people attended each
-- event in all, and by sex, by age band and by role (each dimension on its own, never
-- crossed, so groups stay large). Participant codes are used here only to count; they never
-- leave this query. Counts of 1 to 4 people are hidden after this query (popdash.privacy).
-- Grain: event x dimension (total, sex, age_band, role) x group. Parameters: none.
-- Definitions: participants = attendance rows (one per person per event) in the group.
with
visits as (
    select e.event_id, e.municipality_code, e.event_date, e.event_type, a.sex, a.age_band, a.role
    from attendance as a
    join events as e using (event_id)
),
groups as (
    select event_id, municipality_code, event_date, event_type, 'total' as dimension, 'all' as "group", 0 as position
    from visits
    union all
    select event_id, municipality_code, event_date, event_type, 'sex', sex, 1 from visits
    union all
    select event_id, municipality_code, event_date, event_type, 'age_band', age_band, 2 from visits
    union all
    select event_id, municipality_code, event_date, event_type, 'role', role, 3 from visits
)
select event_id, municipality_code, event_date, event_type, dimension, "group", count(*) as participants
from groups
group by event_id, municipality_code, event_date, event_type, dimension, "group", position
order by event_date, event_id, position, "group"
