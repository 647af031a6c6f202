"""Derived tables: aggregates of the monitoring tables written once with each data version.

A data version never changes, so work every page would otherwise repeat on every query
(joining attendance to events, hashing text codes to count distinct people) is done once when
the version is written. Each derived table is defined by `queries/derived/<name>.sql` over the
schema's tables and the derived tables before it; `popdash.data.db` reads them like the others.

A version written before a derived table existed still works: `register` computes the
missing table into memory when it opens the version, with the same results.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import duckdb

from popdash.data.schema import load_schema
from popdash.paths import QUERIES_DIR

DERIVED_DIR = QUERIES_DIR / "derived"
# In dependency order: each table may read the ones before it.
DERIVED_TABLES = ("visits", "people", "people_groups", "event_attendance", "observations", "observation_counts",
                  "meeting_tallies", "priority_status")
ROW_GROUP_SIZE = 256_000
DEFAULT_MEMORY_LIMIT = "1GB"


@lru_cache(maxsize=None)
def definition(name: str) -> str:
    return (DERIVED_DIR / f"{name}.sql").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def fingerprint(name: str) -> str:
    """A short hash of a derived table's definition: a version's manifest records it, so a file
    written by an older definition is never reused by a newer one."""
    return hashlib.sha256(definition(name).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=None)
def inputs(name: str) -> frozenset[str]:
    """The schema and derived tables a derived table reads, as its SQL names them after
    `from` or `join` (its own CTEs are not tables and are left out)."""
    known = set(load_schema()) | set(DERIVED_TABLES)
    text = re.sub(r"--[^\n]*", "", definition(name))
    return frozenset(t for t in re.findall(r"\b(?:from|join)\s+([a-z_]+)", text, flags=re.I) if t in known)


def affected(changed: set[str]) -> set[str]:
    """The derived tables to compute again when the tables in `changed` differ from the base
    version's: those that read one of them, directly or through another derived table."""
    out: set[str] = set()
    for name in DERIVED_TABLES:  # dependency order: a table's derived inputs are decided first
        if inputs(name) & (changed | out):
            out.add(name)
    return out


def memory_limit() -> str:
    """DuckDB's memory ceiling ($POPDASH_DUCKDB_MEMORY, default 1GB): above it DuckDB spills to
    disk instead of growing, so a page on a 10-million-row network stays within a small server."""
    return os.environ.get("POPDASH_DUCKDB_MEMORY", DEFAULT_MEMORY_LIMIT)


@lru_cache(maxsize=1)
def spill_directory() -> str:
    """Where DuckDB spills above its memory limit: a directory of this process's own in the
    system's temp directory (never the data folder, never shared with another process)."""
    path = tempfile.mkdtemp(prefix="popdash-duckdb-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"memory_limit": memory_limit(), "temp_directory": spill_directory()})
    con.execute("set enable_progress_bar = false")  # it would print to the server's terminal
    return con


def register_schema_tables(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    """A view per table of the schema, over its parquet file in `directory`."""
    for table in load_schema():
        # The relation API takes the path as a value: no SQL text is built.
        con.read_parquet(str(directory / f"{table}.parquet")).create_view(table)


def register(con: duckdb.DuckDBPyConnection, version_path: Path) -> None:
    """A view per schema table and per derived table of the version on `con`."""
    register_schema_tables(con, version_path)
    for name in DERIVED_TABLES:
        path = version_path / f"{name}.parquet"
        if path.exists():
            con.read_parquet(str(path)).create_view(name)
        else:
            # A version written before this table existed: computed once into memory.
            con.sql(definition(name)).create(name)


def write(directory: Path, names=DERIVED_TABLES) -> None:
    """Compute the derived tables `names` (default: all) from the tables in `directory` and
    write them there; a derived table they read and not among them must already be there."""
    con = connect()
    try:
        register_schema_tables(con, directory)
        for name in DERIVED_TABLES:
            path = directory / f"{name}.parquet"
            if name in names:
                con.sql(definition(name)).write_parquet(str(path), compression="zstd", row_group_size=ROW_GROUP_SIZE)
            # Later tables read the file, not the SQL again.
            con.read_parquet(str(path)).create_view(name, replace=True)
    finally:
        con.close()
