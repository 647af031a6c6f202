"""The audit log of data changes: one JSON line per import or restore in <data root>/audit.jsonl
(when, who, which files and their sha256, rows added/changed/removed per table, the version
written). Lines are only ever appended."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from popdash.i18n import translate

LOG_FILE = "audit.jsonl"
LOCAL_ZONE = "Europe/Tirane"
LOG_COLUMNS = ("at", "action", "user", "files", "added", "changed", "removed", "version")


def log_path(root: Path) -> Path:
    return root / LOG_FILE


def append(root: Path, entry: dict) -> None:
    """Add one entry; a single O_APPEND write so concurrent writers never interleave a line."""
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    fd = os.open(log_path(root), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


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
    `with_users` the coordinators' user names are left out (for readers not signed in)."""
    rows = []
    for entry in reversed(read_log(root)[-limit:]):
        changes = entry.get("changes", {}).values()
        rows.append({
            "at": local_time(entry.get("at")),
            "action": translate(lang, f"data.audit.action_{entry.get('action', 'import')}"),
            "user": entry.get("user", ""),
            "files": ", ".join(f"{f.get('name')} (sha256 {f.get('sha256', '')[:12]})" for f in entry.get("files", [])),
            "added": sum(c.get("added", 0) for c in changes),
            "changed": sum(c.get("changed", 0) for c in changes),
            "removed": sum(c.get("removed", 0) for c in changes),
            "version": entry.get("version") or translate(lang, "data.audit.no_new_version"),
        })
    columns = [c for c in LOG_COLUMNS if with_users or c != "user"]
    frame = pd.DataFrame(rows, columns=list(LOG_COLUMNS))[columns]
    return frame.rename(columns={c: translate(lang, f"data.audit.{c}") for c in columns})
