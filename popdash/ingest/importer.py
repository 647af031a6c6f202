"""Importing monitoring data: one code path for the command line and the upload page.

prepare() reads every file, checks every row and merges the records into the current data
in memory, and returns a Plan: every problem at once, and what would change per table.
commit() writes the plan as a new data version (store.write_version: a new directory, then
one pointer switched) and logs it in the audit log. A plan with any error cannot be
committed, so a file with an error changes nothing.

The manifest's "sample" flag stays true while any table still holds records of the sample
data: an import merged into sample data keeps it (sample = previous sample and not replace);
`replace` starts the monitoring tables from empty and so clears it. The reference tables
(municipalities, memberships) are not in the templates and are always kept.

Both callers show progress their own way (a tqdm bar on the command line, st.progress on the
page): prepare() and commit() take an optional `progress(stage, fraction)` callback, called
with the stages of STAGES in order and the share of that stage done (0.0 to 1.0). This module
imports neither tqdm nor Streamlit.

Each import is logged (popdash/logs.py): checked, refused, written or a dry run, with the rows
per table and the version written; never a cell's value (participants' names, contacts).
"""
from __future__ import annotations

import getpass
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from filelock import FileLock

from popdash.data import audit_log, store
from popdash.data.schema import load_schema
from popdash.i18n import translate
from popdash.ingest import normalise as nz, problems as pb
from popdash.ingest.merge import TableChange, merge_table, record_key
from popdash.ingest.readers import RawSheet, Unreadable, read_file
from popdash.ingest.record_types import INSTRUCTIONS_ID, LISTS_ID, identify_by_headers, identify_by_name, imported_tables, record_type
from popdash.ingest.validation import Row, Vocabulary, build_vocabulary, read_sheet, shown

NETWORK_SCOPE = "*"
# Law 139/2015 on local self-government: notice at least 5 days before a council meeting,
# acts published within 10 days of adoption.
LEGAL_NOTICE_DAYS = 5
LEGAL_PUBLICATION_DAYS = 10
LOCK_FILE = ".ingest.lock"
# read: the files parsed; check: every row checked; merge: merged into the current data and
# checked against it; write: the new version written (commit).
STAGES = ("read", "check", "merge", "write")
Progress = Callable[[str, float], None]

log = logging.getLogger(__name__)


def no_progress(stage: str, fraction: float) -> None:
    """The default progress callback: shows nothing."""


class StaleData(RuntimeError):
    """The data changed between the preview and the confirmation."""


@dataclass(frozen=True)
class FileInfo:
    name: str
    sha256: str
    size: int


