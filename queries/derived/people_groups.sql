-- Derived table `people_groups`: the people who attended in only one municipality in a year
-- (most of them), counted per municipality and per the sex, age band and role recorded at
-- their latest event, from `people`. A figure over several municipalities adds these counts
-- and deduplicates only the few people seen in more than one (people.municipality_count > 1),
-- instead of hashing every person of the year.
-- Grain: year x municipality_code x sex x age_band x role. Parameters: none.
-- Written with each data version (popdash.data.derived).
select year, municipality_code, sex, age_band, role, count(*) as people
from people
where municipality_count = 1
group by year, municipality_code, sex, age_band, role
order by year, municipality_code, sex, age_band, role
