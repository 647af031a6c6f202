-- The municipalities, with the years each was in the programme and its partner organisation.
-- Grain: municipality. Parameters: none.
select
    m.municipality_code, m.name_sq, m.name_sq_definite, m.name_en, m.county_code,
    m.seat_lat, m.seat_lon, m.population,
    min(ms.start_year) as first_year,
    max(ms.end_year) as last_year,
    arg_max(ms.partner_sq, ms.end_year) as partner_sq,
    arg_max(ms.partner_en, ms.end_year) as partner_en
from municipalities as m
left join memberships as ms using (municipality_code)
group by all
order by m.municipality_code
