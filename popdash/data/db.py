"""The one place that talks to DuckDB: views over the current data version, named queries
from queries/*.sql, bound parameters, and results cached per data version."""
from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from popdash.data import derived, rubric, store
from popdash.paths import QUERIES_DIR

MACROS_DIR = QUERIES_DIR / "macros"
STAGING_DIR = QUERIES_DIR / "staging"
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
RESULT_CACHE_SIZE = 512
MAX_CONNECTIONS = 3
SLOW_QUERY_VARIABLE = "POPDASH_SLOW_QUERY_MS"
SLOW_QUERY_MS = 500.0  # default threshold: a query slower than this is logged as a warning

log = logging.getLogger(__name__)


class QueryError(RuntimeError):
    """A named query is unknown or was called without a parameter it needs."""


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"invalid query name {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def query_parameters(name: str) -> set[str]:
    """The $parameters a query binds (comments ignored)."""
    sql = "\n".join(line.split("--", 1)[0] for line in query_text(name).splitlines())
    return set(PARAMETER.findall(sql))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def data_token(version_path: Path) -> str:
    """Identifies the data a result came from: the version and its files' modification times,
    so a file replaced by hand also invalidates the cache; and the rubric file's, since every
    connection holds the rubric as a table (an edited rubric is seen without a restart)."""
    stamps = [str(p.stat().st_mtime_ns) for p in sorted(version_path.glob("*.parquet"))] + [str(rubric.stamp())]
    return f"{version_path}:{hash(tuple(stamps))}"


_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_connections_lock = threading.Lock()


def connection(version_path: Path, token: str) -> duckdb.DuckDBPyConnection:
    """One connection per data version, with a view per table (derived ones too) registered once."""
    with _connections_lock:
        con = _connections.get(token)
        if con is None:
            con = derived.connect()
            derived.register(con, version_path)
            # Staging views: the joins and yearly counts several named queries share
            # (queries/README.md); they read the tables above, the macros below may read them.
            for path in sorted(STAGING_DIR.glob("*.sql")):
                con.execute(path.read_text(encoding="utf-8"))
            # A table, not a registered frame: registered frames are invisible to cursors.
            con.from_df(rubric.indicators()).create("rubric")
            # Table macros shared by several queries; they bind to the views above.
            for path in sorted(MACROS_DIR.glob("*.sql")):
                con.execute(path.read_text(encoding="utf-8"))
            # Older versions' connections are dropped, not closed: a reader in another thread
            # may still be using one, and it closes once that reader lets go.
            while len(_connections) >= MAX_CONNECTIONS:
                _connections.pop(next(iter(_connections)))
            _connections[token] = con
        return con


_results: OrderedDict = OrderedDict()
_results_lock = threading.Lock()


def freeze(value):
    return tuple(value) if isinstance(value, (list, tuple, set)) else value


def run(name: str, version: str | None = None, **params) -> pd.DataFrame:
    """Run the named query with bound parameters on a data version (default: the current one).

    Parameters the query does not use are ignored, so pages can pass the common filters to
    every query; a parameter the query needs but did not get is an error.
    """
    needed = query_parameters(name)
    missing = needed - params.keys()
    if missing:
        raise QueryError(f"query {name!r} needs {sorted(missing)}")
    bound = {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in params.items() if k in needed}
    version_path = store.version_dir(version)
    if not (version_path / "manifest.json").exists():
        raise QueryError(f"data version {version_path.name!r} is no longer available; reload the page")
    token = data_token(version_path)
    key = (token, name, tuple(sorted((k, freeze(v)) for k, v in bound.items())))
    with _results_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key].copy()
    cursor = connection(version_path, token).cursor()  # a cursor per query: sessions run in threads
    started = time.perf_counter()
    try:
        result = cursor.execute(query_text(name), bound).df()
    finally:
        cursor.close()
    log_if_slow(name, (time.perf_counter() - started) * 1000, bound, version_path.name)
    with _results_lock:
        _results[key] = result
        while len(_results) > RESULT_CACHE_SIZE:
            _results.popitem(last=False)
    return result.copy()


def slow_query_ms() -> float:
    """The threshold for logging a query as slow: $POPDASH_SLOW_QUERY_MS, default 500 ms."""
    try:
        return float(os.environ.get(SLOW_QUERY_VARIABLE, SLOW_QUERY_MS))
    except ValueError:
        return SLOW_QUERY_MS


def log_if_slow(name: str, ms: float, bound: dict, version: str = "") -> None:
    """A warning for a query over the threshold (cache misses only: a hit runs no SQL): its name,
    time and the names of its parameters, never their values (municipalities chosen, search text)."""
    if ms > slow_query_ms():
        log.warning("slow query %s: %.0f ms on version %s (parameters: %s)", name, ms, version or "?",
                    ", ".join(sorted(bound)) or "none")


def clear_cache() -> None:
    with _results_lock:
        _results.clear()
    with _connections_lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
