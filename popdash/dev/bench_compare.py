"""The dashboard against its peers (issue 13): the headline figures and the slowest page's
queries, warm and cold, checked for the same numbers first; the one-off cost of writing a data
version with its derived tables, and the page views it takes to pay that back.

* **Warm**: one process; the dashboard's named query (db.run's path on a cache miss: the
  version's open connection, no result cache) and each peer (`popdash.dev.bench_peers`) run in
  turns, the order rotated every round, at least 7 rounds; median, interquartile range and
  min–max. The DuckDB peer keeps one plain connection open, as a notebook would.
* **Cold**: a new Python process per run (`popdash.dev.bench_cold`), timed from just before it is
  started to the answer on its stdout, with the OS page cache as it is (the files were read
  moments before: warm in the page cache, cold in the process). The order is rotated too. An
  empty run (interpreter start only) is reported beside them.
* **Version write**: a new process reads the version's tables into pandas frames and writes
  them with `store.write_version` into a temporary data root: the schema tables, then the
  derived tables (`popdash.data.derived`); seconds and the process's peak memory.
* **Break-even**: the derived tables cost D seconds once per data version; each page view
  saves (fastest peer − ours) on the measured queries; D divided by that saving is the number of
  page views after which the derived tables have paid for themselves (none where ours does not
  save). Views answered from the result cache would save more; they are not counted.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

from popdash.dev import bench_common, bench_peers as bp
from popdash.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
MIN_RUNS = 7
PAGES = {  # the measured queries of each page, for the break-even
    "pages/overview.py": ("key_figures", "key_figures_by_municipality"),
    "pages/results.py": ("key_figures", "key_figures_by_municipality", "participation_shares", "priorities_addressed"),
}
TARGET_WARM_MS = 50
TARGET_RATIO = 10
PAGE_CACHE_NOTE = ("cold = a new Python process per run, timed from its start to the answer; the OS page cache "
                   "was left as it was (the files had just been read, so they were cached: cold process, warm disk)")


def spread(walls: list[float], cpus: list[float] | None = None) -> dict:
    """Median, quartiles, min and max (ms) of a list of runs (seconds)."""
    ms = np.array(walls) * 1000
    out = {"median_ms": round(float(np.median(ms)), 2), "p25_ms": round(float(np.percentile(ms, 25)), 2),
           "p75_ms": round(float(np.percentile(ms, 75)), 2), "min_ms": round(float(ms.min()), 2),
           "max_ms": round(float(ms.max()), 2), "runs": len(walls)}
    if cpus:
        out["cpu_median_ms"] = round(float(np.median(np.array(cpus) * 1000)), 2)
    return out


def interleaved(fns: dict, runs: int) -> dict:
    """Each function once per round, the order rotated every round; wall and CPU per run."""
    names = list(fns)
    walls = {n: [] for n in names}
    cpus = {n: [] for n in names}
    for r in range(runs):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            wall, cpu = time.perf_counter(), time.process_time()
            fns[name]()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    return {n: spread(walls[n], cpus[n]) for n in names}


def cold_run(spec: dict, env: dict) -> tuple[float, dict]:
    """Seconds from starting a new process to its answer line, and the answer."""
    command = [sys.executable, "-m", "popdash.dev.bench_cold", json.dumps(spec)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = process.communicate(timeout=600)
    if process.returncode != 0 or not line.strip():
        raise RuntimeError(f"cold run {spec.get('impl')} failed: {err.strip()[-500:]}")
    return elapsed, json.loads(line)


def child_env(root: Path) -> dict:
    return {**os.environ, "POPDASH_DATA_DIR": str(root), "PYTHONDONTWRITEBYTECODE": "1"}


def measure_task(t: bp.Task, ctx: bp.Context, peers: list[str], runs: int) -> dict:
    """Same numbers as ours? Then warm, interleaved."""
    from popdash.data import db

    bound = bp.ours_parameters(t, ctx)

    def ours():
        return bp.ours_result(t, bench_common.execute_uncached(t.query, bound), ctx.year)

    expected = bp.only(ours(), t.columns)
    entry = {"task": t.name, "label": t.label, "page": t.page, "query": t.query, "sql": t.sql, "checks": {}}
    if not expected:
        entry["skipped"] = f"{t.query} has no row for {ctx.year}"
        return entry
    fns = {"ours": ours}
    for peer in peers:
        try:
            diff = bp.differences(expected, bp.run_peer(peer, t, ctx), t.columns)
        except Exception as error:  # a peer that fails is reported, not timed
            diff = [f"error: {type(error).__name__}: {error}"[:300]]
        entry["checks"][peer] = {"same": not diff, "differences": diff}
        if not diff:
            fns[peer] = partial(bp.run_peer, peer, t, ctx)
    entry["warm"] = interleaved(fns, runs)
    db.run(t.query, **bound)
    cached = interleaved({"cached": lambda: db.run(t.query, **bound)}, runs)["cached"]
    entry["ours_cached_median_ms"] = cached["median_ms"]
    entry["expected"] = expected
    return entry


def measure_cold(entry: dict, ctx: bp.Context, root: Path, runs: int) -> None:
    """Cold runs of ours and of each peer that gave the same numbers, in new processes."""
    impls = ["ours"] + [p for p, c in entry["checks"].items() if c["same"]]
    env = child_env(root)
    walls = {i: [] for i in impls}
    wrong = {i: 0 for i in impls}
    for r in range(runs):
        k = r % len(impls)
        for impl in impls[k:] + impls[:k]:
            spec = {"impl": impl, "task": entry["task"], "directory": str(ctx.directory), "year": ctx.year,
                    "municipalities": list(ctx.municipalities)}
            seconds, result = cold_run(spec, env)
            walls[impl].append(seconds)
            columns = bp.task(entry["task"]).columns
            wrong[impl] += bool(bp.differences(entry["expected"], bp.only(result, columns), columns))
    entry["cold"] = {i: {**spread(walls[i]), "differing_answers": wrong[i]} for i in impls}


def interpreter_floor(root: Path, runs: int) -> dict:
    """A new process that answers at once: what every cold run pays before any work."""
    env = child_env(root)
    return spread([cold_run({"impl": "python"}, env)[0] for _ in range(runs)])


def ours_phases(ctx: bp.Context, root: Path, runs: int, task: str = "key_figures") -> dict:
    """Medians of a cold run of ours split into import, opening the version, and the query."""
    env = child_env(root)
    spec = {"impl": "ours-phases", "task": task, "directory": str(ctx.directory), "year": ctx.year,
            "municipalities": list(ctx.municipalities)}
    runs_out = [cold_run(spec, env)[1] for _ in range(runs)]
    return {"task": task, **{k: round(float(np.median([r[k] for r in runs_out])), 1) for k in runs_out[0]}}


def measure_write(version_path: Path) -> dict:
    """A full version write of this data (schema tables, then derived tables), in a new process."""
    target = Path(tempfile.mkdtemp(prefix="popdash-bench-write-"))
    try:
        started = time.perf_counter()
        _, out = cold_run({"impl": "write", "directory": str(version_path), "root": str(target)}, dict(os.environ))
        out["process_s"] = round(time.perf_counter() - started, 2)
        return out
    except Exception as error:  # reported, the rest of the benchmark goes on
        return {"error": f"{type(error).__name__}: {error}"[:500]}
    finally:
        shutil.rmtree(target, ignore_errors=True)


def break_even(tasks: list[dict], derived_s: float | None) -> list[dict]:
    """Per page: the measured queries' total per implementation, and the views to pay back D."""
    by_name = {t["task"]: t for t in tasks if "warm" in t}
    rows = []
    for page, names in PAGES.items():
        if not all(n in by_name for n in names):
            continue
        row = {"page": page, "tasks": list(names)}
        for kind in ("warm", "cold"):
            if not all(kind in by_name[n] for n in names):
                continue
            impls = set.intersection(*(set(by_name[n][kind]) for n in names))
            totals = {i: round(sum(by_name[n][kind][i]["median_ms"] for n in names), 1) for i in impls}
            peers = {i: v for i, v in totals.items() if i != "ours"}
            if "ours" not in totals or not peers:
                continue
            best = min(peers, key=peers.get)
            saving = peers[best] - totals["ours"]
            row[kind] = {"totals_ms": totals, "fastest_peer": best, "saving_ms": round(saving, 1),
                         "views": (int(np.ceil(derived_s * 1000 / saving)) if derived_s and saving > 0 else None)}
        rows.append(row)
    return rows


