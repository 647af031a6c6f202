-- The eight key figures of the programme card, one row per calendar year with data,
-- for the chosen municipalities.
-- Grain: year. Parameters: $municipalities (list of municipality codes).
-- Definitions (a year is the calendar year of the record's date):
--   municipalities_monitored  distinct municipalities with at least one council meeting monitored
--   meetings_monitored        council meetings monitored (meetings table)
--   reports_published         monitoring reports published in the year
--   citizen_workshops         events of type workshop
--   public_forums             events of type forum
--   candidates_engaged        distinct candidate codes with an engagement dated in the year
--   unique_participants       distinct participant codes over all events of the year, whatever
--                             the type; a person at five events counts once (not additive
--                             across municipalities: one person may attend in two)
--   people_reached            sum of people reached over all channels and months of the year
-- The counts per municipality and year come from the derived tables yearly_meetings,
-- yearly_reports, yearly_events, yearly_candidates and yearly_reach (queries/derived/), the
-- same ones key_figures_by_municipality reads; here they are summed over the chosen
-- municipalities (candidates counted distinct: one may be engaged in two municipalities).
with
meeting_figures as (
    -- one row per municipality-year with meetings: count(*) is the municipalities monitored
    select year,
           count(*) as municipalities_monitored,
           sum(meetings)::bigint as meetings_monitored
    from yearly_meetings
    where list_contains($municipalities, municipality_code)
    group by year
),
report_figures as (
    select year, sum(reports)::bigint as reports_published
    from yearly_reports
    where list_contains($municipalities, municipality_code)
    group by year
),
event_figures as (
    select year,
           sum(citizen_workshops)::bigint as citizen_workshops,
           sum(public_forums)::bigint as public_forums
    from yearly_events
    where list_contains($municipalities, municipality_code)
    group by year
),
candidate_figures as (
    select year, count(distinct candidate_code) as candidates_engaged
    from yearly_candidates
    where list_contains($municipalities, municipality_code)
    group by year
),
participant_figures as (
    -- people: one row per person, municipality and year (queries/derived/people.sql); only the
    -- people who attended in more than one municipality that year need a distinct count (a
    -- filtered distinct aggregate would still hash every row, hence two parts)
    select year, sum(people)::bigint as unique_participants
    from (
        -- people_groups: those seen in one municipality, already counted (derived/people_groups.sql)
        select year, sum(people) as people
        from people_groups
        where list_contains($municipalities, municipality_code)
        group by year
        union all
        select year, count(distinct person_id)
        from people
        where municipality_count > 1 and list_contains($municipalities, municipality_code)
        group by year
    )
    group by year
),
reach_figures as (
    select year, sum(people_reached) as people_reached
    from yearly_reach
    where list_contains($municipalities, municipality_code)
    group by year
),
years as (
    select year from meeting_figures union select year from event_figures
    union select year from reach_figures union select year from report_figures
)
select
    years.year,
    coalesce(municipalities_monitored, 0) as municipalities_monitored,
    coalesce(meetings_monitored, 0) as meetings_monitored,
    coalesce(reports_published, 0) as reports_published,
    coalesce(citizen_workshops, 0) as citizen_workshops,
    coalesce(public_forums, 0) as public_forums,
    coalesce(candidates_engaged, 0) as candidates_engaged,
    coalesce(unique_participants, 0) as unique_participants,
    coalesce(people_reached, 0) as people_reached
from years
left join meeting_figures using (year)
left join report_figures using (year)
left join event_figures using (year)
left join candidate_figures using (year)
left join participant_figures using (year)
left join reach_figures using (year)
order by years.year
