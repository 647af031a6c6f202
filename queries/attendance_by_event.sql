-- Attendance aggregated per event for the public downloads: how many people attended each
-- event in all, and by sex, by age band and by role (each dimension on its own, never
-- crossed, so groups stay large). Participant codes are used here only to count; they never
-- leave this query. Counts of 1 to 4 people are hidden after this query (popdash.views.privacy).
-- Grain: event x dimension (total, sex, age_band, role) x group. Parameters: none.
-- Definitions: participants = attendance rows (one per person per event) in the group.
-- Counted once per data version into the derived table event_attendance
-- (queries/derived/event_attendance.sql).
select event_id, municipality_code, event_date, event_type, dimension, "group", participants
from event_attendance
order by event_date, event_id, dimension_order, "group"
