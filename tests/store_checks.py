"""Checks on a data root after imports, crashes or races: is a version complete, and does
every named query run on the current one."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from popdash.data import db, derived
from popdash.data.schema import load_schema
from popdash.dev import bench


def complete(root: Path, version: str) -> bool:
    """A manifest, and every schema and derived table there and readable, with its columns."""
    folder = root / "versions" / version
    if not (folder / "manifest.json").is_file():
        return False
    json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, table in load_schema().items():
        path = folder / f"{name}.parquet"
        if not path.is_file() or pq.read_schema(path).names != table.column_names:
            return False
    for name in derived.DERIVED_TABLES:
        path = folder / f"{name}.parquet"
        if not path.is_file():
            return False
        pq.read_table(path)
    return True


def every_query(root: Path, monkeypatch) -> int:
    """Run every named query (queries/*.sql) through the db layer on the root's current
    version, each with typical parameters; return how many ran."""
    monkeypatch.setenv("POPDASH_DATA_DIR", str(root))
    db.clear_cache()
    try:
        params = {**bench.typical_parameters(), "cycle_end": 2027, "report": "SHK-R-2025"}
        names = db.query_names()
        for name in names:
            bound = bench.bind(name, params)
            assert bound is not None, f"{name}: no value for {db.query_parameters(name) - params.keys()}"
            db.run(name, **bound)
        return len(names)
    finally:
        db.clear_cache()