@dataclass
class Plan:
    """What an import would do: problems found, and the merged tables if there are none."""
    files: list[FileInfo]
    problems: list[pb.Problem]
    base_version: str
    changes: dict[str, TableChange] = field(default_factory=dict)
    tables: dict[str, list[dict]] | None = None  # the data after the import, as records
    replace: bool = False
    sample: bool = False
    scope: str = NETWORK_SCOPE

    @property
    def errors(self) -> list[pb.Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[pb.Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors and self.tables is not None

    @property
    def has_changes(self) -> bool:
        return any(c.touched for c in self.changes.values())

    def summary(self, lang: str) -> pd.DataFrame:
        """Rows added, changed, unchanged and removed per table, for the preview."""
        rows = [{"table": translate(lang, f"ingest.table.{name}"), "added": c.added, "changed": c.changed,
                 "unchanged": c.unchanged, "removed": c.removed}
                for name, c in self.changes.items() if c.added or c.changed or c.unchanged or c.removed]
        frame = pd.DataFrame(rows, columns=["table", "added", "changed", "unchanged", "removed"])
        return frame.rename(columns={c: translate(lang, f"ingest.summary.{c}") for c in frame.columns})


def file_info(name: str, data: bytes) -> FileInfo:
    return FileInfo(name, hashlib.sha256(data).hexdigest(), len(data))


def read_existing(root: Path, version: str) -> dict[str, list[dict]]:
    """Every table of a version as Python records (dates as date, nulls as None)."""
    folder = store.version_dir(version, root)
    return {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in load_schema()}


def prepare(files: list[tuple[str, bytes]], root: Path | None = None, scope: str = NETWORK_SCOPE,
            replace: bool = False, today: date | None = None, progress: Progress | None = None) -> Plan:
    """Check the files and merge them into the current data in memory; write nothing."""
    progress = progress or no_progress
    progress("read", 0.0)
    root = root or store.data_root()
    base_version = store.current_version(root)
    plan = Plan([file_info(n, d) for n, d in files], [], base_version, replace=replace, scope=scope)
    existing = read_existing(root, base_version)
    columns = [c for t in load_schema().values() for c in t.columns]
    vocabulary = build_vocabulary(columns, existing["municipalities"], today or date.today())
    rows = read_rows(files, vocabulary, plan.problems, progress)
    if replace and scope != NETWORK_SCOPE:
        plan.problems.append(pb.error("", "", None, "", "", "replace_network_only"))
    if not rows and not plan.errors:
        plan.problems.append(pb.error(", ".join(n for n, _ in files), "", None, "", "", "no_records"))
    plan.problems.extend(duplicate_problems(rows))
    plan.problems.extend(ambiguous_date_problems(rows))
    progress("check", 1.0)
    progress("merge", 0.0)
    incoming = explode(rows)
    merged, plan.changes = merge_all(existing, incoming, replace)
    plan.problems.extend(reference_problems(incoming, merged))
    if scope != NETWORK_SCOPE:
        plan.problems.extend(scope_problems(incoming, plan.changes, existing, merged, scope))
    plan.problems.extend(legal_duty_warnings(rows))
    sheets = {}
    for p in plan.problems:
        sheets.setdefault((p.file, p.sheet), len(sheets))
    plan.problems.sort(key=lambda p: (order_of(p.file, files), sheets[(p.file, p.sheet)], p.row or 0))
    if not plan.errors:
        plan.tables = merged
        plan.sample = bool(store.read_manifest(base_version, root).get("sample")) and not replace
    progress("merge", 1.0)
    log.info("import checked%s: %s; base version %s, scope %s%s; %d errors, %d warnings; rows %s",
             "" if plan.ok else " and refused", describe_files(plan.files), base_version, scope,
             ", replace" if replace else "", len(plan.errors), len(plan.warnings), describe_changes(plan))
    return plan


def describe_files(files: list[FileInfo]) -> str:
    """The files of an import for the log, by hash and size (a file's name may name a person)."""
    return ", ".join(f"sha256 {f.sha256[:12]} ({f.size:,} bytes)" for f in files) or "no files"


def describe_changes(plan: Plan) -> str:
    """Rows added, changed and removed per table touched, e.g. "events +3 ~1 -0"."""
    touched = [f"{name} +{c.added} ~{c.changed} -{c.removed}" for name, c in plan.changes.items() if c.touched]
    return ", ".join(touched) or "no changes"


def log_dry_run(plan: Plan) -> None:
    """A checked import that is not written (the command line's --dry-run)."""
    log.info("import dry run, nothing written: %s; base version %s; rows %s", describe_files(plan.files),
             plan.base_version, describe_changes(plan))


def order_of(name: str, files: list[tuple[str, bytes]]) -> int:
    return next((i for i, (n, _) in enumerate(files) if n == name), len(files))


def read_rows(files: list[tuple[str, bytes]], vocabulary: Vocabulary, problems: list[pb.Problem],
              progress: Progress = no_progress) -> list[Row]:
    """Validated rows of every recognised sheet of every file: every file is read first (the
    "read" stage), then its sheets are checked (the "check" stage), problems in file order."""
    read: list[tuple[str, list[RawSheet] | Unreadable]] = []
    for number, (name, data) in enumerate(files, 1):
        try:
            read.append((name, read_file(name, data)))
        except Unreadable as unreadable:
            read.append((name, unreadable))
        progress("read", number / len(files))
    progress("check", 0.0)
    total = sum(len(sheets) for _, sheets in read if not isinstance(sheets, Unreadable))
    done = 0
    rows: list[Row] = []
    for name, sheets in read:
        if isinstance(sheets, Unreadable):
            unreadable = sheets
            problems.append(pb.error(name, unreadable.params.get("sheet", ""), None, "", "", unreadable.key,
                                     **unreadable.params))
            continue
        for sheet in sheets:
            progress("check", done / total * 0.9)  # the checks across rows and files take the rest
            done += 1
            record_id = identify_sheet(sheet)
            if record_id in (INSTRUCTIONS_ID, LISTS_ID) or not (sheet.rows or sheet.unsaved_formulas):
                continue
            if record_id is None:
                problems.append(pb.warning(name, sheet.name, None, "", "", "unknown_sheet"))
                continue
            if sheet.is_csv:  # a CSV file has no sheets: report it under the sheet it was read as
                sheet.name = record_type(record_id).sheet_name
            sheet_rows, sheet_problems = read_sheet(sheet, record_type(record_id), vocabulary)
            rows.extend(sheet_rows)
            problems.extend(sheet_problems)
    return rows


def identify_sheet(sheet: RawSheet) -> str | None:
    by_name = identify_by_name(sheet.name)
    if by_name is not None:
        return by_name
    for _, cells in sheet.rows[:10]:
        by_headers = identify_by_headers(cells)
        if by_headers is not None:
            return by_headers
    return None


def duplicate_problems(rows: list[Row]) -> list[pb.Problem]:
    """A second row with the key of an earlier one, in any file of the import."""
    seen: dict[tuple, Row] = {}
    problems = []
    for row in rows:
        rtype = record_type(row.record_type)
        key = tuple(row.values.get(k) for k in rtype.key)
        if any(v is None for v in key):
            continue
        first = seen.setdefault((row.record_type, key), row)
        if first is not row:
            column = rtype.key[0]
            problems.append(pb.error(row.source.file, row.source.sheet, row.source.row, row.headers.get(column, column),
                                     ", ".join(shown(k, row.raw.get(k)) for k in rtype.key), "duplicate_key",
                                     first_row=first.source.row, first_sheet=first.source.sheet, first_file=first.source.file))
    return problems


def ambiguous_date_problems(rows: list[Row]) -> list[pb.Problem]:
    """A date such as 05/06/2025 is read day first, as Albania writes it; but in a file that
    elsewhere writes the month first (12/31/2025) it could be either, so it is refused."""
    month_first: dict[str, tuple[Row, str]] = {}  # file -> its first date written month first
    either: list[tuple[Row, str]] = []
    for row in rows:
        for key in date_fields(row.record_type):
            order = nz.day_month_order(row.raw.get(key))
            if order == "month_first":
                month_first.setdefault(row.source.file, (row, key))
            elif order == "either":
                either.append((row, key))
    problems = []
    for row, key in either:
        if row.source.file not in month_first:
            continue
        example, example_key = month_first[row.source.file]
        problems.append(pb.error(row.source.file, row.source.sheet, row.source.row, row.headers[key],
                                 nz.display(row.raw[key]), "ambiguous_date", example=nz.display(example.raw[example_key]),
                                 example_row=example.source.row, example_sheet=example.source.sheet))
    return problems


@lru_cache(maxsize=None)
def date_fields(record_id: str) -> tuple[str, ...]:
    return tuple(f.key for f in record_type(record_id).fields if f.column.type == "date")


def explode(rows: list[Row]) -> dict[str, list[tuple[dict, set[str], Row]]]:
    """Table records from the rows, each remembering the row it came from."""
    incoming: dict[str, list] = defaultdict(list)
    for row in rows:
        for table, record, present in record_type(row.record_type).explode(row.values, row.present):
            incoming[table].append((record, present, row))
    return incoming


def merge_all(existing: dict[str, list[dict]], incoming: dict, replace: bool) -> tuple[dict, dict[str, TableChange]]:
    merged, changes = {}, {}
    imported = imported_tables()
    for name, table in load_schema().items():
        if name not in imported:
            merged[name] = existing[name]
            continue
        records = [(record, present) for record, present, _ in incoming.get(name, [])]
        merged[name], changes[name] = merge_table(existing[name], records, table.key, replace)
    return merged, changes


def reference_problems(incoming: dict, merged: dict[str, list[dict]]) -> list[pb.Problem]:
    """Each reference must name a record in the data after the import (stored or imported)."""
    problems = []
    known_values: dict[tuple[str, str], set] = {}
    for table_name, items in incoming.items():
        for column in load_schema()[table_name].columns:
            if not column.references or column.references.startswith("municipalities."):
                continue
            target_table, target_column = column.references.split(".")
            target = (target_table, target_column)
            if target not in known_values:
                known_values[target] = {r[target_column] for r in merged[target_table]} - {None}
            known = known_values[target]
            for record, _, row in items:
                value = record.get(column.name)
                if value is None or value in known:
                    continue
                hint = reference_hint(value, known)
                key = "unknown_reference_hint" if hint else "unknown_reference"
                problems.append(pb.error(row.source.file, row.source.sheet, row.source.row,
                                         row.headers.get(column.name, column.name), nz.display(row.raw.get(column.name)), key,
                                         target={lang: translate(lang, f"ingest.table.{target_table}") for lang in ("sq", "en")},
                                         suggestion=hint or ""))
    return unique(problems)


def reference_hint(value: str, known: set) -> str | None:
    """The stored identifier `value` was probably meant to be (same letters, other case, accents
    or spaces). Folding every stored identifier is slow on a large network, so it is done only
    here, for a value that names nothing."""
    wanted = nz.fold(value).replace(" ", "")
    return next((v for v in known if nz.fold(v).replace(" ", "") == wanted), None)


def unique(problems: list[pb.Problem]) -> list[pb.Problem]:
    """Wide rows explode into several records; report each cell once."""
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def owner(table: str, record: dict | None, lookup) -> str | None:
    """The municipality a record belongs to, following references (attendance -> event ->
    municipality); None for network-level records such as targets."""
    if record is None:
        return None
    spec = load_schema()[table]
    if "municipality_code" in spec.column_names:
        return record.get("municipality_code")
    for column in spec.columns:
        if column.references and not column.references.startswith("municipalities."):
            parent_table, parent_column = column.references.split(".")
            return owner(parent_table, lookup(parent_table, parent_column).get(record.get(column.name)), lookup)
    return None


def belongs_to_municipality(table: str) -> bool:
    """Does a record of this table belong to one municipality (directly or by reference)?"""
    spec = load_schema()[table]
    if "municipality_code" in spec.column_names:
        return True
    return any(belongs_to_municipality(c.references.split(".")[0]) for c in spec.columns
               if c.references and not c.references.startswith("municipalities."))


def indexer(tables: dict[str, list[dict]]):
    cache: dict[tuple[str, str], dict] = {}

    def lookup(table: str, column: str) -> dict:
        if (table, column) not in cache:
            cache[(table, column)] = {r[column]: r for r in tables[table]}
        return cache[(table, column)]
    return lookup


def scope_problems(incoming: dict, changes: dict[str, TableChange], existing: dict, merged: dict,
                   scope: str) -> list[pb.Problem]:
    """A scoped account may add or change only its municipality's records (before and after)."""
    problems = []
    new_lookup, old_lookup = indexer(merged), indexer(existing)
    for table_name, items in incoming.items():
        key = load_schema()[table_name].key
        change = changes[table_name]
        touched = set(change.added_keys) | set(change.changed_keys)
        old_by_key = {record_key(r, key): r for r in existing[table_name]} if change.changed_keys else {}
        for record, _, row in items:
            k = record_key(record, key)
            if k not in touched:
                continue
            owners = {owner(table_name, record, new_lookup)}
            if k in old_by_key:
                owners.add(owner(table_name, old_by_key[k], old_lookup))
            if owners == {scope}:
                continue
            column = "municipality_code" if "municipality_code" in row.headers else next(iter(row.headers))
            if not belongs_to_municipality(table_name):
                problems.append(pb.error(row.source.file, row.source.sheet, row.source.row, row.headers.get(column, ""),
                                         "", "network_only"))
            elif None not in owners:
                other = sorted(o for o in owners if o != scope)[0]
                problems.append(pb.error(row.source.file, row.source.sheet, row.source.row, row.headers.get(column, ""),
                                         nz.display(row.raw.get(column)), "out_of_scope", scope=scope, municipality=other))
    return unique(problems)


def legal_duty_warnings(rows: list[Row]) -> list[pb.Problem]:
    """Meetings that show a legal duty missed: they are imported, and flagged."""
    problems = []
    for row in rows:
        if row.record_type != "meetings":
            continue
        notice, published = row.values.get("notice_days"), row.values.get("decisions_published_days")
        if notice is not None and notice < LEGAL_NOTICE_DAYS:
            problems.append(pb.warning(row.source.file, row.source.sheet, row.source.row, row.headers["notice_days"],
                                       str(notice), "notice_too_short", days=notice, minimum=LEGAL_NOTICE_DAYS))
        if published is not None and published > LEGAL_PUBLICATION_DAYS:
            problems.append(pb.warning(row.source.file, row.source.sheet, row.source.row,
                                       row.headers["decisions_published_days"], str(published), "late_publication",
                                       days=published, maximum=LEGAL_PUBLICATION_DAYS))
    return problems


def write_lock(root: Path) -> FileLock:
    """One writer at a time per data root (two coordinators confirming at once, or the page and
    the command line)."""
    return FileLock(root / LOCK_FILE)


def to_frames(plan: Plan) -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame.from_records(plan.tables[name], columns=table.column_names)
            for name, table in load_schema().items()}


def commit(plan: Plan, user: str, root: Path | None = None, progress: Progress | None = None) -> str | None:
    """Write the plan as a new current version and log it; None when nothing changed."""
    if not plan.ok:
        raise ValueError("a plan with errors cannot be committed")
    progress = progress or no_progress
    root = root or store.data_root()
    progress("write", 0.0)
    with write_lock(root):
        log_unrecorded_import(root)
        if store.current_version(root) != plan.base_version:
            log.info("import not written: the data changed since the check (base version %s, now %s)",
                     plan.base_version, store.current_version(root))
            raise StaleData(plan.base_version)
        version = None
        if plan.has_changes:
            manifest = {"sample": plan.sample, "source": "import", "base_version": plan.base_version,
                        "replace": plan.replace, "scope": plan.scope, "imported_by": user,
                        "files": [f.__dict__ for f in plan.files],
                        "changes": {t: c.counts() for t, c in plan.changes.items() if c.touched}}
            unchanged = [name for name in load_schema() if not (name in plan.changes and plan.changes[name].touched)]
            version = store.write_version(to_frames(plan), manifest, root=root, base_version=plan.base_version,
                                          unchanged=unchanged)
        progress("write", 0.9)
        audit_log.append(root, {
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "action": "import", "user": user,
            "files": [f.__dict__ for f in plan.files], "replace": plan.replace, "scope": plan.scope,
            "base_version": plan.base_version, "version": version,
            "changes": {t: c.counts() for t, c in plan.changes.items() if c.touched},
            "warnings": len(plan.warnings),
        })
    progress("write", 1.0)
    log.info("import written by %s: new version %s (base version %s, scope %s%s); rows %s",
             user, version or "none, nothing changed", plan.base_version, plan.scope,
             ", replace" if plan.replace else "", describe_changes(plan))
    return version


def log_unrecorded_import(root: Path) -> None:
    """Log the current version's import if the log lacks it (call with the write lock held).

    An import switches CURRENT and then appends its audit entry: a process killed between the two
    leaves its data current and no entry, which no ordering of two files can prevent. Its manifest
    still says who imported which files, so the next write records it, marked as recovered."""
    current = store.current_version(root)
    manifest = store.read_manifest(current, root)
    if manifest.get("source") != "import" or any(e.get("version") == current for e in audit_log.read_log(root)):
        return
    audit_log.append(root, {
        "at": manifest.get("written_at", ""), "action": "import", "user": manifest.get("imported_by", ""),
        "files": manifest.get("files", []), "replace": manifest.get("replace"), "scope": manifest.get("scope"),
        "base_version": manifest.get("base_version"), "version": current, "changes": manifest.get("changes", {}),
        "recovered": True,
    })
    log.warning("audit log: recorded import of version %s, whose process stopped before logging it", current)


def restore(version: str, user: str, root: Path | None = None) -> None:
    """Make an earlier version current again (one pointer switched) and log it."""
    root = root or store.data_root()
    with write_lock(root):
        log_unrecorded_import(root)
        previous = store.current_version(root)
        store.switch_current(version, root)
        audit_log.append(root, {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "action": "restore",
                            "user": user, "files": [], "base_version": previous, "version": version, "changes": {}})
    log.info("restore by %s: version %s is current again (was %s)", user, version, previous)


def versions(root: Path | None = None) -> list[dict]:
    """Stored versions, newest first, with what their manifests say."""
    root = root or store.data_root()
    current = store.current_version(root)
    out = []
    for version in reversed(store.list_versions(root)):
        manifest = store.read_manifest(version, root)
        out.append({"version": version, "current": version == current, "written_at": manifest.get("written_at", ""),
                    "source": manifest.get("source", ""), "sample": bool(manifest.get("sample")),
                    "imported_by": manifest.get("imported_by", ""), "changes": manifest.get("changes", {})})
    return out


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