def targets(tasks: list[dict]) -> list[dict]:
    """Issue 13's targets for each measured figure: warm <= 50 ms, >= 10x faster than each
    peer warm, and cold faster than every peer."""
    out = []
    for t in tasks:
        warm, cold = t.get("warm"), t.get("cold")
        if not warm:
            continue
        ours = warm["ours"]["median_ms"]
        peers = {p: s["median_ms"] for p, s in warm.items() if p != "ours"}
        slowest_ratio = min((v / ours for v in peers.values()), default=None)
        row = {"task": t["task"], "warm_ms": ours, "warm_ok": ours <= TARGET_WARM_MS,
               "worst_ratio": round(slowest_ratio, 2) if slowest_ratio else None,
               "worst_peer": min(peers, key=peers.get) if peers else None,
               "ratio_ok": bool(slowest_ratio and slowest_ratio >= TARGET_RATIO)}
        if cold:
            ours_cold = cold["ours"]["median_ms"]
            peer_cold = {p: s["median_ms"] for p, s in cold.items() if p != "ours"}
            row["cold_ms"] = ours_cold
            row["fastest_cold_peer"] = min(peer_cold, key=peer_cold.get) if peer_cold else None
            row["fastest_cold_peer_ms"] = min(peer_cold.values()) if peer_cold else None
            row["cold_ok"] = bool(peer_cold) and ours_cold < min(peer_cold.values())
        out.append(row)
    return out


