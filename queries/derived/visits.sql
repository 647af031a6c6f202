-- Derived table `visits`: every attendance record with its event's year, municipality, date and
-- type, so that queries over attendance need no join and can skip whole years.
-- Grain: attendance record (one person at one event). Parameters: none.
-- Written with each data version (popdash.data.derived), sorted by year and municipality.
-- Columns beyond attendance and events:
--   person_id  a small integer standing for the participant code within this data version
--              (numbers hash several times faster than text codes when counting distinct
--              people); like the code it never leaves the query layer
--   event_seq  the event's position in date order (ties broken by event id): "the latest
--              event" of a person is the one with the highest event_seq
with
person_ids as (
    select participant_code, row_number() over (order by participant_code)::integer as person_id
    from (select distinct participant_code from attendance)
),
event_order as (
    select event_id, row_number() over (order by event_date, event_id)::integer as event_seq
    from events
)
select
    year(e.event_date) as year,
    e.municipality_code,
    e.event_date,
    e.event_id,
    o.event_seq,
    e.event_type,
    p.person_id,
    a.sex,
    a.age_band,
    a.role
from attendance as a
join events as e using (event_id)
join event_order as o using (event_id)
join person_ids as p using (participant_code)
order by year, e.municipality_code, o.event_seq, p.person_id
