-- Derived table `event_attendance`: attendance counted per event, in all and by sex, by age
-- band and by role (each dimension on its own, never crossed), from `visits`. It feeds the
-- public download of attendance (query attendance_by_event), counted once per data version.
-- Grain: event x dimension (total, sex, age_band, role) x group. Parameters: none.
-- Written with each data version (popdash.data.derived), in the download's order.
-- Columns:
--   dimension_order  0 total, 1 sex, 2 age_band, 3 role: the order of the rows of one event
--   participants     attendance records (one per person per event) in the group
select
    event_id, municipality_code, event_date, event_type,
    case when grouping(sex) = 0 then 'sex'
         when grouping(age_band) = 0 then 'age_band'
         when grouping(role) = 0 then 'role'
         else 'total' end as dimension,
    coalesce(sex, age_band, role, 'all') as "group",
    (case when grouping(sex) = 0 then 1
          when grouping(age_band) = 0 then 2
          when grouping(role) = 0 then 3
          else 0 end)::tinyint as dimension_order,
    count(*)::bigint as participants
from visits
group by grouping sets (
    (event_id, municipality_code, event_date, event_type),
    (event_id, municipality_code, event_date, event_type, sex),
    (event_id, municipality_code, event_date, event_type, age_band),
    (event_id, municipality_code, event_date, event_type, role)
)
order by event_date, event_id, dimension_order, "group"
