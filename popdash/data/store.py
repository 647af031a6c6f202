"""Versioned parquet storage: immutable version directories and one pointer to the current one.

Layout under the data root (``data/`` in the repository, or ``$POPDASH_DATA_DIR``)::

    CURRENT                  the name of the current version, one line
    versions/<id>/<table>.parquet     the schema's tables (data/schema.toml)
    versions/<id>/<derived>.parquet   aggregates computed from them (popdash.data.derived)
    versions/<id>/manifest.json

A new version is written beside the old ones and becomes visible only when CURRENT is
replaced in one ``os.replace``: readers see the old data or the new data, never a mix, and
a crash mid-write leaves the current version untouched.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from popdash.data import derived
from popdash.data.schema import load_schema
from popdash.paths import DATA_DIR

REPO_DATA_DIR = DATA_DIR

# Tables sorted on these columns so DuckDB can skip row groups when a query filters them.
SORT_KEYS = {
    "meetings": ["meeting_date", "municipality_code"],
    "events": ["event_date", "municipality_code"],
    "attendance": ["event_id"],
    "outreach": ["month", "municipality_code"],
    "candidates": ["engagement_date"],
    "assessments": ["assessed_date"],
}
ROW_GROUP_SIZE = 256_000
KEEP_VERSIONS = 5  # default number of versions kept, current included
RETIRED_MARK = ".retired"
RETIRE_GRACE_SECONDS = 600
STAGING_PREFIX = ".tmp-"      # a version being written
OLD_PREFIX = ".old-"          # a version id being rewritten: the previous directory
PRUNED_PREFIX = ".pruned-"    # a version being removed
STALE_LEFTOVER_SECONDS = 3600

log = logging.getLogger(__name__)


def data_root() -> Path:
    return Path(os.environ.get("POPDASH_DATA_DIR", REPO_DATA_DIR))


def current_version(root: Path | None = None) -> str:
    root = root or data_root()
    return (root / "CURRENT").read_text(encoding="utf-8").strip()


def version_dir(version: str | None = None, root: Path | None = None) -> Path:
    root = root or data_root()
    return root / "versions" / (version or current_version(root))


def read_manifest(version: str | None = None, root: Path | None = None) -> dict:
    path = version_dir(version, root) / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def list_versions(root: Path | None = None) -> list[str]:
    """Complete versions, oldest first (temporary directories of unfinished writes are skipped)."""
    base = (root or data_root()) / "versions"
    if not base.exists():
        return []
    names = [p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(names, key=lambda n: (base / n / "manifest.json").stat().st_mtime if (base / n / "manifest.json").exists() else 0)


def to_arrow(table_name: str, frame: pd.DataFrame) -> pa.Table:
    """Cast a frame to the table's declared schema (column order and types)."""
    table = load_schema()[table_name]
    frame = frame.reindex(columns=table.column_names)
    sort_keys = [k for k in SORT_KEYS.get(table_name, []) if k in frame.columns]
    if sort_keys:
        frame = frame.sort_values(sort_keys, kind="stable")
    return pa.Table.from_pandas(frame, schema=table.arrow_schema(), preserve_index=False)


def reuse(source: Path, target: Path) -> None:
    """Give `target` the content of `source`: a hard link (no bytes written; versions are never
    changed once written, so sharing a file between them is safe), or a copy where the file
    system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def reusable_tables(base: Path, unchanged) -> set[str]:
    """The tables of `unchanged` whose file in the base version has today's schema."""
    schema = load_schema()
    out = set()
    for name in unchanged:
        path = base / f"{name}.parquet"
        try:
            if pq.read_schema(path).remove_metadata().equals(schema[name].arrow_schema()):
                out.add(name)
        except (OSError, pa.ArrowInvalid):
            continue  # missing or unreadable: written afresh
    return out


def reusable_derived(base: Path, changed: set[str]) -> set[str]:
    """The derived tables the base version holds, written by today's definition, that read none
    of the changed tables."""
    try:
        written = json.loads((base / "manifest.json").read_text(encoding="utf-8")).get("derived", {})
    except (OSError, ValueError):
        return set()
    return {name for name in derived.DERIVED_TABLES if name not in derived.affected(changed)
            and written.get(name) == derived.fingerprint(name) and (base / f"{name}.parquet").exists()}


