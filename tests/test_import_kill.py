"""An import killed with SIGKILL at each of its writes leaves data/CURRENT naming a complete
version (the old data or the new, never a mix) on which every named query runs, and the next
import works.

The command line runs in child processes (tests/write_points.py): a normal run logs every write
under the data root (audit hook for Python's own file operations, wrappers for the parquet
writers of pyarrow and DuckDB) and must explain every file that changed; then one run per write
N = 1..total is killed just before its N-th write. The import prunes an old version too (as
every import does once five versions are kept), so the removals are among the writes.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import write_dataset
from ingest_files import (ATTENDANCE_KEYS, EVENT_KEYS, MEETING_KEYS, fingerprint, headers, meeting_row,
                          reference_tables, xlsx)
from store_checks import complete, every_query
from popdash.data import audit_log, store
from popdash.ingest import importer
from popdash.ingest.record_types import record_type

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="SIGKILL, fork and /proc/self/fd: Linux (as CI runs)")

HARNESS = Path(__file__).resolve().parent / "write_points.py"
USER = "cli-killed"
NEW_EVENTS = {"SHK-E-2026-101", "DUR-E-2026-102"}
VERSION_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{6}")


def import_file() -> bytes:
    """Events, attendance (at a new and a stored event) and a council meeting: four tables."""
    events = [headers("events", EVENT_KEYS),
              ["SHK-E-2026-101", "Shkodër", date(2025, 5, 14), "forum", "Forum për buxhetin"],
              ["DUR-E-2026-102", "Durrës", "15.05.2025", "punëtori", "Punëtori"]]
    attendance = [headers("attendance", ATTENDANCE_KEYS),
                  ["SHK-E-2026-101", "P-1", "F", "18-29", "citizen"],
                  ["SHK-E-2025-001", "P-2", "M", "30-44", "official"]]
    meetings = [headers("meetings", MEETING_KEYS), meeting_row("SHK-2025-05-20", "Shkodër", "20.05.2025")]
    return xlsx({record_type("events").sheet_name: events, record_type("attendance").sheet_name: attendance,
                 record_type("meetings").sheet_name: meetings})


def normalised(op: dict) -> tuple:
    """An operation without the random parts of names (version ids, temporary suffixes); a
    file removed from a folder as the folder (shutil.rmtree removes in directory order, which
    the file system decides)."""
    def clean(path):
        if path is None:
            return None
        path = VERSION_ID.sub("<new>", path)
        return re.sub(r"(\.CURRENT\.|\.pruned-old-|\.old-[^/]*-)[0-9a-f]+", r"\1<tmp>", path)
    path = clean(op["path"])
    if op["op"] == "remove":
        path = path.rsplit("/", 1)[0] + "/*"
    return op["op"], path, clean(op.get("to"))


def read_ops(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def child_env() -> dict:
    return {**os.environ, "POPDASH_KEEP_VERSIONS": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0"}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data root with the current version 'base' and an older version 'old' that the import
    prunes (kept: 2), and the file to import."""
    root = tmp_path_factory.mktemp("template") / "data"
    root.mkdir()
    write_dataset(root, reference_tables(), version="old")
    write_dataset(root, reference_tables(), version="base")
    (root / "versions" / "old" / store.RETIRED_MARK).unlink()  # retired long ago
    an_hour_ago = time.time() - 3600
    os.utime(root / "versions" / "old" / "manifest.json", (an_hour_ago, an_hour_ago))
    path = tmp_path_factory.mktemp("files") / "monitorimi.xlsx"
    path.write_bytes(import_file())
    return root, path


def copy_root(template_root: Path, folder: Path) -> Path:
    import shutil

    folder.mkdir(parents=True)
    shutil.copytree(template_root, folder / "data", copy_function=shutil.copy2)
    return folder / "data"


def cli_args(root: Path, file: Path) -> list[str]:
    return ["ingest", str(file), "--data-dir", str(root), "--user", USER, "--lang", "en"]


@pytest.fixture(scope="module")
def runs(template, tmp_path_factory):
    """The normal run in a fresh interpreter, then (forked from one interpreter) the normal run
    again and one run killed at each write."""
    template_root, file = template
    work = tmp_path_factory.mktemp("kills")
    normal_root = copy_root(template_root, work / "normal")
    before = fingerprint(normal_root)
    normal = subprocess.run([sys.executable, str(HARNESS), "run", "--root", str(normal_root),
                             "--log", str(work / "normal" / "ops.jsonl"), "--", *cli_args(normal_root, file)],
                            env=child_env(), capture_output=True, text=True, timeout=300)
    assert normal.returncode == 0, normal.stdout + normal.stderr
    ops = read_ops(work / "normal" / "ops.jsonl")
    jobs = []
    for n in [None, *range(1, len(ops) + 1)]:
        folder = work / f"kill-{n or 'none'}"
        root = copy_root(template_root, folder)
        jobs.append({"kill_at": n, "root": str(root), "log": str(folder / "ops.jsonl"), "out": str(folder / "out.txt"),
                     "argv": cli_args(root, file)})
    served = subprocess.run([sys.executable, str(HARNESS), "serve"], input=json.dumps(jobs), env=child_env(),
                            capture_output=True, text=True, timeout=600)
    assert served.returncode == 0, served.stderr
    results = {r["kill_at"]: r for r in json.loads(served.stdout)}
    return {"ops": ops, "before": before, "normal_root": normal_root, "results": results, "file": file,
            "template_root": template_root}


