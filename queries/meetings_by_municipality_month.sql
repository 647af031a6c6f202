-- Council meetings monitored per municipality and calendar month of one year.
-- Grain: municipality x month (1-12); every chosen municipality gets all twelve months, with
-- zero where no meeting was monitored, so gaps in the law's "at least once a month" show.
-- Parameters: $year, $municipalities (list of municipality codes).
-- Definitions:
--   meetings       monitored meetings (meetings table) whose meeting_date falls in the month
--   ordinary       of which ordinary sessions
--   extraordinary  of which extraordinary sessions
with chosen as (
    select municipality_code
    from municipalities
    where list_contains($municipalities, municipality_code)
),
months as (
    select unnest(range(1, 13)) as month
),
monitored as (
    select
        municipality_code,
        month(meeting_date) as month,
        count(*) as meetings,
        count(*) filter (where meeting_type = 'ordinary') as ordinary,
        count(*) filter (where meeting_type = 'extraordinary') as extraordinary
    from meetings
    where year(meeting_date) = $year
      and list_contains($municipalities, municipality_code)
    group by all
)
select
    chosen.municipality_code,
    months.month,
    coalesce(monitored.meetings, 0) as meetings,
    coalesce(monitored.ordinary, 0) as ordinary,
    coalesce(monitored.extraordinary, 0) as extraordinary
from chosen
cross join months
left join monitored using (municipality_code, month)
order by chosen.municipality_code, months.month
