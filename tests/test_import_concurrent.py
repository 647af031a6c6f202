"""Two imports at once, one through the upload page's code path (popdash.app.upload_session, in
this process) and one through the command line (`python -m popdash ingest`, a second process),
end one after the other: the data of both current, the second version written on top of the
first, both in the audit log.

Which one writes first is forced in the first two tests (the command line held between its
check and its write; the command line landing between the page's check and its confirmation)
and left to the lock in the third, where both wait on it together.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import write_dataset
from ingest_files import csv_bytes, events_sheet, reference_tables
from store_checks import complete, every_query
from popdash.app import accounts, upload_session as session
from popdash.data import audit_log, store
from popdash.ingest import importer

HARNESS = Path(__file__).resolve().parent / "write_points.py"
PAGE_USER, CLI_USER = "shkoder", "cli"
ACCOUNT = accounts.Account(PAGE_USER, "SHK")
PAGE_FILES = [("aktivitetet.csv", csv_bytes(events_sheet(
    ["SHK-E-2026-301", "Shkodër", "14.05.2025", "forum", "Forum nga faqja"]), "utf-8-sig", ";"))]
CLI_EVENTS = events_sheet(["TIR-E-2026-302", "Tiranë", "15.05.2025", "workshop", "Punëtori nga rreshti i komandës"])
TIMEOUT = 120


@pytest.fixture
def root(data_root):
    write_dataset(data_root, reference_tables(), version="base")
    return data_root


@pytest.fixture
def cli_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-files") / "events.csv"
    path.write_bytes(csv_bytes(CLI_EVENTS))
    return path


def env() -> dict:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def cli_command(root: Path, path: Path) -> list[str]:
    return ["ingest", str(path), "--data-dir", str(root), "--user", CLI_USER, "--lang", "en"]


def page_check(state: dict):
    plan = session.check_files(state, ACCOUNT, PAGE_FILES, replace=False)
    assert plan.ok, [(p.key, p.row) for p in plan.errors]
    return plan


def page_confirm(state: dict) -> list[str]:
    """Confirm; on 'stale' do what the page asks of the coordinator: check again, confirm."""
    outcomes = [session.confirm(state, ACCOUNT)]
    if outcomes[-1] == "stale":
        page_check(state)
        outcomes.append(session.confirm(state, ACCOUNT))
    return outcomes


def read_until(process: subprocess.Popen, marker: str) -> str:
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} never printed:\n{''.join(seen)}")


def one_after_the_other(root: Path, monkeypatch) -> tuple[dict, dict]:
    """Both imports wrote a version, the second on top of the first, and both are logged."""
    imports = [e for e in audit_log.read_log(root) if e.get("action") == "import"]
    assert [e["user"] for e in imports] in ([PAGE_USER, CLI_USER], [CLI_USER, PAGE_USER]), imports
    first, second = imports
    assert first["base_version"] == "base" and first["version"]
    assert second["base_version"] == first["version"] and second["version"] not in (None, first["version"])
    assert store.current_version(root) == second["version"]
    assert store.read_manifest(second["version"], root)["base_version"] == first["version"]
    for entry in imports:
        assert entry["changes"] == {"events": {"added": 1, "changed": 0, "removed": 0}}
    assert complete(root, second["version"])
    events = set(store.read_table("events", root=root).event_id)
    assert {"SHK-E-2026-301", "TIR-E-2026-302", "SHK-E-2025-001", "TIR-E-2025-001"} == events
    assert every_query(root, monkeypatch) > 20
    return first, second


def test_the_page_writes_while_the_command_line_waits_between_check_and_write(root, cli_file, tmp_path, monkeypatch):
    cli = subprocess.Popen([sys.executable, str(HARNESS), "run", "--root", str(root), "--log", str(tmp_path / "ops"),
                            "--hold", "--", *cli_command(root, cli_file)],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=env())
    try:
        checked = read_until(cli, "HOLD")  # checked against 'base', about to write
        state: dict = {}
        page_check(state)
        assert page_confirm(state) == ["saved"]
        out, _ = cli.communicate("\n", timeout=TIMEOUT)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 0, checked + out
    assert "checking the files again" in out and "written and now current" in out
    first, second = one_after_the_other(root, monkeypatch)
    assert (first["user"], second["user"]) == (PAGE_USER, CLI_USER)


def test_the_command_line_writes_between_the_pages_check_and_its_confirmation(root, cli_file, monkeypatch):
    state: dict = {}
    page_check(state)
    done = subprocess.run([sys.executable, "-m", "popdash", *cli_command(root, cli_file)], capture_output=True,
                          text=True, env=env(), timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert page_confirm(state) == ["stale", "saved"]  # refused, checked again, saved
    first, second = one_after_the_other(root, monkeypatch)
    assert (first["user"], second["user"]) == (CLI_USER, PAGE_USER)


def test_two_imports_waiting_on_the_lock_together_both_land(root, cli_file, monkeypatch):
    """The page and the command line both check against 'base' and wait on the write lock
    (held here); once it is free, one writes and the other finds the data changed, checks
    again and writes after it, whichever the lock lets in first."""
    state: dict = {}
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def confirm():
        try:
            outcomes.extend(page_confirm(state))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    with importer.write_lock(root):
        page_check(state)
        page = threading.Thread(target=confirm)
        page.start()
        cli = subprocess.Popen([sys.executable, "-m", "popdash", *cli_command(root, cli_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env())
        try:
            checked = read_until(cli, "Added")  # its summary: checked against 'base', now at the lock
        except BaseException:
            cli.kill()
            raise
        assert store.current_version(root) == "base"
    page.join(TIMEOUT)
    out, _ = cli.communicate(timeout=TIMEOUT)
    assert not page.is_alive() and not errors, errors
    assert cli.returncode == 0, checked + out
    first, second = one_after_the_other(root, monkeypatch)
    if first["user"] == PAGE_USER:
        assert outcomes == ["saved"] and "checking the files again" in out
    else:
        assert outcomes == ["stale", "saved"] and "checking the files again" not in out
