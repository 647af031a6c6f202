-- How far one or more municipalities' social contracts have been addressed, per pillar, by the
-- end of one year (the scorecard's "progress by pillar").
-- Grain: municipality x pillar (pillars with at least one priority in the contract).
-- Parameters: $year, $municipalities (list of municipality codes).
-- Definitions: the same as priorities_addressed_by_municipality.sql (the current cycle's
-- contract is the most recently signed one assessed by 31 December of $year; each priority's
-- latest assessment by then), split by the priority's pillar:
--   priorities, assessed, fully, partly, not_addressed   counts of priorities
--   share_addressed   (fully + partly) / assessed
-- Reads the macro contract_standing (queries/macros/contract_standing.sql): the current
-- contract's priorities per pillar, counted when the version was written
-- (queries/derived/contract_status_counts.sql).
select
    municipality_code,
    contract_id,
    pillar,
    priorities,
    priorities_assessed as assessed,
    priorities_fully as fully,
    priorities_partly as partly,
    priorities_not_addressed as not_addressed,
    (priorities_fully + priorities_partly) / nullif(priorities_assessed, 0) as share_addressed
from contract_standing($year, $municipalities)
order by municipality_code, pillar
