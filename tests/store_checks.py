"""Checks on a data root after imports, crashes or races: is a version complete, does every
named query run on the current one, and does a written version hold what data/schema.toml
allows (conftest checks every version a test writes with `assert_matches_schema`)."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from popdash.data import db, derived
from popdash.data.schema import ARROW_TYPES, load_schema
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


# Values of these columns are personal: a problem report counts them, never shows them.
PERSONAL_COLUMNS = {"participant_code"}
EXAMPLES = 3


def shown(column: str, values) -> str:
    if column in PERSONAL_COLUMNS:
        return f"{len(values)} value(s)"
    return ", ".join(repr(v) for v in list(values)[:EXAMPLES]) + (" ..." if len(values) > EXAMPLES else "")


def absent(values: pa.ChunkedArray, allowed: pa.Array) -> list:
    """The distinct non-null values not in `allowed`."""
    distinct = pc.unique(values.drop_null())
    return pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=allowed))).to_pylist()


def null_counts(file: pq.ParquetFile) -> dict[str, int | None]:
    """Nulls per column from the row groups' statistics (None where a row group has none)."""
    out: dict[str, int | None] = {}
    meta = file.metadata
    for i, name in enumerate(file.schema_arrow.names):
        total = 0
        for g in range(meta.num_row_groups):
            stats = meta.row_group(g).column(i).statistics
            if stats is None or not stats.has_null_count:
                total = None
                break
            total += stats.null_count
        out[name] = total
    return out


def column_type(column) -> pa.DataType:
    return ARROW_TYPES[column.type]


def distinct_keys(frame: pa.Table, keys: list[str]) -> int:
    """How many distinct values the key columns take together (null counts as a value)."""
    if len(keys) == 1:
        return pc.count_distinct(frame[keys[0]], mode="all").as_py()
    return frame.select(keys).group_by(keys).aggregate([([], "count_all")]).num_rows


def schema_problems(folder: Path) -> list[str]:
    """What the schema tables written in `folder` break of data/schema.toml: a file missing or
    not readable, columns and their types (a required column is declared not null and holds
    no null), codes outside a column's allowed list, duplicate keys, references to a row the
    referenced table does not hold. It runs on every write in the tests, so it reads only the
    columns it checks (nulls come from the files' statistics) and works on Arrow columns."""
    schema = load_schema()
    referenced = {tuple(c.references.split(".")) for t in schema.values() for c in t.columns if c.references}
    problems: list[str] = []
    data: dict[str, pa.Table] = {}
    for name, table in schema.items():
        path = folder / f"{name}.parquet"
        try:
            file = pq.ParquetFile(path)
        except (OSError, pa.ArrowInvalid) as error:
            problems.append(f"{name}: cannot read {path.name}: {error}")
            continue
        written, declared = file.schema_arrow, table.arrow_schema()
        if written.names != declared.names:
            problems.append(f"{name}: columns {written.names}, the schema says {declared.names}")
            continue
        nulls = null_counts(file)
        needed = [c.name for c in table.columns
                  if c.name in table.key or c.allowed or c.references or (name, c.name) in referenced]
        data[name] = file.read(columns=needed)
        for column in table.columns:
            field, wanted = written.field(column.name), declared.field(column.name)
            if not field.type.equals(wanted.type):
                problems.append(f"{name}.{column.name}: type {field.type}, the schema says {wanted.type}")
            if column.required:
                count = nulls[column.name]
                if count is None:
                    count = file.read(columns=[column.name])[column.name].null_count
                if field.nullable or count:
                    problems.append(f"{name}.{column.name}: required, but {count} null(s) and declared "
                                    f"{'nullable' if field.nullable else 'not null'}")
    for name, frame in data.items():
        table = schema[name]
        for column in table.columns:
            if not (column.allowed or column.references) or not frame.schema.field(column.name).type.equals(
                    column_type(column)):
                continue  # nothing to look up, or a wrong type reported above
            if column.allowed:
                wrong = absent(frame[column.name], pa.array(column.allowed, type=column_type(column)))
                if wrong:
                    problems.append(f"{name}.{column.name}: codes not allowed: {shown(column.name, wrong)}")
            if column.references:
                target, key = column.references.split(".")
                if target in data and data[target].schema.field(key).type.equals(column_type(column)):
                    missing = absent(frame[column.name], pc.unique(data[target][key].drop_null()))
                    if missing:
                        problems.append(f"{name}.{column.name}: {shown(column.name, missing)} not in {target}.{key}")
        keys = list(table.key)
        if distinct_keys(frame, keys) < frame.num_rows:
            counts = frame.select(keys).group_by(keys).aggregate([([], "count_all")])
            repeated = counts.filter(pc.greater(counts["count_all"], 1))
            example = {k: repeated[k][0].as_py() for k in keys if k not in PERSONAL_COLUMNS}
            problems.append(f"{name}: {repeated.num_rows} key(s) {tuple(keys)} on more than one row, "
                            f"e.g. {example}")
    return problems


def assert_matches_schema(folder: Path) -> None:
    problems = schema_problems(folder)
    assert not problems, f"version {folder.name} breaks data/schema.toml:\n  " + "\n  ".join(problems)
