"""Importing monitoring data: what people really type is accepted, every problem is reported
at its spreadsheet row and column, a failed or interrupted import changes nothing, imports
merge by key, and the filled template round-trips to the same figures."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import write_dataset
from ingest_files import (ATTENDANCE_KEYS, EVENT_KEYS, MEETING_KEYS, OUTREACH_KEYS, TODAY, csv_bytes, events_sheet,
                          fingerprint, header, headers, meeting_row, reference_tables, xlsx)
from popdash import cli
from popdash.data import audit_log, db, store
from popdash.data.schema import Column
from popdash.ingest import importer, normalise as nz, readers
from popdash.ingest.problems import problems_frame
from popdash.ingest.record_types import Field, record_type
from popdash.ingest.templates import build_workbook
from popdash.ingest.validation import build_vocabulary, read_cell

EVENTS = record_type("events").sheet_name
MEETINGS = record_type("meetings").sheet_name


@pytest.fixture
def ref_root(data_root):
    """Municipalities, memberships and two events (SHK-E-2025-001, TIR-E-2025-001)."""
    write_dataset(data_root, reference_tables(), version="base")
    return data_root


@pytest.fixture
def files_dir(tmp_path_factory):
    """A folder for files to import, outside the data root."""
    return tmp_path_factory.mktemp("files")


def prepare(files, **kwargs):
    kwargs.setdefault("today", TODAY)
    return importer.prepare(files, **kwargs)


def events_file(*rows, name="events.xlsx"):
    return (name, xlsx({EVENTS: events_sheet(*rows)}))


def located(plan) -> set[tuple]:
    """(sheet, row, column, message key) of every error."""
    return {(p.sheet, p.row, p.column, p.key) for p in plan.errors}


def imported_events(plan) -> dict[str, dict]:
    return {r["event_id"]: r for r in plan.tables["events"]}


# What people type ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Shkodër", "Shkodra", "shkoder", "SHKODËR", "SHK", "shk", "  Shkodra ",
                                   "Bashkia Shkodër", "shkodra"])
def test_municipality_names_in_any_form_become_the_code(ref_root, typed):
    plan = prepare([events_file(["SHK-E-2026-001", typed, "14.05.2025", "workshop qytetar", "Workshop"])])
    assert plan.ok, [p.key for p in plan.errors]
    assert imported_events(plan)["SHK-E-2026-001"]["municipality_code"] == "SHK"


def test_municipality_names_with_spaces_and_english_names(ref_root):
    plan = prepare([events_file(["E1", "vau i dejes", "14.05.2025", "forum", "A"],
                                ["E2", "Tirana", "14.05.2025", "forum", "B"],
                                ["E3", "korca", "14.05.2025", "forum", "C"])])
    assert {k: r["municipality_code"] for k, r in imported_events(plan).items() if k.startswith("E")} == \
        {"E1": "VDE", "E2": "TIR", "E3": "KOR"}


@pytest.mark.parametrize("typed", ["14.05.2025", "14/05/2025", "2025-05-14", "14.5.2025", "14-05-2025", " 14.05.2025 ",
                                   "14.05.25", datetime(2025, 5, 14), date(2025, 5, 14), 45791])
def test_dates_as_people_write_them(ref_root, typed):
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", typed, "workshop", "Workshop"])])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    assert imported_events(plan)["SHK-E-2026-001"]["event_date"] == date(2025, 5, 14)


@pytest.mark.parametrize("typed,expected", [
    ("Po", True), ("po", True), ("Jo", False), ("Yes", True), ("no", False), ("P", True), ("J", False),
    ("1", True), ("0", False), (1, True), (0, False), ("x", True), ("X", True), ("", False), (None, False),
    (" Po ", True), (True, True), (False, False)])
def test_yes_no_as_people_write_it(typed, expected):
    column = Column("published", "bool", False, "Published?")
    vocabulary = build_vocabulary([], [], TODAY)
    value, problem = read_cell(typed, Field("published", "meetings", column), vocabulary)
    assert problem is None and value is expected


def test_yes_no_refuses_other_words():
    column = Column("published", "bool", False, "Published?")
    value, problem = read_cell("maybe", Field("published", "meetings", column), build_vocabulary([], [], TODAY))
    assert problem.key == "not_yes_no"


@pytest.mark.parametrize("typed,code", [
    ("forum publik", "forum"), ("Public forum", "forum"), ("forum", "forum"), ("FORUM", "forum"),
    ("workshop qytetar", "workshop"), ("punëtori", "workshop"), ("punetori", "workshop"),
    ("grup fokusi", "focus_group"), ("focus_group", "focus_group"), ("Focus group", "focus_group"),
    ("  takim   dialogu ", "dialogue")])
def test_coded_values_in_albanian_english_or_code(ref_root, typed, code):
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", typed, "Aktivitet"])])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    assert imported_events(plan)["SHK-E-2026-001"]["event_type"] == code


def test_wide_meeting_scores_in_both_languages(ref_root):
    scores = ["plotësisht", "Pjesërisht", "aspak", "pa vëzhguar", "full", "half", "ZERO", "not observed"]
    rows = [headers("meetings", MEETING_KEYS), meeting_row("SHK-2025-03-27", "Shkodër", "27.03.2025", scores=scores)]
    plan = prepare([("m.xlsx", xlsx({MEETINGS: rows}))])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    observed = {o["indicator_code"]: o["score"] for o in plan.tables["meeting_observations"] if o["meeting_id"] == "SHK-2025-03-27"}
    assert observed == {"I01": "full", "I02": "half", "I03": "zero", "I04": "not_observed",
                        "I05": "full", "I06": "half", "I07": "zero", "I08": "not_observed"}
    assert plan.changes["meetings"].added == 1 and plan.changes["meeting_observations"].added == 8


def test_headers_in_albanian_english_or_column_names(ref_root):
    rows = [["Kodi i aktivitetit", "Municipality", "event_date", "LLOJI I AKTIVITETIT", " Title "],
            ["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"]]
    plan = prepare([("e.xlsx", xlsx({EVENTS: rows}))])
    assert plan.ok, [(p.key, p.column) for p in plan.errors]
    assert imported_events(plan)["SHK-E-2026-001"]["title"] == "Forum"


def test_numbers_as_people_write_them(ref_root):
    rows = [headers("outreach", OUTREACH_KEYS),
            ["SHK", "04.2025", "rrjetet sociale", "1.250"],
            ["SHK", "2025-05", "Website", "1 300"],
            ["SHK", "17.06.2025", "tv", 1400.0],
            ["SHK", date(2025, 7, 1), "radio", " 15 "]]
    plan = prepare([("o.xlsx", xlsx({record_type("outreach").sheet_name: rows}))])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    got = {(r["month"], r["channel"]): r["people_reached"] for r in plan.tables["outreach"]}
    assert got == {(date(2025, 4, 1), "social"): 1250, (date(2025, 5, 1), "website"): 1300,
                   (date(2025, 6, 1), "tv"): 1400, (date(2025, 7, 1), "radio"): 15}


def test_parse_float_habits():
    assert nz.parse_float("0,5") == 0.5 and nz.parse_float("0.5") == 0.5
    assert nz.parse_float("50%") == 0.5 and nz.parse_float("1.250.000") == 1_250_000
    assert nz.parse_float("1.250,75") == 1250.75 and nz.parse_float("1,250.75") == 1250.75
    with pytest.raises(nz.Invalid) as ambiguous:
        nz.parse_float("1.250")
    assert ambiguous.value.key == "ambiguous_number"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_in_every_encoding_excel_writes(ref_root, encoding, delimiter):
    rows = events_sheet(["SHK-E-2026-001", "Shkodër", "14.05.2025", "forum", "Forum për çështjet e lagjes"])
    plan = prepare([("aktivitetet.csv", csv_bytes(rows, encoding, delimiter))])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    event = imported_events(plan)["SHK-E-2026-001"]
    assert event["title"] == "Forum për çështjet e lagjes" and event["municipality_code"] == "SHK"


def test_csv_named_by_record_type_or_recognised_by_headers(ref_root):
    rows = [headers("attendance", ATTENDANCE_KEYS), ["SHK-E-2025-001", "P-1", "femër", "18-29", "qytetar"]]
    for name in ("attendance.csv", "Pjesëmarrja.csv", "export-from-kobo.csv"):
        plan = prepare([(name, csv_bytes(rows))])
        assert plan.ok and plan.changes["attendance"].added == 1, name


# Rejections, each at its row and column --------------------------------------------------------

def test_every_problem_is_reported_at_once_with_row_and_column(ref_root):
    plan = prepare([events_file(
        ["SHK-E-2026-001", "Shkodër", "14.05.2025", "forum", "Mirë"],        # row 2: fine
        ["SHK-E-2026-002", "Shkodërr", "14.05.2025", "forum", "X"],          # row 3: unknown municipality
        ["SHK-E-2026-003", "SHK", "31.02.2025", "forum", "X"],               # row 4: no such day
        ["SHK-E-2026-004", "SHK", "05/14/2025", "forum", "X"],               # row 5: month first, refused
        ["SHK-E-2026-005", "SHK", "15.07.2026", "forum", "X"],               # row 6: future
        ["SHK-E-2026-006", "SHK", "31.12.2014", "forum", "X"],               # row 7: before the programme
        ["SHK-E-2026-007", "SHK", "14.05.2025", "party", "X"],               # row 8: not an event type
        ["SHK-E-2026-008", "SHK", "14.05.2025", "forum", None],              # row 9: required
        ["SHK-E-2026-001", "SHK", "15.05.2025", "forum", "Dublikatë"],       # row 10: duplicate of row 2
        ["SHK-E-2026-010", "SHK", "nesër", "forum", "X"],                    # row 11: not a date
    )])
    assert not plan.ok and plan.tables is None
    municipality, day, kind, title, event_id = (header("events", k) for k in
                                                ("municipality_code", "event_date", "event_type", "title", "event_id"))
    assert located(plan) == {
        (EVENTS, 3, municipality, "unknown_municipality"),
        (EVENTS, 4, day, "not_a_real_date"),
        (EVENTS, 5, day, "month_first_date"),
        (EVENTS, 6, day, "date_in_future"),
        (EVENTS, 7, day, "date_too_early"),
        (EVENTS, 8, kind, "not_allowed"),
        (EVENTS, 9, title, "required"),
        (EVENTS, 10, event_id, "duplicate_key"),
        (EVENTS, 11, day, "not_date"),
    }
    table = problems_frame(plan.errors, "en")
    assert list(table.columns) == ["Kind", "Row", "Column", "Value found", "What was expected", "Sheet", "File"]
    first = table.iloc[0]
    assert (first["File"], first["Row"], first["Value found"]) == ("events.xlsx", 3, "Shkodërr")
    assert "Shkodër" in first["What was expected"] and "Tirana" in first["What was expected"]
    kind_row = table[table.Row == 8].iloc[0]
    assert kind_row["What was expected"] == "One of: citizen workshop, public forum, focus group, dialogue meeting, training."
    sq = problems_frame(plan.errors, "sq")
    assert sq[sq.Rreshti == 8].iloc[0]["Çfarë pritej"] == \
        "Një nga: workshop qytetar, forum publik, grup fokusi, takim dialogu, trajnim."
    assert sq[sq.Rreshti == 10].iloc[0]["Çfarë pritej"].endswith("rreshti 2 (fleta Aktivitetet - Events, events.xlsx).")


def test_headcounts_cannot_be_negative(ref_root):
    rows = [headers("outreach", OUTREACH_KEYS), ["SHK", "04.2025", "social", -5], ["SHK", "05.2025", "social", "12,5"]]
    plan = prepare([("o.csv", csv_bytes(rows))])
    column, sheet = header("outreach", "people_reached"), record_type("outreach").sheet_name
    assert located(plan) == {(sheet, 2, column, "below_min"), (sheet, 3, column, "not_whole_number")}
    assert plan.errors[0].message("en") == "A value not below 0."


def test_meeting_limits_and_missing_scores(ref_root):
    rows = [headers("meetings", MEETING_KEYS),
            meeting_row("SHK-2025-03-27", "SHK", "27.03.2025", notice=-1),
            meeting_row("SHK-2025-04-27", "SHK", "27.04.2025", scores=["plotësisht"] * 7 + [None])]
    plan = prepare([("m.xlsx", xlsx({MEETINGS: rows}))])
    assert located(plan) == {(MEETINGS, 2, header("meetings", "notice_days"), "below_min"),
                             (MEETINGS, 3, header("meetings", "I08"), "required")}


def test_missing_required_column_is_reported_on_the_header_row(ref_root):
    rows = [headers("events", ["event_id", "municipality_code", "event_date", "title"]),
            ["SHK-E-2026-001", "SHK", "14.05.2025", "Forum"]]
    plan = prepare([("e.xlsx", xlsx({EVENTS: rows}))])
    assert located(plan) == {(EVENTS, 1, "Lloji i aktivitetit / Event type", "missing_column")}


def test_attendance_must_name_an_existing_event(ref_root):
    attendance = record_type("attendance").sheet_name
    rows = [headers("attendance", ATTENDANCE_KEYS),
            ["SHK-E-2025-001", "P-1", "F", "18-29", "citizen"],       # stored event
            ["SHK-E-2026-050", "P-1", "F", "18-29", "citizen"],       # event in the same import
            ["SHK-E-2026-999", "P-2", "M", "30-44", "citizen"],       # nowhere
            ["shk-e-2025-001", "P-3", "M", "30-44", "citizen"]]       # nowhere, but close to a stored one
    workbook = xlsx({EVENTS: events_sheet(["SHK-E-2026-050", "SHK", "14.05.2025", "forum", "Forum"]), attendance: rows})
    plan = prepare([("a.xlsx", workbook)])
    column = header("attendance", "event_id")
    assert located(plan) == {(attendance, 4, column, "unknown_reference"), (attendance, 5, column, "unknown_reference_hint")}
    hint = next(p for p in plan.errors if p.row == 5)
    assert hint.message("en") == "A code that exists in Events; did you mean SHK-E-2025-001?"
    fixed = prepare([("a.xlsx", xlsx({EVENTS: events_sheet(["SHK-E-2026-050", "SHK", "14.05.2025", "forum", "Forum"]),
                                      attendance: rows[:3]}))])
    assert fixed.ok and fixed.changes["attendance"].added == 2


def test_participant_codes_are_never_echoed_in_the_report(ref_root):
    attendance = record_type("attendance").sheet_name
    rows = [headers("attendance", ATTENDANCE_KEYS), ["SHK-E-2025-001", "P-7F3A91", "F", "18-29", "citizen"],
            ["SHK-E-2025-001", "P-7F3A91", "F", "18-29", "citizen"]]
    plan = prepare([("a.xlsx", xlsx({attendance: rows}))])
    (problem,) = plan.errors
    assert (problem.row, problem.key, problem.value) == (3, "duplicate_key", "SHK-E-2025-001, •••")
    assert "P-7F3A91" not in problems_frame(plan.problems, "en").to_csv()


def test_duplicates_across_files_are_reported(ref_root):
    first = events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "A"], name="one.xlsx")
    second = ("two.csv", csv_bytes(events_sheet(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "B"])))
    plan = prepare([first, second])
    (problem,) = plan.errors
    assert (problem.file, problem.row, problem.key) == ("two.csv", 2, "duplicate_key")
    assert problem.params["first_file"] == "one.xlsx"


@pytest.mark.parametrize("name,data,key", [
    ("notes.pdf", b"%PDF-1.4", "unsupported_type"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy_excel"),
    ("broken.xlsx", b"PK\x03\x04 this is not a zip", "corrupt_xlsx"),
    ("renamed.xlsx", b"event_id,title\nA,B\n", "corrupt_xlsx"),
    ("huge.csv", b"a" * (11 * 1024 * 1024), "too_large"),
])
def test_files_that_cannot_be_read_are_refused(ref_root, name, data, key):
    plan = prepare([(name, data)])
    assert [(p.file, p.key) for p in plan.errors] == [(name, key)]


def zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose one member unpacks to 200 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bombs_disguised_as_xlsx_are_refused_before_opening(ref_root, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024
    plan = prepare([("bomb.xlsx", bomb)])
    assert [p.key for p in plan.errors] == ["suspicious_archive"]


def test_a_file_without_template_sheets_is_refused(ref_root):
    plan = prepare([("other.xlsx", xlsx({"Sheet1": [["a", "b"], [1, 2]]}))])
    assert [p.key for p in plan.warnings] == ["unknown_sheet"]
    assert [p.key for p in plan.errors] == ["no_records"]


# Nothing changes unless everything is right -----------------------------------------------------

def test_a_failed_import_leaves_every_file_byte_for_byte_unchanged(ref_root, files_dir):
    before = fingerprint(ref_root)
    bad = files_dir / "bad.xlsx"
    bad.write_bytes(xlsx({EVENTS: events_sheet(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Mirë"],
                                               ["SHK-E-2026-002", "Nowhere", "14.05.2025", "forum", "X"])}))
    plan = importer.prepare([(bad.name, bad.read_bytes())])
    with pytest.raises(ValueError):
        importer.commit(plan, "tester")
    assert cli.main(["ingest", str(bad), "--lang", "en"]) == 1
    assert fingerprint(ref_root) == before


class Interrupted(RuntimeError):
    pass


def test_an_import_killed_while_writing_tables_leaves_the_data_as_it_was(ref_root, monkeypatch):
    before = fingerprint(ref_root)
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])])
    real_write = pq.write_table
    calls = []

    def dying_write(table, where, **kwargs):
        calls.append(where)
        if len(calls) == 1:  # the import's only changed table: the others are linked
            raise Interrupted("killed mid-write")
        return real_write(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", dying_write)
    with pytest.raises(Interrupted):
        importer.commit(plan, "tester")
    after = fingerprint(ref_root)
    assert {k: v for k, v in after.items() if k != importer.LOCK_FILE} == before
    assert store.current_version(ref_root) == "base"
    assert len(store.read_table("events")) == 2
    assert int(db.run("key_figures_by_year", municipalities=["SHK", "TIR"]).public_forums.sum()) == 1
    assert not audit_log.read_log(ref_root)


def test_an_import_killed_at_the_pointer_switch_leaves_the_current_data(ref_root, monkeypatch):
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])])
    before = {k: v for k, v in fingerprint(ref_root).items() if k.startswith("versions/base/") or k == "CURRENT"}
    real_replace = importer.store.os.replace

    def dying_replace(source, target):
        if str(target).endswith("CURRENT"):
            raise Interrupted("killed at the switch")
        return real_replace(source, target)

    monkeypatch.setattr(importer.store.os, "replace", dying_replace)
    with pytest.raises(Interrupted):
        importer.commit(plan, "tester")
    after = fingerprint(ref_root)
    assert {k: v for k, v in after.items() if k in before} == before
    assert store.current_version(ref_root) == "base" and len(store.read_table("events")) == 2


# Merging by key ------------------------------------------------------------------------------

def test_reimporting_the_same_file_changes_nothing(ref_root):
    files = [events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])]
    first = importer.commit(prepare(files), "tester")
    assert first is not None and store.current_version(ref_root) == first
    tables_after_first = {n: store.read_table(n) for n in ("events", "attendance", "meetings")}
    versions_after_first = store.list_versions(ref_root)
    second_plan = prepare(files)
    assert not second_plan.has_changes and second_plan.changes["events"].unchanged == 1
    assert importer.commit(second_plan, "tester") is None
    assert store.list_versions(ref_root) == versions_after_first and store.current_version(ref_root) == first
    for name, frame in tables_after_first.items():
        pd.testing.assert_frame_equal(store.read_table(name), frame)
    log = audit_log.read_log(ref_root)
    assert [e["version"] for e in log] == [first, None]


def test_a_corrected_record_replaces_the_earlier_one(ref_root):
    importer.commit(prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum me gabim"])]), "a")
    plan = prepare([events_file(["SHK-E-2026-001", "Shkodra", "14.05.2025", "forum", "Forum i korrigjuar"],
                                ["SHK-E-2026-002", "SHK", "15.05.2025", "workshop", "I ri"])])
    assert (plan.changes["events"].added, plan.changes["events"].changed) == (1, 1)
    importer.commit(plan, "b")
    events = store.read_table("events").set_index("event_id")
    assert events.loc["SHK-E-2026-001", "title"] == "Forum i korrigjuar"
    assert len(events) == 4


def test_columns_missing_from_a_file_keep_their_stored_values(ref_root):
    rows = [headers("meetings", MEETING_KEYS), meeting_row("SHK-2025-03-27", "SHK", "27.03.2025")]
    rows[1][6] = "https://example.org/stored"
    importer.commit(prepare([("m.xlsx", xlsx({MEETINGS: rows}))]), "a")
    without_evidence = [[c for i, c in enumerate(r) if i != 6] for r in rows]
    without_evidence[1][4] = 9  # notice_days corrected
    plan = prepare([("m.xlsx", xlsx({MEETINGS: without_evidence}))])
    assert plan.changes["meetings"].changed == 1 and plan.changes["meeting_observations"].unchanged == 8
    importer.commit(plan, "b")
    meeting = store.read_table("meetings").iloc[0]
    assert meeting.notice_days == 9 and meeting.evidence == "https://example.org/stored"


def test_legal_duties_missed_are_warnings_that_do_not_block(ref_root):
    rows = [headers("meetings", MEETING_KEYS), meeting_row("SHK-2025-03-27", "SHK", "27.03.2025", notice=3, published=14),
            meeting_row("SHK-2025-04-27", "SHK", "27.04.2025", notice=5, published=10)]
    plan = prepare([("m.xlsx", xlsx({MEETINGS: rows}))])
    assert plan.ok
    assert {(p.row, p.column, p.key) for p in plan.warnings} == {
        (2, header("meetings", "notice_days"), "notice_too_short"),
        (2, header("meetings", "decisions_published_days"), "late_publication")}
    assert plan.warnings[0].message("en").startswith("Notice was given 3 days before: the law asks for at least 5")
    assert importer.commit(plan, "tester") is not None


def test_the_query_cache_follows_the_new_version(ref_root):
    before = db.run("key_figures_by_year", municipalities=["SHK", "TIR"])
    assert int(before.public_forums.sum()) == 1
    importer.commit(prepare([events_file(["SHK-E-2025-101", "SHK", "14.05.2025", "forum", "Forum"])]), "tester")
    after = db.run("key_figures_by_year", municipalities=["SHK", "TIR"])
    assert int(after.public_forums.sum()) == 2


def test_the_audit_log_records_who_what_and_which_file(ref_root):
    name, data = events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])
    version = importer.commit(prepare([(name, data)]), "koordinatori")
    (entry,) = audit_log.read_log(ref_root)
    assert entry["user"] == "koordinatori" and entry["version"] == version and entry["action"] == "import"
    assert entry["files"][0]["name"] == name and entry["files"][0]["sha256"] == importer.file_info(name, data).sha256
    assert entry["changes"] == {"events": {"added": 1, "changed": 0, "removed": 0}}
    manifest = store.read_manifest(version)
    assert manifest["source"] == "import" and manifest["base_version"] == "base"


# Sample data, replace, versions ------------------------------------------------------------------

def test_merging_into_sample_data_keeps_the_sample_label_and_replace_clears_it(data_root, sample_frames):
    tables = {**reference_tables(), "events": sample_frames["events"]}
    write_dataset(data_root, tables, sample=True, version="sample")
    files = [events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])]
    merged = importer.commit(prepare(files), "tester")
    assert store.read_manifest(merged)["sample"] is True
    replaced_plan = prepare(files, replace=True)
    assert replaced_plan.changes["events"].removed == len(sample_frames["events"])
    replaced = importer.commit(replaced_plan, "tester")
    assert store.read_manifest(replaced)["sample"] is False
    assert list(store.read_table("events").event_id) == ["SHK-E-2026-001"]
    assert len(store.read_table("municipalities")) == len(tables["municipalities"])


def test_versions_are_listed_and_an_earlier_one_restored(ref_root, capsys):
    version = importer.commit(prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])]), "tester")
    assert cli.main(["versions"]) == 0
    listing = capsys.readouterr().out
    assert f"* {version}" in listing and "base" in listing
    assert cli.main(["restore", "base", "--user", "admin", "--lang", "en"]) == 0
    assert store.current_version(ref_root) == "base" and len(store.read_table("events")) == 2
    entry = audit_log.read_log(ref_root)[-1]
    assert (entry["action"], entry["user"], entry["version"], entry["base_version"]) == ("restore", "admin", "base", version)
    assert cli.main(["restore", "no-such-version"]) == 1


def test_a_stale_plan_is_not_written(ref_root):
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])])
    importer.commit(prepare([events_file(["SHK-E-2026-002", "SHK", "14.05.2025", "forum", "Tjetër"])]), "other")
    with pytest.raises(importer.StaleData):
        importer.commit(plan, "tester")


def test_command_line_dry_run_writes_nothing(ref_root, files_dir, capsys):
    path = files_dir / "events.csv"
    path.write_bytes(csv_bytes(events_sheet(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"]), "utf-8-sig", ";"))
    before = fingerprint(ref_root)
    assert cli.main(["ingest", str(path), "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Dry run" in out and "Events" in out
    assert fingerprint(ref_root) == before
    assert cli.main(["ingest", str(path), "--user", "cli"]) == 0
    assert "SHK-E-2026-001" in set(store.read_table("events").event_id)


# Scope of a municipality's account ----------------------------------------------------------------

def test_a_scoped_account_may_change_only_its_municipality(ref_root):
    own = prepare([events_file(["SHK-E-2026-001", "Shkodër", "14.05.2025", "forum", "Forum"])], scope="SHK")
    assert own.ok
    other = prepare([events_file(["TIR-E-2026-001", "Tiranë", "14.05.2025", "forum", "Forum"])], scope="SHK")
    assert [(p.row, p.column, p.key, p.params["municipality"]) for p in other.errors] == \
        [(2, header("events", "municipality_code"), "out_of_scope", "TIR")]
    moved = prepare([events_file(["TIR-E-2025-001", "Shkodër", "02.03.2025", "forum", "Forum publik"])], scope="SHK")
    assert [p.key for p in moved.errors] == ["out_of_scope"]  # another municipality's stored record


def test_a_scoped_account_cannot_add_attendance_to_another_municipalitys_event(ref_root):
    attendance = record_type("attendance").sheet_name
    rows = [headers("attendance", ATTENDANCE_KEYS), ["TIR-E-2025-001", "P-1", "F", "18-29", "citizen"]]
    plan = prepare([("a.xlsx", xlsx({attendance: rows}))], scope="SHK")
    assert [p.key for p in plan.errors] == ["out_of_scope"]
    assert prepare([("a.xlsx", xlsx({attendance: rows}))], scope="TIR").ok


def test_targets_and_replace_are_for_network_staff(ref_root):
    targets = record_type("targets").sheet_name
    rows = [headers("targets", ["metric", "year", "target"]), ["mbledhje të monitoruara", 2026, "130"]]
    assert [p.key for p in prepare([("t.xlsx", xlsx({targets: rows}))], scope="SHK").errors] == ["network_only"]
    assert prepare([("t.xlsx", xlsx({targets: rows}))]).ok
    plan = prepare([events_file(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])], scope="SHK", replace=True)
    assert "replace_network_only" in [p.key for p in plan.errors]


def test_unchanged_rows_of_other_municipalities_do_not_block_a_scoped_account(ref_root):
    plan = prepare([events_file(["TIR-E-2025-001", "TIR", "02.03.2025", "forum", "Forum publik"],
                                ["SHK-E-2026-001", "SHK", "14.05.2025", "forum", "Forum"])], scope="SHK")
    assert plan.ok and plan.changes["events"].unchanged == 1 and plan.changes["events"].added == 1


# The round trip through the filled template ----------------------------------------------------

@pytest.fixture(scope="module")
def filled_workbook(tmp_path_factory, sample_frames):
    """The sample data written into the template (one workbook), and its sheets as read once:
    openpyxl takes seconds to read 13,000 rows, so the tests below share one reading."""
    root = tmp_path_factory.mktemp("filled")
    write_dataset(root, sample_frames, sample=True, version="sample")
    tables = importer.read_existing(root, "sample")
    data = build_workbook(tables["municipalities"], tables)
    return data, readers.read_file("filled.xlsx", data)


@pytest.fixture
def filled_sample(filled_workbook, monkeypatch):
    data, sheets = filled_workbook
    real = importer.read_file
    monkeypatch.setattr(importer, "read_file", lambda name, raw: sheets if raw is data else real(name, raw))
    return data


def test_the_filled_template_imports_back_unchanged(sample_root, filled_sample, sample_frames):
    plan = importer.prepare([("filled.xlsx", filled_sample)])
    assert plan.ok, plan.errors[:5]
    assert not plan.has_changes
    for name in importer.imported_tables():
        assert plan.changes[name].unchanged == len(sample_frames[name]), name
    assert importer.commit(plan, "tester") is None


def test_the_filled_template_round_trips_to_the_same_key_figures(sample_root, filled_sample, sample_frames):
    codes = list(sample_frames["municipalities"].municipality_code)
    before = db.run("key_figures_by_year", municipalities=codes)
    tables_before = {n: store.read_table(n) for n in importer.imported_tables()}
    # Start from the reference tables alone, then import the filled template as the whole data.
    write_dataset(sample_root, {n: sample_frames[n] for n in ("municipalities", "memberships")}, version="reference")
    assert int(db.run("key_figures_by_year", municipalities=codes).meetings_monitored.sum()) == 0
    plan = importer.prepare([("filled.xlsx", filled_sample)], replace=True)
    assert plan.ok, plan.errors[:5]
    assert all(plan.changes[n].added == len(sample_frames[n]) for n in importer.imported_tables())
    version = importer.commit(plan, "tester")
    assert store.current_version(sample_root) == version and store.read_manifest(version)["sample"] is False
    pd.testing.assert_frame_equal(db.run("key_figures_by_year", municipalities=codes), before)
    for name, frame in tables_before.items():
        after = store.read_table(name)
        key = list(frame.columns)
        pd.testing.assert_frame_equal(after.sort_values(key).reset_index(drop=True),
                                      frame.sort_values(key).reset_index(drop=True), check_dtype=False)
    assert json.loads((sample_root / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])["replace"] is True
