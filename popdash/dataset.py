"""The full dataset for public download: every table of a data version except attendance,
which is given aggregated per event (counts by sex, age band and role) so participant codes
never leave the app."""
from __future__ import annotations

from popdash import db, exports, store
from popdash.schema import load_schema
from popdash.templates import zip_bytes

PRIVATE_TABLES = {"attendance"}
AGGREGATED_ATTENDANCE = "attendance_by_event"


def public_tables(version: str | None = None) -> dict:
    """Table name -> DataFrame, in the schema's order, attendance replaced by its aggregate."""
    tables = {}
    for name in load_schema():
        if name in PRIVATE_TABLES:
            tables[AGGREGATED_ATTENDANCE] = db.run(AGGREGATED_ATTENDANCE, version=version)
        else:
            tables[name] = store.read_table(name, version)
    return tables


def csv_zip(version: str | None = None) -> bytes:
    """One CSV file per table (UTF-8 with BOM, formulas neutralised) in a zip."""
    return zip_bytes({f"{name}.csv": exports.to_csv_bytes(frame) for name, frame in public_tables(version).items()})


def excel(version: str | None = None) -> bytes:
    """One sheet per table."""
    return exports.to_excel_bytes(public_tables(version))
