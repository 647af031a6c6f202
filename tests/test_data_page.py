"""The Data page: freshness and completeness per municipality, the audit log of imports and
whether its hash chain is intact, and downloads of the whole dataset with attendance aggregated
per event, never participant codes."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import openpyxl
import pandas as pd
from streamlit.testing.v1 import AppTest

from browser_support import captured_media
from pages import APP
from popdash.app import accounts, upload_session
from popdash.data import audit_log, db
from popdash.data.named_queries import runner
from popdash.exports import full_dataset
from popdash.i18n.safe_text import escape_markdown
from popdash.ingest import importer
from test_ingest import events_file

PAGE = "pages/data.py"


def open_page(lang="sq", **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def table_with(at: AppTest, column: str) -> pd.DataFrame | None:
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def test_freshness_shows_the_latest_records_per_municipality(sample_root, sample_frames):
    at = open_page("en")
    assert not at.exception
    table = table_with(at, "Latest meeting").set_index("Municipality")
    meetings = sample_frames["meetings"]
    latest = meetings.groupby("municipality_code").meeting_date.max()
    assert len(table) == 10  # the members of 2025
    assert table.loc["Shkodër", "Latest meeting"].date() == latest["SHK"]
    assert table.loc["Shkodër", "Days since latest meeting"] == (date.today() - latest["SHK"]).days
    events = sample_frames["events"]
    assert table.loc["Tirana", "Latest event"].date() == events[events.municipality_code == "TIR"].event_date.max()


def test_completeness_names_unmonitored_months_and_missing_reports(sample_root):
    at = open_page("sq", year="2025")
    table = table_with(at, "Muaj pa mbledhje të monitoruar").set_index("Bashkia")
    expected = db.run("monitoring_gaps_by_municipality", year=2025, today=date.today(),
                      municipalities=["TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE"])
    puk = expected.set_index("municipality_code").loc["PUK"]
    months = {4: "pri", 8: "gush", 12: "dhj"}
    assert list(puk.months_without_meeting) == [4, 8, 12]
    assert table.loc["Pukë", "Muaj pa mbledhje të monitoruar"] == ", ".join(months[m] for m in (4, 8, 12))
    assert table.loc["Pukë", "Muaj pa monitorim"] == 3 and table.loc["Pukë", "Raport në vit"] == "po"
    with_gaps = int((expected.months_missing_count > 0).sum())
    captions = [c.value for c in at.caption]
    assert f"{with_gaps} nga 10 bashki kanë muaj pa asnjë mbledhje të monitoruar në 2025; 0 pa raport monitorimi." in captions


def test_the_audit_log_lists_imports(sample_root):
    at = open_page("en")
    assert "No imports yet: the data are those of the installation." in [i.value for i in at.info]
    plan = importer.prepare([events_file(["SHK-E-2025-901", "SHK", "14.05.2025", "forum", "Forum"])])
    version = importer.commit(plan, "shkoder")
    at = open_page("en")
    log = table_with(at, "Files")
    assert log.iloc[0][["Action", "Added", "Version"]].tolist() == ["import", 1, version]
    assert log.iloc[0]["Files"].startswith("events.xlsx (sha256 ")
    assert f"Current version: **{escape_markdown(version)}**" in " ".join(m.value for m in at.markdown)
    # The page is public: who imported shows only to a coordinator signed in this session.
    assert "Who" not in log.columns
    assert "shkoder" not in log.to_string()
    assert ("The user names of who imported the data show only to coordinators signed in on “Upload data”."
            in [c.value for c in at.caption])


def test_a_signed_in_coordinator_sees_who_imported(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", json.dumps([
        {"username": "shkoder", "municipality": "SHK", "password_hash": accounts.hash_password("x" * 12, n=2 ** 10)}]))
    importer.commit(importer.prepare([events_file(["SHK-E-2025-901", "SHK", "14.05.2025", "forum", "Forum"])]), "shkoder")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state[upload_session.ACCOUNT] = "shkoder"
    at.run()
    log = table_with(at.switch_page(PAGE).run(), "Who")
    assert log.iloc[0]["Who"] == "shkoder"


def commit_one_import() -> str:
    return importer.commit(importer.prepare([events_file(["SHK-E-2025-901", "SHK", "14.05.2025", "forum", "Forum"])]),
                         "shkoder")


def test_the_page_says_the_history_is_intact(sample_root):
    commit_one_import()
    assert ("History checked, entries: 1. None was changed, deleted or moved since it was written."
            in [c.value for c in open_page("en").caption])
    assert ("Historia u kontrollua, hyrje: 1. Asnjë nuk është ndryshuar, fshirë apo zhvendosur që kur u shkrua."
            in [c.value for c in open_page("sq").caption])


def test_the_page_says_when_the_history_was_altered(sample_root):
    commit_one_import()
    commit_one_import()  # nothing changes, but the attempt is logged too
    log = audit_log.log_path(sample_root)
    rows = log.read_text(encoding="utf-8").splitlines()
    first = json.loads(rows[0])
    first["user"] = "dikush tjetër"
    log.write_text("\n".join([json.dumps(first, ensure_ascii=False), rows[1]]) + "\n", encoding="utf-8")
    at = open_page("en")
    assert [e.value for e in at.error] == [
        "The history of changes has been altered: entry 1 — its content was changed after it was written. "
        "For details: `python -m popdash audit verify`."]
    assert [e.value for e in open_page("sq").error] == [
        "Historia e ndryshimeve është ndryshuar: hyrja 1 — përmbajtja e saj u ndryshua pasi u shkrua. "
        "Për hollësi: `python -m popdash audit verify`."]


def test_a_log_from_before_the_chain_is_said_to_be_unprotected(sample_root):
    audit_log.log_path(sample_root).write_text(json.dumps({"at": "2025-05-01T08:00:00+00:00", "action": "import",
                                                       "user": "vjeter", "version": "sample"}) + "\n", encoding="utf-8")
    commit_one_import()
    assert ("History checked, entries: 2. None was changed, deleted or moved since it was written. "
            "The first 1 entries were written before this check existed and are not protected."
            in [c.value for c in open_page("en").caption])


def test_sign_in_lockouts_show_only_to_coordinators(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", json.dumps([
        {"username": "shkoder", "municipality": "SHK", "password_hash": accounts.hash_password("x" * 12, n=2 ** 10)}]))
    audit_log.append(sample_root, {"at": "2026-03-01T09:00:00+00:00", "action": "login_locked", "user": "shkoder",
                               "address": "192.0.2.7", "locked": ["account"], "until": "2026-03-01T09:15:00+00:00"})
    public = open_page("en")
    assert table_with(public, "Files") is None
    assert "No imports yet: the data are those of the installation." in [i.value for i in public.info]
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state[upload_session.ACCOUNT] = "shkoder"
    at.run()
    log = table_with(at.switch_page(PAGE).run(), "Who")
    assert log[["Action", "Who", "Version"]].values.tolist() == [["sign-in locked", "shkoder", ""]]
    assert "192.0.2.7" not in log.to_string()  # addresses stay in the file, for an auditor


def test_downloads_carry_every_table_but_never_participant_codes(sample_root, sample_frames):
    with captured_media() as media:
        at = open_page("en")
        buttons = {b.proto.label: b for b in at.get("download_button")}
        archive = zipfile.ZipFile(io.BytesIO(media.payload(buttons["All data (CSV, zip)"])))
        workbook = openpyxl.load_workbook(io.BytesIO(media.payload(buttons["All data (Excel)"])), read_only=True)
        template = openpyxl.load_workbook(io.BytesIO(media.payload(buttons["Empty template (Excel)"])))
    assert "attendance.csv" not in archive.namelist() and "attendance_by_event.csv" in archive.namelist()
    assert "events.csv" in archive.namelist() and "meetings.csv" in archive.namelist()
    texts = [archive.read(n).decode("utf-8-sig") for n in archive.namelist()]
    assert not any("participant_code" in t or "P-0000001" in t for t in texts)
    aggregated = pd.read_csv(io.BytesIO(archive.read("attendance_by_event.csv")), encoding="utf-8-sig", dtype=str)
    counts = pd.to_numeric(aggregated.participants, errors="coerce")
    assert not ((counts >= 1) & (counts < 5)).any()  # small groups of people are hidden
    assert set(aggregated.participants[counts.isna()]) <= {"<5", "*"}
    totals = aggregated[aggregated.dimension == "total"].set_index("event_id").participants
    visits = sample_frames["attendance"].event_id.value_counts()
    big = visits[visits >= 5]
    assert (totals.loc[big.index].astype(int) == big).all()
    assert "attendance" not in workbook.sheetnames and "attendance_by_event" in workbook.sheetnames
    assert template.sheetnames[0] == "Udhëzime - Instructions"


def test_public_tables_leave_attendance_out(sample_root):
    tables = full_dataset.public_tables(runner())
    assert "attendance" not in tables
    counts = tables["attendance_by_event"]
    assert list(counts.columns) == ["event_id", "municipality_code", "event_date", "event_type", "dimension", "group",
                                    "participants"]
    assert set(counts.dimension) == {"total", "sex", "age_band", "role"}