def compare(options, root: Path, log=lambda line: None) -> dict:
    """Every comparison at the current data root (bench.data_dir must be active)."""
    import duckdb

    from popdash.data import store

    runs = max(MIN_RUNS, options.peer_runs)
    params = bench_common.typical_parameters()
    version_path = store.version_dir()
    ctx = bp.Context(version_path, int(params["year"]), list(params["municipalities"]), con=duckdb.connect())
    peers = [p for p in bp.PEERS if bp.available(p)]
    notes = [PAGE_CACHE_NOTE]
    if "polars" not in peers:
        notes.append("Polars is not installed: its column is skipped (pip install -r requirements-test.txt)")
    out = {"year": ctx.year, "municipalities": len(ctx.municipalities), "peers": peers, "runs": runs, "notes": notes,
           "versions": bench_versions(), "tasks": [], "figures": []}
    try:
        for t in bp.TASKS.values():
            log(f"    {t.name}: checks and {runs} warm rounds ...")
            entry = measure_task(t, ctx, peers, runs)
            out["tasks"].append(entry)
            bad = {p: c["differences"] for p, c in entry["checks"].items() if not c["same"]}
            if bad:
                log(f"      NOT THE SAME NUMBERS: {bad}")
        if options.figures:
            for t in bp.FIGURE_TASKS.values():
                log(f"    {t.name} ...")
                out["figures"].append(measure_task(t, ctx, peers, runs))
    finally:
        ctx.con.close()
    if options.cold_runs:
        cold_runs = max(options.cold_runs, 1)
        out["interpreter_start"] = interpreter_floor(root, cold_runs)
        out["ours_cold_phases"] = ours_phases(ctx, root, cold_runs)
        for entry in out["tasks"]:
            if "warm" in entry:
                log(f"    {entry['task']}: {cold_runs} cold rounds ...")
                measure_cold(entry, ctx, root, cold_runs)
    if options.write:
        log("    version write (schema and derived tables) in a new process ...")
        out["version_write"] = measure_write(version_path)
    derived_s = (out.get("version_write") or {}).get("derived_s")
    out["break_even"] = break_even(out["tasks"], derived_s)
    out["targets"] = targets(out["tasks"])
    for entry in out["tasks"] + out["figures"]:
        entry.pop("expected", None)
    return out


