-- Derived table `meeting_tallies`: council meetings monitored per year and municipality,
-- grouped by which indicators were scored at them (full, half or zero; not_observed is no
-- score), from meetings and meeting_observations. Most meetings share the same few sets, so a
-- year of tens of thousands of meetings is a handful of rows. "Meetings scored" for the rubric's
-- minimum adds the rows whose set holds one of the rubric's meeting-level indicators; the
-- rubric itself is applied by the queries.
-- Grain: year x municipality_code x scored_indicators (an empty list for meetings with no
-- score). Parameters: none.
-- Written with each data version (popdash.data.derived).
with scored as (
    select meeting_id, list_sort(list_distinct(list(indicator_code))) as scored_indicators
    from meeting_observations
    where score in ('full', 'half', 'zero')
    group by meeting_id
)
select
    year(m.meeting_date) as year,
    m.municipality_code,
    coalesce(s.scored_indicators, []::varchar[]) as scored_indicators,
    count(*) as meetings
from meetings as m
left join scored as s using (meeting_id)
group by all
order by year, m.municipality_code, scored_indicators