def write_version(frames: dict[str, pd.DataFrame], manifest: dict, root: Path | None = None,
                  version: str | None = None, base_version: str | None = None, unchanged=()) -> str:
    """Write every table of the schema, and the derived tables computed from them, as a new
    version and make it current; return its id.

    With `base_version` (a stored version) and `unchanged` (tables whose rows are the same as there),
    those tables and the derived tables that read none of the others are linked from the base
    version instead of written again: an import of one month rewrites what it changed, not the
    whole network's history."""
    root = root or data_root()
    version = version or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    base = root / "versions"
    base.mkdir(parents=True, exist_ok=True)
    staging = base / f"{STAGING_PREFIX}{version}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    base_dir = version_dir(base_version, root) if base_version else None
    kept = reusable_tables(base_dir, unchanged) if base_dir else set()
    kept_derived = reusable_derived(base_dir, set(load_schema()) - kept) if base_dir else set()
    try:
        for name in load_schema():
            if name in kept:
                reuse(base_dir / f"{name}.parquet", staging / f"{name}.parquet")
                continue
            # A table not given is written empty, so every version holds every table.
            frame = frames.get(name, pd.DataFrame(columns=load_schema()[name].column_names))
            pq.write_table(to_arrow(name, frame), staging / f"{name}.parquet",
                           row_group_size=ROW_GROUP_SIZE, compression="zstd")
        for name in kept_derived:
            reuse(base_dir / f"{name}.parquet", staging / f"{name}.parquet")
        derived.write(staging, [name for name in derived.DERIVED_TABLES if name not in kept_derived])
        stamped = {**manifest, "version": version, "written_at": datetime.now(timezone.utc).isoformat(),
                   "derived": {name: derived.fingerprint(name) for name in derived.DERIVED_TABLES}}
        (staging / "manifest.json").write_text(json.dumps(stamped, ensure_ascii=False, indent=2), encoding="utf-8")
        final = base / version
        replaced = None
        if final.exists():
            # Rewriting a version id (the sample): move the old one aside in one rename rather
            # than deleting it file by file under a reader's feet.
            replaced = base / f"{OLD_PREFIX}{version}-{secrets.token_hex(3)}"
            os.replace(final, replaced)
        os.replace(staging, final)
        if replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        try:
            switch_current(version, root)
        except BaseException:
            if not (root / "CURRENT").exists() or current_version(root) != version:
                shutil.rmtree(final, ignore_errors=True)  # never current: leave no orphan behind
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune_versions(root)
    return version


def switch_current(version: str, root: Path | None = None) -> None:
    """Point CURRENT at a version in one atomic rename."""
    root = root or data_root()
    if not (root / "versions" / version / "manifest.json").exists():
        raise FileNotFoundError(f"no complete data version {version!r}")
    previous = current_version(root) if (root / "CURRENT").exists() else None
    pointer_tmp = root / f".CURRENT.{secrets.token_hex(4)}"
    pointer_tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(pointer_tmp, root / "CURRENT")
    log.info("current data version: %s (was %s) in %s", version, previous or "none", root)
    if previous and previous != version and (root / "versions" / previous).exists():
        # Pages that started a moment ago may still read it: prune_versions waits a while.
        (root / "versions" / previous / RETIRED_MARK).touch()


def keep_versions() -> int:
    """How many versions to keep, current included ($POPDASH_KEEP_VERSIONS, default 5)."""
    return max(1, int(os.environ.get("POPDASH_KEEP_VERSIONS", KEEP_VERSIONS)))


def recently_retired(path: Path) -> bool:
    mark = path / RETIRED_MARK
    return mark.exists() and time.time() - mark.stat().st_mtime < RETIRE_GRACE_SECONDS


def prune_versions(root: Path | None = None, keep: int | None = None) -> None:
    """Remove the oldest versions beyond `keep`; never the current one, nor one that stopped
    being current in the last few minutes (a page run may still be pinned to it). Then remove
    what interrupted writes left behind."""
    root = root or data_root()
    keep = keep or keep_versions()
    current = current_version(root)
    versions = [v for v in list_versions(root) if v != current]
    for old in versions[: max(0, len(versions) - (keep - 1))]:
        if not recently_retired(root / "versions" / old) and discard(root / "versions" / old):
            log.info("pruned data version %s (keeping %d) in %s", old, keep, root)
    sweep_leftovers(root)


def discard(path: Path) -> bool:
    """Remove a version directory. It is first renamed to a hidden name in one step: removed
    file by file in place, a crash midway would leave a version that still has its manifest
    but lacks tables, listed and restorable as if it were complete. False if another writer
    removed it a moment ago."""
    hidden = path.parent / f"{PRUNED_PREFIX}{path.name}-{secrets.token_hex(3)}"
    try:
        os.replace(path, hidden)
    except FileNotFoundError:  # removed by another writer a moment ago
        return False
    shutil.rmtree(hidden, ignore_errors=True)
    return True


def sweep_leftovers(root: Path) -> None:
    """Remove what a killed write leaves: directories being removed (any age), staging
    directories and pointer files untouched for an hour (a live write touches its staging
    directory with every table it adds)."""
    now = time.time()
    for path in list((root / "versions").glob(".*")) + list(root.glob(".CURRENT.*")):
        try:
            stale = now - path.stat().st_mtime > STALE_LEFTOVER_SECONDS
        except FileNotFoundError:
            continue
        if path.is_dir() and (path.name.startswith((PRUNED_PREFIX, OLD_PREFIX))
                              or (path.name.startswith(STAGING_PREFIX) and stale)):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and path.name.startswith(".CURRENT.") and stale:
            path.unlink(missing_ok=True)


def read_table(name: str, version: str | None = None, root: Path | None = None) -> pd.DataFrame:
    return pq.read_table(version_dir(version, root) / f"{name}.parquet").to_pandas()
