-- The outcomes journal: each change the network observed in what a local actor does (outcome
-- harvesting), with its evidence and the network's contribution, oldest first. The pages filter
-- it by year and municipality in popdash.views.outcomes_journal.
-- Grain: outcome. Parameters: none.
select *
from outcomes
order by observed_date, outcome_id
