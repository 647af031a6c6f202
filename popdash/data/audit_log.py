"""The audit log: one JSON line per import or restore in <data root>/audit.jsonl (when, who,
which files and their sha256, rows added/changed/removed per table, the version written), and
per sign-in lockout or refusal. Lines are only ever appended, each chained to the one before it
by its hash (popdash/data/audit_chain.py), so an edited or deleted entry is detected."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
from filelock import FileLock

from popdash.data import audit_chain
from popdash.i18n import translate

LOG_FILE = "audit.jsonl"
LOCK_FILE = ".audit.lock"
DATA_ACTIONS = ("import", "restore")  # what the public sees; sign-in events only coordinators
LOCAL_ZONE = "Europe/Tirane"
LOG_COLUMNS = ("at", "action", "user", "files", "added", "changed", "removed", "version")


def log_path(root: Path) -> Path:
    return root / LOG_FILE


def append(root: Path, entry: dict) -> dict:
    """Add one entry chained to the last one. The lock makes reading the last hash and writing
    one atomic across sessions and processes; a single O_APPEND write keeps lines whole."""
    path = log_path(root)
    with FileLock(root / LOCK_FILE):
        sealed = audit_chain.seal(entry, audit_chain.head(path))
        line = (json.dumps(sealed, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            if ends_unfinished(fd):  # a write cut short by a crash: start a fresh line
                line = b"\n" + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return sealed


def ends_unfinished(fd: int) -> bool:
    size = os.fstat(fd).st_size
    if size == 0:
        return False
    os.lseek(fd, size - 1, os.SEEK_SET)
    return os.read(fd, 1) != b"\n"


def verify(root: Path) -> audit_chain.Report:
    """Whether the log's hash chain is intact, and where it breaks if not."""
    return audit_chain.verify_file(log_path(root))


def read_log(root: Path) -> list[dict]:
    """Every entry, oldest first; a damaged line is skipped rather than hiding the rest."""
    path = log_path(root)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return entries


def local_time(stamp: str | None) -> str:
    """An entry's UTC time as Albanian local time (UTC where the time-zone data is missing)."""
    if not stamp:
        return ""
    moment = pd.Timestamp(stamp)
    try:
        moment = moment.tz_convert(LOCAL_ZONE)
    except Exception:  # no tz database on this machine (Windows without tzdata)
        pass
    return moment.strftime("%d.%m.%Y %H:%M")


def log_table(root: Path, lang: str, limit: int = 200, with_users: bool = True) -> pd.DataFrame:
    """The newest entries as a table for the Data page, with translated headers. Without
    `with_users` the coordinators' user names and the sign-in events are left out (for readers
    not signed in)."""
    entries = [e for e in read_log(root) if with_users or e.get("action", "import") in DATA_ACTIONS]
    rows = []
    for entry in reversed(entries[-limit:]):
        changes = entry.get("changes", {}).values()
        rows.append({
            "at": local_time(entry.get("at")),
            "action": translate(lang, f"data.audit.action_{entry.get('action', 'import')}"),
            "user": entry.get("user", ""),
            "files": ", ".join(f"{f.get('name')} (sha256 {f.get('sha256', '')[:12]})" for f in entry.get("files", [])),
            "added": sum(c.get("added", 0) for c in changes),
            "changed": sum(c.get("changed", 0) for c in changes),
            "removed": sum(c.get("removed", 0) for c in changes),
            "version": entry.get("version") or (translate(lang, "data.audit.no_new_version")
                                                if entry.get("action", "import") in DATA_ACTIONS else ""),
        })
    columns = [c for c in LOG_COLUMNS if with_users or c != "user"]
    frame = pd.DataFrame(rows, columns=list(LOG_COLUMNS))[columns]
    return frame.rename(columns={c: translate(lang, f"data.audit.{c}") for c in columns})
