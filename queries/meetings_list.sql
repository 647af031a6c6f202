-- The monitored council meetings of one year with the score of each meeting-level indicator,
-- optionally narrowed by a free-text search.
-- Grain: meeting. Parameters: $year, $municipalities (list of codes), $search (text; '' = all).
-- Search: case- and accent-insensitive substring match ("korce" finds Korçë) on the meeting
-- id, the date (2025-03-27 or 27.03.2025), the municipality's names and the evidence of the
-- meeting and of its observations. The search text is a bound value; % and _ in it are
-- matched literally.
-- Columns I01..I08 hold the score code (full, half, zero, not_observed; null = no row).
-- Definitions:
--   met_full     indicators scored full at the meeting
--   met_half     indicators scored half
--   not_met      indicators scored zero
--   evidence_url   the meeting's evidence when it is a web link; evidence_note otherwise
--   notes        the observations' evidence, "I01: ...; I05: ..."
with pattern as (
    select '%' || replace(replace(replace(strip_accents(lower(trim($search))), '\', '\\'), '%', '\%'), '_', '\_') || '%' as text
),
scoped as (
    select *
    from meetings
    where year(meeting_date) = $year
      and list_contains($municipalities, municipality_code)
),
scores as (
    select
        meeting_id,
        any_value(score) filter (where indicator_code = 'I01') as I01,
        any_value(score) filter (where indicator_code = 'I02') as I02,
        any_value(score) filter (where indicator_code = 'I03') as I03,
        any_value(score) filter (where indicator_code = 'I04') as I04,
        any_value(score) filter (where indicator_code = 'I05') as I05,
        any_value(score) filter (where indicator_code = 'I06') as I06,
        any_value(score) filter (where indicator_code = 'I07') as I07,
        any_value(score) filter (where indicator_code = 'I08') as I08,
        count(*) filter (where score = 'full') as met_full,
        count(*) filter (where score = 'half') as met_half,
        count(*) filter (where score = 'zero') as not_met,
        string_agg(indicator_code || ': ' || evidence, '; ' order by indicator_code)
            filter (where evidence is not null and evidence <> '') as notes
    -- observations: meeting_observations with the meeting's year and municipality
    -- (queries/derived/observations.sql), so only the chosen year's rows are read
    from observations
    where year = $year
      and list_contains($municipalities, municipality_code)
    group by meeting_id
),
listed as (
    select
        m.meeting_id,
        m.meeting_date,
        m.municipality_code,
        mu.name_sq,
        mu.name_en,
        m.meeting_type,
        m.notice_days,
        m.decisions_published_days,
        s.I01, s.I02, s.I03, s.I04, s.I05, s.I06, s.I07, s.I08,
        coalesce(s.met_full, 0) as met_full,
        coalesce(s.met_half, 0) as met_half,
        coalesce(s.not_met, 0) as not_met,
        case when regexp_matches(m.evidence, '^https?://') then m.evidence end as evidence_url,
        case when not regexp_matches(m.evidence, '^https?://') then m.evidence end as evidence_note,
        s.notes,
        strip_accents(lower(concat_ws(' ', m.meeting_id, m.meeting_date::varchar,
            strftime(m.meeting_date, '%d.%m.%Y'), mu.name_sq, mu.name_sq_definite, mu.name_en,
            m.evidence, s.notes))) as haystack
    from scoped as m
    join municipalities as mu using (municipality_code)
    left join scores as s using (meeting_id)
)
select listed.* exclude (haystack)
from listed, pattern
-- without a search the haystack is never built
where trim($search) = '' or listed.haystack like pattern.text escape '\'
order by meeting_date desc, municipality_code, meeting_id
