"""The outcomes journal as stored: its columns, and writing it into a data version directory.

Reading it is a named query (`outcomes_list`, through popdash.data.named_queries); the views
(popdash.views.outcomes_journal) receive the frame and never touch the version's files."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# Column -> type, in the order of the table definition (kept in step with the schema file).
OUTCOME_COLUMNS = {
    "outcome_id": "string",
    "municipality_code": "string",
    "observed_date": "date",
    "actor_type": "string",
    "actor_sq": "string",
    "actor_en": "string",
    "change_sq": "string",
    "change_en": "string",
    "significance": "string",
    "contribution_sq": "string",
    "contribution_en": "string",
    "evidence": "string",
    "priority_id": "string",
    "recommendation_id": "string",
}
ARROW_TYPES = {"string": pa.string(), "date": pa.date32()}


def arrow_schema() -> pa.Schema:
    return pa.schema([pa.field(name, ARROW_TYPES[kind]) for name, kind in OUTCOME_COLUMNS.items()])


def write_outcomes(frame: pd.DataFrame, version_dir) -> None:
    """Write a journal as outcomes.parquet into a data version directory (tests, imports)."""
    table = pa.Table.from_pandas(frame.reindex(columns=list(OUTCOME_COLUMNS)), schema=arrow_schema(),
                                 preserve_index=False)
    pq.write_table(table, version_dir / "outcomes.parquet")
