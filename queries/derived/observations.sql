-- Derived table `observations`: every council-meeting observation with its meeting's year and
-- municipality, so that a query about one year and some municipalities reads only their rows
-- (sorted by them, the others' row groups are skipped) and needs no join to meetings.
-- Grain: meeting x indicator (as meeting_observations). Parameters: none.
-- Written with each data version (popdash.data.derived), sorted by year, municipality and meeting.
select
    year(m.meeting_date) as year,
    m.municipality_code,
    o.meeting_id,
    o.indicator_code,
    o.score,
    o.evidence
from meeting_observations as o
join meetings as m using (meeting_id)
order by year, m.municipality_code, o.meeting_id, o.indicator_code
