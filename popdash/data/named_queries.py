"""The data layer's public surface for reading a data version: named queries and the raw tables.

Everything outside popdash/data reads data through here; only this layer talks to DuckDB
(popdash.data.db). Pages get a runner bound to their data version and filters (the view
context's `ctx.run`), commands and exports that run outside a page get one from `runner()`,
and domain code (popdash.views, popdash.exports) receives that runner as a parameter:

    run = runner()                        # the current data version, pinned
    run("data_years")                     # a named query from queries/*.sql
    run("key_figures_by_year", municipalities=["TIR"])
    run.version, run.sample, run.table("events")
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from popdash.data import db, store

# run(query_name, **params) -> DataFrame: a VersionRunner, or any callable that answers alike.
Runner = Callable[..., pd.DataFrame]
QueryError = db.QueryError


def run(name: str, version: str | None = None, **params) -> pd.DataFrame:
    """Run the named query with bound parameters on a data version (default: the current one).
    Parameters the query does not use are ignored; one it needs but did not get is an error."""
    return db.run(name, version=version, **params)


def query_text(name: str) -> str:
    """The SQL of a named query (queries/<name>.sql)."""
    return db.query_text(name)


def query_names() -> list[str]:
    """Every named query, sorted."""
    return db.query_names()


def query_parameters(name: str) -> set[str]:
    """The $parameters a named query binds."""
    return db.query_parameters(name)


def frozen(value):
    """Lists and sets as tuples, so a runner's bound parameters compare and hash by value."""
    return tuple(value) if isinstance(value, (list, tuple, set, frozenset)) else value


@dataclass(frozen=True)
class VersionRunner:
    """Named queries on one data version, with parameters bound by default (a page's filters).

    Calling it runs a named query: parameters given in the call win over the bound ones, and
    parameters a query does not use are ignored. It compares by value (version and bound
    parameters), so builders kept by their arguments (popdash.views.figure_cache) can take it."""
    version: str
    defaults: tuple[tuple[str, object], ...] = ()

    def __call__(self, name: str, **params) -> pd.DataFrame:
        return db.run(name, version=self.version, **{**dict(self.defaults), **params})

    def unbound(self) -> VersionRunner:
        """The same version without bound parameters: every query then names its own."""
        return VersionRunner(self.version) if self.defaults else self

    @property
    def token(self) -> str:
        """Identifies the data this runner reads: changes when a file of the version (or the
        rubric) changes, so results kept under it are never stale."""
        return db.data_token(store.version_dir(self.version))

    def manifest(self) -> dict:
        """The version's manifest (when it was written, from what, whether it is sample data)."""
        return store.read_manifest(self.version)

    @property
    def sample(self) -> bool:
        return bool(self.manifest().get("sample"))

    def table(self, name: str) -> pd.DataFrame:
        """A table of the version as stored (every row and column)."""
        return store.read_table(name, self.version)


def runner(version: str | None = None, **defaults) -> VersionRunner:
    """A runner on a data version (default: the current one, read now and then pinned, so every
    query of one export reads the same data), with the given parameters bound by default."""
    version = version or store.current_version()
    return VersionRunner(version, tuple(sorted((k, frozen(v)) for k, v in defaults.items())))
