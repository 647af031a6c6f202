"""The full dataset for public download: every table of a data version except attendance,
which is given aggregated per event (in all, by sex, by age band, by role) with counts of 1 to
4 people hidden, so neither participant codes nor small groups of people leave the app."""
from __future__ import annotations

from popdash.data.named_queries import VersionRunner
from popdash.data.schema import load_schema
from popdash.exports import spreadsheets
from popdash.ingest.templates import zip_bytes
from popdash.views.privacy import suppress_small

PRIVATE_TABLES = {"attendance"}
AGGREGATED_ATTENDANCE = "attendance_by_event"


def public_tables(run: VersionRunner) -> dict:
    """Table name -> DataFrame of the runner's data version, in the schema's order, attendance
    replaced by its aggregate. `run` is a data-layer runner (ctx.run, or
    popdash.data.named_queries.runner()): it runs the aggregate and reads the other tables."""
    tables = {}
    for name in load_schema():
        if name in PRIVATE_TABLES:
            counts = run(AGGREGATED_ATTENDANCE)
            tables[AGGREGATED_ATTENDANCE] = suppress_small(counts, ["participants"], by=["event_id", "dimension"])
        else:
            tables[name] = run.table(name)
    return tables


def csv_zip(run: VersionRunner) -> bytes:
    """One CSV file per table (UTF-8 with BOM, formulas neutralised) in a zip."""
    return zip_bytes({f"{name}.csv": spreadsheets.to_csv_bytes(frame) for name, frame in public_tables(run).items()})


def excel(run: VersionRunner) -> bytes:
    """One sheet per table."""
    return spreadsheets.to_excel_bytes(public_tables(run))
