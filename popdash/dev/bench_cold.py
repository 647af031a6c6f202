"""One cold run for the benchmark, in a new process: `python -m popdash.dev.bench_cold '<json>'`.

The parent (`popdash.dev.bench_compare`) starts this module in a new Python process and times from
just before the process is started until the answer line arrives on stdout: interpreter start,
imports, opening the files (the OS page cache is left as it is) and the computation. Only the
library of the implementation under test is imported: `popdash.dev.bench_peers` imports nothing
but the standard library at the top.

Specs (JSON):
  {"impl": "ours" | "duckdb" | "pandas" | "polars", "task": ..., "directory": ..., "year": ..., "municipalities": [...]}
      prints the answer (popdash.dev.bench_peers.Result) as one JSON line; "ours" is the dashboard's
      own path on a first view: db.run() (a new connection, the views, the macros) with
      $POPDASH_DATA_DIR pointing at the data root
  {"impl": "ours-phases", ...as for "ours"}
      the milliseconds of a cold "ours" spent importing, opening the version and querying
  {"impl": "python"}
      prints {} at once: the cost of starting the interpreter alone
  {"impl": "write", "directory": <version>, "root": <empty data root>}
      reads the version's schema tables into pandas frames, then times store.write_version of
      them into root (the schema tables, then the derived tables), and reports the process's
      peak memory
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KB on Linux


def write_version(spec: dict) -> dict:
    """Time a full version write (schema tables, then derived tables) of the given data."""
    start = time.perf_counter()
    import pyarrow.parquet as pq

    from popdash.data import derived
    from popdash.data import store
    from popdash.data.schema import load_schema

    directory = Path(spec["directory"])
    frames = {name: pq.read_table(directory / f"{name}.parquet").to_pandas() for name in load_schema()
              if (directory / f"{name}.parquet").exists()}
    read_s = time.perf_counter() - start
    rss_before = peak_rss_mb()
    timing = {}
    original = derived.write

    def timed_write(*args, **kwargs):  # store.write_version calls derived.write(staging, ...): timed here only
        began = time.perf_counter()
        original(*args, **kwargs)
        timing["derived_s"] = time.perf_counter() - began
        names = args[1] if len(args) > 1 else kwargs.get("names", derived.DERIVED_TABLES)
        timing["derived_written"] = len(list(names))

    derived.write = timed_write
    root = Path(spec["root"])
    began = time.perf_counter()
    store.write_version(frames, {"source": "popdash.dev.bench", "note": "version write timing"}, root=root,
                        version="bench-write")
    total = time.perf_counter() - began
    written = store.version_dir("bench-write", root=root)
    size = sum(p.stat().st_size for p in written.glob("*.parquet"))
    derived_size = sum((written / f"{n}.parquet").stat().st_size for n in derived.DERIVED_TABLES
                       if (written / f"{n}.parquet").exists())
    out = {"read_s": round(read_s, 2), "write_s": round(total, 2), "derived_s": round(timing.get("derived_s", 0), 2),
           "schema_tables_s": round(total - timing.get("derived_s", 0), 2),
           "derived_written": timing.get("derived_written"),
           "peak_rss_mb_after_reading": rss_before, "peak_rss_mb": peak_rss_mb(),
           "version_bytes": size, "derived_bytes": derived_size}
    import inspect

    if "base_version" in inspect.signature(store.write_version).parameters:
        # A version on top of the one just written in which only events and attendance changed
        # (what an import of a month's events does), where the store can link the rest from it.
        changed = {"events", "attendance"}
        timing.clear()
        began = time.perf_counter()
        store.write_version(frames, {"source": "popdash.dev.bench", "note": "incremental write timing"}, root=root,
                            version="bench-write-2", base_version="bench-write",
                            unchanged=[n for n in load_schema() if n not in changed])
        total = time.perf_counter() - began
        out.update({"incremental_write_s": round(total, 2), "incremental_derived_s": round(timing.get("derived_s", 0), 2),
                    "incremental_derived_written": timing.get("derived_written"),
                    "incremental_changed": sorted(changed), "peak_rss_mb": peak_rss_mb()})
    return out


def ours_phases(spec: dict) -> dict:
    """Where a cold run of the dashboard's query spends its time: importing the query layer,
    opening the version (a connection, a view per table, the rubric, the macros), the query."""
    began = time.perf_counter()
    from popdash.dev import bench_peers as bp
    from popdash.data import db
    from popdash.data import store

    imported = time.perf_counter()
    task = bp.task(spec["task"])
    ctx = bp.Context(Path(spec["directory"]), int(spec["year"]), list(spec["municipalities"]))
    version_path = store.version_dir()
    con = db.connection(version_path, db.data_token(version_path))
    opened = time.perf_counter()
    cursor = con.cursor()
    cursor.execute(db.query_text(task.query), bp.ours_parameters(task, ctx)).df()
    cursor.close()
    done = time.perf_counter()
    return {"import_ms": round((imported - began) * 1000, 1), "open_ms": round((opened - imported) * 1000, 1),
            "query_ms": round((done - opened) * 1000, 1)}


def answer(spec: dict) -> dict:
    from popdash.dev import bench_peers as bp

    task = bp.task(spec["task"])
    ctx = bp.Context(Path(spec["directory"]), int(spec["year"]), list(spec["municipalities"]))
    if spec["impl"] == "ours":
        from popdash.data import db

        return bp.ours_result(task, db.run(task.query, **bp.ours_parameters(task, ctx)), ctx.year)
    return bp.run_peer(spec["impl"], task, ctx)


def main(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    if spec["impl"] == "python":
        out = {}
    elif spec["impl"] == "write":
        out = write_version(spec)
    elif spec["impl"] == "ours-phases":
        out = ours_phases(spec)
    else:
        out = answer(spec)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