def bench_versions() -> dict:
    from importlib import metadata

    versions = {}
    for package in ("duckdb", "pandas", "pyarrow", "polars"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return versions


# ---------------------------------------------------------------- tables


def ms(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}" if value < 100 or digits == 0 else f"{value:,.0f}"


def span(stats: dict | None, low: str, high: str) -> str:
    if not stats:
        return "–"
    digits = 1 if stats[high] < 100 else 0
    return f"{ms(stats[low], digits)}–{ms(stats[high], digits)}"


def ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "–"
    return f"{value / base:,.1f}×" if value / base < 100 else f"{value / base:,.0f}×"


def comparison_rows(scales: list[dict]) -> list[list[str]]:
    """One row per scale, task and implementation: warm and cold with their spread and ratios."""
    rows = []
    for s in scales:
        peers = s.get("peers") or {}
        for t in peers.get("tasks", []):
            warm, cold = t.get("warm") or {}, t.get("cold") or {}
            for impl in bp.IMPLEMENTATIONS:
                w, c = warm.get(impl), cold.get(impl)
                check = t["checks"].get(impl)
                if impl != "ours" and check is None:
                    same = "not installed" if impl not in peers.get("peers", []) else "–"
                else:
                    same = "(reference)" if impl == "ours" else ("yes" if check["same"] else "**no**: " + "; ".join(check["differences"]))
                if impl != "ours" and not w and same != "not installed":
                    same = same if same.startswith("**no") else "not timed"
                digits = 1
                rows.append([f"x{s['scale']:g}", t["task"], bp.LABELS[impl],
                             ms(w["median_ms"], digits) if w else "–", span(w, "p25_ms", "p75_ms"),
                             span(w, "min_ms", "max_ms"),
                             ms(c["median_ms"], 0) if c else "–", span(c, "min_ms", "max_ms"),
                             "" if impl == "ours" else ratio(w["median_ms"] if w else None, warm.get("ours", {}).get("median_ms")),
                             "" if impl == "ours" else ratio(c["median_ms"] if c else None, cold.get("ours", {}).get("median_ms")),
                             same])
    return rows


COMPARISON_HEAD = ["scale", "figures", "implementation", "warm median ms", "warm IQR ms", "warm min–max ms",
                   "cold median ms", "cold min–max ms", "peer ÷ ours warm", "peer ÷ ours cold", "same numbers as ours"]


def figure_rows(scales: list[dict]) -> list[list[str]]:
    rows = []
    for s in scales:
        for t in (s.get("peers") or {}).get("figures", []):
            warm = t.get("warm") or {}
            ours = warm.get("ours", {}).get("median_ms")
            cells = [f"x{s['scale']:g}", t["task"].removeprefix("figure:"), ms(ours, 1)]
            for peer in bp.PEERS:
                w = warm.get(peer)
                check = t["checks"].get(peer)
                if w:
                    cells.append(f"{ms(w['median_ms'], 1)} ({ratio(w['median_ms'], ours)})")
                else:
                    cells.append("differs" if check and not check["same"] else "–")
            rows.append(cells)
    return rows


FIGURE_HEAD = ["scale", "key figure", "ours: the whole card query, ms", "DuckDB, ms (÷ ours)", "pandas, ms (÷ ours)",
               "Polars, ms (÷ ours)"]


def write_rows(scales: list[dict]) -> list[list[str]]:
    rows = []
    for s in scales:
        peers = s.get("peers") or {}
        w = peers.get("version_write")
        if not w:
            continue
        if "error" in w:
            rows.append([f"x{s['scale']:g}", w["error"].splitlines()[-1][:200], "", "", "", "", "", "", ""])
            continue
        cells = [f"x{s['scale']:g}", f"{w['schema_tables_s']:,.2f}", f"{w['derived_s']:,.2f}", f"{w['write_s']:,.2f}",
                 f"{w['peak_rss_mb']:,.0f} ({w['peak_rss_mb_after_reading']:,.0f})",
                 f"{w['version_bytes'] / 2**20:,.1f} ({w['derived_bytes'] / 2**20:,.1f})",
                 (f"{w['incremental_write_s']:,.2f} ({w['incremental_derived_s']:,.2f} s for "
                  f"{w['incremental_derived_written']} of {w['derived_written']})") if "incremental_write_s" in w else "–"]
        for page in PAGES:
            b = next((b for b in peers.get("break_even", []) if b["page"] == page), None)
            parts = []
            for kind in ("warm", "cold"):
                k = (b or {}).get(kind)
                if k:
                    parts.append(f"{kind} {k['views']:,} (saves {k['saving_ms']:,.0f} ms a view against {k['fastest_peer']})"
                                 if k["views"] else
                                 f"{kind}: never ({-k['saving_ms']:,.0f} ms a view slower than {k['fastest_peer']})")
            cells.append("; ".join(parts) or "–")
        rows.append(cells)
    return rows


WRITE_HEAD = ["scale", "schema tables s", "derived tables s (once per version)", "version write s",
              "peak memory MB (after reading the frames)", "version MB (derived)",
              "a version on top with events and attendance changed, s (derived tables: s for how many)",
              "break-even views, Overview (warm; cold)", "break-even views, Results (warm; cold)"]


def target_rows(scales: list[dict]) -> list[list[str]]:
    rows = []
    for s in scales:
        for t in (s.get("peers") or {}).get("targets", []):
            rows.append([f"x{s['scale']:g}", t["task"], f"{ms(t['warm_ms'], 1)} ms", "met" if t["warm_ok"] else "**missed**",
                         f"{t['worst_ratio']}× ({t['worst_peer']})" if t["worst_ratio"] else "–",
                         "met" if t["ratio_ok"] else "**missed**",
                         (f"{ms(t['cold_ms'])} vs {ms(t['fastest_cold_peer_ms'])} ms ({t['fastest_cold_peer']})"
                          if t.get("cold_ms") is not None else "–"),
                         ("met" if t.get("cold_ok") else "**missed**") if t.get("cold_ms") is not None else "–"])
    return rows


TARGET_HEAD = ["scale", "figures", "ours warm", "≤ 50 ms", "fastest peer ÷ ours (warm)", "≥ 10×",
               "cold: ours vs fastest peer", "cold faster than every peer"]


def old_new_rows(scales: list[dict]) -> list[list[str]]:
    """The old baselines (issue 7's bench) beside the new, for the key figures."""
    rows = []
    for s in scales:
        task = next((t for t in (s.get("peers") or {}).get("tasks", []) if t["task"] == "key_figures"), None)
        bare = next((b for b in s.get("bare", []) if b["query"] == "key_figures_by_year"), None)
        pandas_old = s.get("pandas") or {}
        if not task or "warm" not in task:
            continue
        warm, cold = task["warm"], task.get("cold") or {}
        rows.append([f"x{s['scale']:g}",
                     f"{ms(bare['bare_median_ms'], 1)} ({ratio(bare['bare_median_ms'], bare['ours_median_ms'])})" if bare else "–",
                     f"{ms(pandas_old.get('pandas_cold_ms'), 1)} ({ratio(pandas_old.get('pandas_cold_ms'), pandas_old.get('ours_cold_ms'))}; "
                     f"ours {ms(pandas_old.get('ours_cold_ms'), 1)})" if pandas_old else "–",
                     f"{ms(warm.get('duckdb', {}).get('median_ms'), 1)} ({ratio(warm.get('duckdb', {}).get('median_ms'), warm['ours']['median_ms'])})",
                     f"{ms(warm.get('pandas', {}).get('median_ms'), 1)} ({ratio(warm.get('pandas', {}).get('median_ms'), warm['ours']['median_ms'])})",
                     f"{ms(warm.get('polars', {}).get('median_ms'), 1)} ({ratio(warm.get('polars', {}).get('median_ms'), warm['ours']['median_ms'])})",
                     f"{ms(warm['ours']['median_ms'], 1)} / {ms(cold.get('ours', {}).get('median_ms'))}"])
    return rows


OLD_NEW_HEAD = ["scale", "old bare SQL (every year, no year filter), ms (÷ ours)",
                "old pandas way (every year), ms (÷ ours on a new connection)",
                "new: DuckDB one year, ms (÷ ours)", "new: pandas, ms (÷ ours)", "new: Polars, ms (÷ ours)",
                "ours warm / cold, ms"]


def floor_rows(scales: list[dict]) -> list[list[str]]:
    rows = []
    for s in scales:
        peers = s.get("peers") or {}
        f, phases = peers.get("interpreter_start"), peers.get("ours_cold_phases") or {}
        if f:
            rows.append([f"x{s['scale']:g}", ms(f["median_ms"]), span(f, "min_ms", "max_ms"),
                         ms(phases.get("import_ms")), ms(phases.get("open_ms")), ms(phases.get("query_ms"), 1)])
    return rows


FLOOR_HEAD = ["scale", "interpreter start, median ms", "min–max ms", "ours cold: import popdash.data.db ms",
              "open the version (connection, views, rubric, macros) ms", "the query ms"]


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    numeric = [i for i, h in enumerate(head) if i and any(x in h for x in ("ms", "÷", " s", "MB", "×"))]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text_table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def sections(results: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    scales = results["scales"]
    return [
        ("Peers: the same figures four ways (warm: one process, interleaved, order rotated; cold: a new process per run)",
         COMPARISON_HEAD, comparison_rows(scales)),
        ("Each key figure alone, warm medians (ours: the card's whole query, which computes all eight)",
         FIGURE_HEAD, figure_rows(scales)),
        ("Where a cold run goes: a new Python process that answers at once (in every cold time above), and "
         "the dashboard's cold run of the card split in three (medians)", FLOOR_HEAD, floor_rows(scales)),
        ("Writing a data version (one run, in a new process) and the page views that pay for the derived tables",
         WRITE_HEAD, write_rows(scales)),
        ("Issue 13's targets for each measured figure", TARGET_HEAD, target_rows(scales)),
        ("Old baselines beside the new (key figures, every municipality)", OLD_NEW_HEAD, old_new_rows(scales)),
    ]


def render(results: dict, markdown: bool) -> str:
    out = []
    notes = sorted({n for s in results["scales"] for n in (s.get("peers") or {}).get("notes", [])})
    for title, head, rows in sections(results):
        if rows:
            out += ["", (f"**{title}**" if markdown else title), "",
                    markdown_table(head, rows) if markdown else text_table(head, rows)]
    if notes:
        out += [""] + [f"* {n}" if markdown else f"note: {n}" for n in notes]
    return "\n".join(out)
