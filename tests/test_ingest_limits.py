"""A file over the row limit gets its translated message, never a traceback: from the readers,
the import, the command line and the upload page; and nothing under data/ changes."""
from __future__ import annotations

import pytest

from ingest_files import csv_bytes, events_sheet, fingerprint, xlsx
from test_ingest import EVENTS, events_file, files_dir, prepare, ref_root  # noqa: F401
from test_upload_page import PASSWORDS, coordinators_json, open_page, sign_in, table_with, upload
from popdash import cli
from popdash.ingest import readers

LIMIT = readers.MAX_ROWS_PER_SHEET


def events_csv(rows: int) -> bytes:
    """An events CSV with a header and `rows` short rows, written in code (about 6 MB at the limit)."""
    return csv_bytes(events_sheet(*([f"E{i}", "SHK", "14.05.2025", "forum", "F"] for i in range(rows))))


@pytest.fixture(scope="module")
def one_row_too_many() -> bytes:
    data = events_csv(LIMIT + 1)
    assert len(data) < readers.MAX_FILE_MB * 1024 * 1024  # refused for its rows, not its size
    return data


def test_a_csv_one_row_over_the_limit_is_refused_with_its_message(ref_root, one_row_too_many):
    plan = prepare([("events.csv", one_row_too_many)])
    assert [(p.file, p.sheet, p.key) for p in plan.errors] == [("events.csv", "events", "too_many_rows")]
    assert plan.errors[0].message("en") == f"Sheet events has more than {LIMIT:,} rows: split it into several files."
    limit_sq = f"{LIMIT:,}".replace(",", ".")  # Albanian groups thousands with a dot: 200.000
    assert plan.errors[0].message("sq") == f"Fleta events ka më shumë se {limit_sq} rreshta: ndajeni në disa skedarë."


def test_the_command_line_prints_the_message_and_changes_nothing(ref_root, files_dir, one_row_too_many, capsys):
    before = fingerprint(ref_root)
    path = files_dir / "events.csv"
    path.write_bytes(one_row_too_many)
    assert cli.main(["ingest", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"Error: events.csv · events: Sheet events has more than {LIMIT:,} rows" in out
    assert "Import refused: nothing changed." in out and "Traceback" not in out
    assert fingerprint(ref_root) == before


def test_a_workbook_sheet_over_the_limit_is_refused_and_one_at_the_limit_is_read(ref_root, monkeypatch):
    """The same check in the workbook reader, at a small limit (openpyxl takes over half a
    minute to write and read 200,001 rows); the CSV tests above use the real limit."""
    monkeypatch.setattr(readers, "MAX_ROWS_PER_SHEET", 3)
    rows = [[f"SHK-E-2026-00{i}", "SHK", "14.05.2025", "forum", "Forum"] for i in range(1, 5)]
    assert prepare([events_file(*rows[:3])]).ok
    plan = prepare([events_file(*rows)])
    assert [(p.sheet, p.key) for p in plan.errors] == [(EVENTS, "too_many_rows")]
    assert plan.errors[0].message("en") == f"Sheet {EVENTS} has more than 3 rows: split it into several files."


def test_a_sheet_without_a_header_row_gets_its_message(ref_root):
    """The other message that names a sheet in its text, and so once met the same crash."""
    plan = prepare([("e.xlsx", xlsx({EVENTS: [["lorem", "ipsum"], [1, 2]]}))])
    assert [(p.sheet, p.row, p.key) for p in plan.errors] == [(EVENTS, 1, "no_header")]
    assert plan.errors[0].message("en").endswith(f"({EVENTS}).")


def test_the_upload_page_shows_the_message_and_writes_nothing(sample_root, monkeypatch, one_row_too_many):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "rrjeti", PASSWORDS["rrjeti"])
    before = fingerprint(sample_root)
    at = upload(at, "events.csv", one_row_too_many)
    assert not at.exception
    assert [e.value for e in at.error] == ["The files have 1 errors: nothing was changed"]
    assert table_with(at, "What was expected")["What was expected"].tolist() == [
        f"Sheet events has more than {LIMIT:,} rows: split it into several files."]
    assert fingerprint(sample_root) == before