def test_the_normal_run_logs_every_write_that_changes_a_file(runs):
    """Every file the import created, changed or removed is explained by a logged write (so
    the writes counted are all the writes), and the forked run wrote the same as the fresh one."""
    ops, root = runs["ops"], runs["normal_root"]
    after = fingerprint(root)
    written: dict[str, str] = {}   # path now -> path first written (followed through renames)
    removed: set[str] = set()
    for op in ops:
        path, to = op["path"], op.get("to")
        if op["op"] == "rename":
            for old in [p for p in written if p == path or p.startswith(path + "/")]:
                written[to + old[len(path):]] = written.pop(old)
            for old in runs["before"]:
                if old == path or old.startswith(path + "/"):
                    removed.add(old)
                    written.setdefault(to + old[len(path):], old)
        elif op["op"] in ("remove", "rmdir"):
            removed.add(path)
            written.pop(path, None)
        elif op["op"] == "link":  # a table the import did not change, shared with the base version
            written[to] = to
        else:
            written[path] = path
    changed = {p for p in after if runs["before"].get(p) != after[p]}
    gone = set(runs["before"]) - set(after)
    assert changed <= set(written), f"written without a logged write: {sorted(changed - set(written))}"
    assert gone <= removed, f"removed without a logged write: {sorted(gone - removed)}"
    kinds = {op["op"] for op in ops}
    assert {"pyarrow.write_table", "duckdb.write_parquet", "link", "rename", "remove", "open"} <= kinds, kinds
    assert any(op["op"] == "rename" and op.get("to") == "CURRENT" for op in ops)
    assert not (root / "versions" / "old").exists()  # pruned: its removal is among the writes
    forked = runs["results"][None]
    assert (forked["exit"], forked["signal"]) == (0, None), Path(forked["out"]).read_text()
    assert [normalised(op) for op in read_ops(Path(forked["log"]))] == [normalised(op) for op in ops]


def test_an_import_killed_at_each_write_leaves_a_complete_current_version(runs, monkeypatch):
    ops = runs["ops"]
    total = len(ops)
    assert total >= 40  # 16 tables, 8 derived tables, manifest, switch, audit, and the pruned version
    template_root = runs["template_root"]
    base_files = {k: v for k, v in fingerprint(template_root).items() if k.startswith("versions/base/")}
    killed_at = []
    queries = recovered = 0
    for n in range(1, total + 1):
        result = runs["results"][n]
        out = Path(result["out"]).read_text()
        assert result["signal"] == signal.SIGKILL, f"run {n} was not killed: {result}\n{out}"
        logged = read_ops(Path(result["log"]))
        assert [normalised(op) for op in logged] == [normalised(op) for op in ops[:n]], f"run {n} wrote differently"
        killed_at.append(normalised(logged[-1]))
        root = Path(result["root"])
        current = store.current_version(root)
        new = next((op["to"].split("/")[1] for op in logged
                    if op["op"] == "rename" and op["path"].startswith("versions/.tmp-")), None)
        assert current in ("base", new), f"run {n}: CURRENT names {current!r}"
        assert complete(root, current), f"run {n}: current version {current} incomplete"
        if current == "base":
            now = fingerprint(root)
            assert {k: now.get(k) for k in base_files} == base_files, f"run {n}: the old version changed"
        else:
            assert NEW_EVENTS <= set(store.read_table("events", root=root).event_id)
            manifest = store.read_manifest(current, root)
            assert (manifest["imported_by"], manifest["base_version"]) == (USER, "base")
        # Whatever is listed as a version can be restored: a half-removed one never is.
        for version in store.list_versions(root):
            if (root / "versions" / version / "manifest.json").exists():
                assert complete(root, version), f"run {n}: version {version} has a manifest but is incomplete"
        queries = every_query(root, monkeypatch)
        audit_log.read_log(root)  # readable whatever point the log's own write reached
        # The next import (what the coordinator does after the crash) works and lands the data.
        plan = importer.prepare([(runs["file"].name, runs["file"].read_bytes())], root=root)
        assert plan.ok, [(p.key, p.row) for p in plan.errors]
        unlogged = current != "base" and current not in logged_versions(root)
        importer.commit(plan, "after-crash", root=root)
        assert complete(root, store.current_version(root))
        # A kill between the switch and the log left the import unlogged: the next import logs it,
        # from its manifest, before its own entry.
        imports = [e for e in audit_log.read_log(root) if e.get("action") == "import"]
        if current != "base":
            killed = [e for e in imports if e.get("version") == current]
            assert len(killed) == 1 and killed[0]["user"] == USER, f"run {n}: {killed}"
            assert killed[0].get("recovered", False) == unlogged
            recovered += unlogged
        assert NEW_EVENTS <= set(store.read_table("events", root=root).event_id)
    assert queries > 20 and recovered > 0  # some runs were killed between the switch and the log
    assert len(killed_at) == total and killed_at == [normalised(op) for op in ops]  # each write once


def logged_versions(root: Path) -> set:
    return {e.get("version") for e in audit_log.read_log(root) if e.get("action") == "import"}


def test_leftovers_of_a_killed_import_are_removed_by_a_later_one(runs):
    """A staging directory left by a killed import (older than an hour) and a half-removed
    version are swept by the next successful import."""
    roots = [Path(r["root"]) for n, r in runs["results"].items() if n]
    staged = next(root for root in roots
                  if any(p.name.startswith(store.STAGING_PREFIX) for p in (root / "versions").iterdir()))
    leftovers = [p for p in (staged / "versions").iterdir() if p.name.startswith(".")]
    assert leftovers
    two_hours_ago = time.time() - 7200
    for path in leftovers:
        os.utime(path, (two_hours_ago, two_hours_ago))
    write_dataset(staged, reference_tables(), version="later")
    assert not [p for p in (staged / "versions").iterdir() if p.name.startswith(".")]
