"""Helpers for the import tests: small reference data, spreadsheet files built in code with
the template's headers, and a fingerprint of every file under a data root."""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import pandas as pd

from popdash.data import reference
from popdash.ingest.record_types import record_type

MUNICIPALITY_COLUMNS = ["municipality_code", "name_sq", "name_sq_definite", "name_en", "county_code",
                        "seat_lat", "seat_lon", "population"]
TODAY = date(2026, 6, 30)


def reference_tables() -> dict[str, pd.DataFrame]:
    """Municipalities and memberships as the programme has them, plus one event per town."""
    municipalities = pd.DataFrame(reference.MUNICIPALITIES, columns=MUNICIPALITY_COLUMNS)
    memberships = pd.DataFrame([(c, a, b, *reference.PARTNERS[c]) for c, a, b in reference.MEMBERSHIP_PERIODS],
                               columns=["municipality_code", "start_year", "end_year", "partner_sq", "partner_en"])
    events = pd.DataFrame([
        ("SHK-E-2025-001", "SHK", date(2025, 3, 1), "workshop", "Workshop për buxhetin"),
        ("TIR-E-2025-001", "TIR", date(2025, 3, 2), "forum", "Forum publik"),
    ], columns=["event_id", "municipality_code", "event_date", "event_type", "title"])
    return {"municipalities": municipalities, "memberships": memberships, "events": events}


def header(record_id: str, key: str) -> str:
    """The template's bilingual header of a column, e.g. 'Bashkia / Municipality'."""
    return record_type(record_id).field(key).header


def headers(record_id: str, keys: list[str]) -> list[str]:
    return [header(record_id, k) for k in keys]


EVENT_KEYS = ["event_id", "municipality_code", "event_date", "event_type", "title"]
ATTENDANCE_KEYS = ["event_id", "participant_code", "sex", "age_band", "role"]
MEETING_KEYS = ["meeting_id", "municipality_code", "meeting_date", "meeting_type", "notice_days",
                "decisions_published_days", "evidence", "I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08"]
OUTREACH_KEYS = ["municipality_code", "month", "channel", "people_reached"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with the given sheets (first row = headers)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def events_sheet(*rows: list) -> list[list]:
    return [headers("events", EVENT_KEYS), *[list(r) for r in rows]]


def fingerprint(root: Path) -> dict[str, str]:
    """sha256 of every file under the data root, by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def meeting_row(meeting_id: str, municipality: str, day, notice=7, published=5, scores=None) -> list:
    scores = scores or ["plotësisht"] * 8
    return [meeting_id, municipality, day, "e zakonshme", notice, published, "https://example.org/n", *scores]
