-- Table macro contract_standing(as_of, municipalities): where each chosen municipality's
-- current social contract stood at the end of year `as_of`, one row per pillar of that
-- contract: its priorities counted by the status of their latest assessment by then. Shared by
-- priorities_addressed_by_municipality and priorities_addressed_by_pillar; their headers give
-- the definitions ("current contract": the most recently signed contract, signed by the end of
-- the year, with at least one assessment by then).
-- Registered on each connection by popdash.data.db.
-- Grain: pillar of a current contract (pillars with a priority in it, assessed or not).
-- Columns: those of contract_status_counts (queries/derived/contract_status_counts.sql) but the
-- year and the flag: municipality_code, contract_id, signed_date, pillar, priorities,
-- priorities_assessed, priorities_fully, priorities_partly, priorities_not_addressed,
-- last_assessed.
create or replace macro contract_standing(as_of, municipalities) as table
with
standing as (
    -- contract_status_counts: each contract's priorities per pillar by status at the end of
    -- each year with an assessment; here the latest such year up to as_of. The contract is
    -- chosen here, not by the table's current_at_year_end: a contract counts if signed by the
    -- end of as_of, which may come after the year of the rows.
    select municipality_code, contract_id, signed_date, pillar, priorities, priorities_assessed,
           priorities_fully, priorities_partly, priorities_not_addressed, last_assessed
    from contract_status_counts
    where year = (select max(year) from contract_status_counts where year <= as_of)
      and year(signed_date) <= as_of
      and list_contains(municipalities, municipality_code)
),
current_contract as (
    select municipality_code, arg_max(contract_id, (signed_date, contract_id)) as contract_id
    from standing
    group by municipality_code
)
select s.*
from standing as s
join current_contract as cc using (municipality_code, contract_id);
