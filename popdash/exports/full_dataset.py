"""The full dataset for public download: every table of a data version except attendance,
which is given aggregated per event (in all, by sex, by age band, by role) with counts of 1 to
4 people hidden, so neither participant codes nor small groups of people leave the app."""
from __future__ import annotations

from popdash.data import db, store
from popdash.data.schema import load_schema
from popdash.exports import spreadsheets
from popdash.ingest.templates import zip_bytes
from popdash.views.privacy import suppress_small

PRIVATE_TABLES = {"attendance"}
AGGREGATED_ATTENDANCE = "attendance_by_event"


def public_tables(version: str | None = None) -> dict:
    """Table name -> DataFrame, in the schema's order, attendance replaced by its aggregate."""
    tables = {}
    for name in load_schema():
        if name in PRIVATE_TABLES:
            counts = db.run(AGGREGATED_ATTENDANCE, version=version)
            tables[AGGREGATED_ATTENDANCE] = suppress_small(counts, ["participants"], by=["event_id", "dimension"])
        else:
            tables[name] = store.read_table(name, version)
    return tables


def csv_zip(version: str | None = None) -> bytes:
    """One CSV file per table (UTF-8 with BOM, formulas neutralised) in a zip."""
    return zip_bytes({f"{name}.csv": spreadsheets.to_csv_bytes(frame) for name, frame in public_tables(version).items()})


def excel(version: str | None = None) -> bytes:
    """One sheet per table."""
    return spreadsheets.to_excel_bytes(public_tables(version))
