"""Derived tables: aggregates of the monitoring tables written once with each data version.

A data version never changes, so work every page would otherwise repeat on every query
(joining attendance to events, hashing text codes to count distinct people) is done once when
the version is written. Each derived table is defined by `queries/derived/<name>.sql` over the
schema's tables and other derived tables; `popdash.data.db` reads them like the others. The
order they are computed in is read from that SQL (`DERIVED_TABLES`: each after the derived
tables it names after `from` or `join`), so a new table needs only its file.

A version written before a derived table existed still works: `register` computes the
missing table into memory when it opens the version, with the same results.
"""
from __future__ import annotations

import atexit
import hashlib
import heapq
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
ROW_GROUP_SIZE = 256_000
DEFAULT_MEMORY_LIMIT = "1GB"
# A table a query reads: the name after `from` or `join` (optionally double-quoted).
SOURCE_TABLE = re.compile(r'\b(?:from|join)\s+"?([a-z_][a-z0-9_]*)"?', re.I)
# A CTE the query defines itself: `with name as (` or `, name as (`; not a table.
CTE_NAME = re.compile(r'(?:\bwith(?:\s+recursive)?|,)\s*"?([a-z_][a-z0-9_]*)"?\s+as\s*(?:not\s+)?(?:materialized\s+)?\(',
                      re.I)


class DependencyCycle(ValueError):
    """Derived tables that read one another in a circle: no order computes each after its inputs."""

    def __init__(self, tables: list[str]):
        self.tables = tuple(tables)
        super().__init__("derived tables read one another in a cycle: " + " -> ".join([*tables, tables[0]]))


def tables_read(sql: str, candidates) -> frozenset[str]:
    """The names among `candidates` that `sql` reads: named after `from` or `join`, outside
    comments and string literals, and not one of the query's own CTEs."""
    text = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    own = {name.lower() for name in CTE_NAME.findall(text)}
    names = {name.lower() for name in SOURCE_TABLE.findall(text)}
    return frozenset(name for name in names - own if name in candidates)


def dependencies(directory: Path = DERIVED_DIR) -> dict[str, frozenset[str]]:
    """Each derived table defined in `directory` (one `<name>.sql` each) -> the other derived
    tables of the directory it reads."""
    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.sql"))}
    return {name: tables_read(text, texts.keys()) for name, text in texts.items()}


def build_order(reads: dict) -> tuple[str, ...]:
    """The names of `reads` (name -> the names it reads) in an order where each comes after
    every name it reads; among names ready at the same time, alphabetical. Names read that are
    not keys (schema tables) are ignored. A cycle raises DependencyCycle naming its tables."""
    waiting = {name: set(read) & reads.keys() for name, read in reads.items()}
    readers: dict[str, set[str]] = {name: set() for name in waiting}
    for name, read in waiting.items():
        for other in read:
            readers[other].add(name)
    ready = [name for name, read in waiting.items() if not read]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        name = heapq.heappop(ready)
        order.append(name)
        for reader in readers[name]:
            waiting[reader].discard(name)
            if not waiting[reader]:
                heapq.heappush(ready, reader)
    if len(order) < len(waiting):
        raise DependencyCycle(find_cycle({n: r for n, r in waiting.items() if n not in order}))
    return tuple(order)


def find_cycle(waiting: dict[str, set[str]]) -> list[str]:
    """A cycle among tables that all still wait for another: follow, from the first name
    alphabetically, the first name each one waits for until a name comes round again."""
    path: list[str] = []
    name = min(waiting)
    while name not in path:
        path.append(name)
        name = min(waiting[name])
    return path[path.index(name):]


# In dependency order, read from the SQL: each table after the derived tables it reads.
DERIVED_TABLES = build_order(dependencies())


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
    return tables_read(definition(name), set(load_schema()) | set(DERIVED_TABLES))


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
