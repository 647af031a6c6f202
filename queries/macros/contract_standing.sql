-- Table macro contract_standing(as_of, municipalities): where each chosen municipality's
-- current social contract stood at the end of year `as_of`, one row per priority of that
-- contract assessed by then (status and date of its latest assessment). Shared by
-- priorities_addressed_by_municipality and priorities_addressed_by_pillar; their headers give
-- the definitions ("current contract": the most recently signed contract, signed by the end of
-- the year, with at least one assessment by then).
-- Registered on each connection by popdash.data.db.
-- Grain: assessed priority of a current contract.
create or replace macro contract_standing(as_of, municipalities) as table
with
statuses as (
    -- priority_status: each assessed priority's latest status at the end of each year with an
    -- assessment (queries/derived/priority_status.sql); here the latest such year up to as_of
    select contract_id, municipality_code, signed_date, priority_id, status, assessed_date
    from priority_status
    where year = (select max(year) from priority_status where year <= as_of)
      and year(signed_date) <= as_of
      and list_contains(municipalities, municipality_code)
),
current_contract as (
    select municipality_code, arg_max(contract_id, (signed_date, contract_id)) as contract_id
    from (select distinct municipality_code, contract_id, signed_date from statuses)
    group by municipality_code
)
select s.municipality_code, s.contract_id, s.priority_id, s.status, s.assessed_date
from statuses as s
join current_contract as cc using (municipality_code, contract_id);
