"""The performance benchmark: named queries, pages, the pandas way, bare DuckDB, cold start,
memory, figure sizes and the browser, at several data scales, against the targets of issue 7.

Measuring the query layer without its result cache: db.run() keeps every result per data
version, so a second call is a dictionary lookup. To time the SQL itself the benchmark takes
the same path db.run() takes on a miss (db.connection() for the version, a cursor, the text of
db.query_text(), the same bound parameters) and skips only the cache; the cached path
(db.run() on a hit) is timed beside it. Nothing in db.py is changed for the benchmark.

Wall-clock times on a shared machine depend on what else runs, so every timing also records the
process's CPU time and the load average before and after each scale.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import statistics
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from popdash.commands import progress
from popdash.data import db, store
from popdash.dev import bench_browser, bench_compare
from popdash.dev.bench_common import (APP, CHROMIUM, ROOT, bare_served, chromium, connection, execute_uncached,
                                      registered_pages, served, typical_parameters)

RESULTS_DIR = ROOT / "bench-results"
PACKAGES = ("streamlit", "duckdb", "pandas", "pyarrow", "plotly", "numpy", "playwright", "psutil", "polars")
CHART_SELECTOR = ".js-plotly-plot .main-svg"
BROWSER_RUNS = 3  # new browsers per timing (median)

TARGETS = {  # name: (limit, unit, applies at scale >=)
    "query_median_ms": (100, "ms", 1000),
    "query_vs_bare_ratio": (1.5, "x", 1000),
    "pandas_over_ours_ratio": (10, "x (minimum)", 1000),
    "page_warm_ms": (250, "ms", 1000),
    "page_cold_ms": (1500, "ms", 1000),
    "page_warm_ms_sample": (150, "ms", 1),
    "cold_start_s": (5, "s", 1000),
    "peak_memory_mb": (1536, "MB", 1000),
    "map_figure_kb": (500, "KB", 1000),
}


# The same figures written as plainly as DuckDB allows, straight on the parquet files (paths are
# bound parameters), for the default view: every municipality.
BARE_SQL = {
    "key_figures_by_year": """
with m as (select year(meeting_date) as year, count(distinct municipality_code) as municipalities_monitored,
                  count(*) as meetings_monitored from read_parquet($meetings_file) group by 1),
r as (select year(published_date) as year, count(*) as reports_published from read_parquet($reports_file) group by 1),
e as (select year(event_date) as year, count(*) filter (where event_type = 'workshop') as citizen_workshops,
             count(*) filter (where event_type = 'forum') as public_forums from read_parquet($events_file) group by 1),
c as (select year(engagement_date) as year, count(distinct candidate_code) as candidates_engaged
      from read_parquet($candidates_file) group by 1),
p as (select year(event_date) as year, count(distinct participant_code) as unique_participants
      from read_parquet($attendance_file) join read_parquet($events_file) using (event_id) group by 1),
o as (select year(month) as year, sum(people_reached) as people_reached from read_parquet($outreach_file) group by 1)
select * from m full join r using (year) full join e using (year) full join c using (year)
full join p using (year) full join o using (year) order by year
""",
    "key_figures_by_municipality": """
with m as (select municipality_code, count(*) as meetings_monitored from read_parquet($meetings_file)
           where year(meeting_date) = $year group by 1),
r as (select municipality_code, count(*) as reports_published from read_parquet($reports_file)
      where year(published_date) = $year group by 1),
e as (select municipality_code, count(*) filter (where event_type = 'workshop') as citizen_workshops,
             count(*) filter (where event_type = 'forum') as public_forums from read_parquet($events_file)
      where year(event_date) = $year group by 1),
c as (select municipality_code, count(distinct candidate_code) as candidates_engaged from read_parquet($candidates_file)
      where year(engagement_date) = $year group by 1),
p as (select municipality_code, count(distinct participant_code) as unique_participants
      from read_parquet($attendance_file) join read_parquet($events_file) using (event_id)
      where year(event_date) = $year group by 1),
o as (select municipality_code, sum(people_reached) as people_reached from read_parquet($outreach_file)
      where year(month) = $year group by 1)
select municipality_code, (coalesce(meetings_monitored, 0) > 0)::int as municipalities_monitored, *
       exclude (municipality_code)
from read_parquet($municipalities_file) left join m using (municipality_code) left join r using (municipality_code)
left join e using (municipality_code) left join c using (municipality_code) left join p using (municipality_code)
left join o using (municipality_code) order by municipality_code
""",
}
BARE_TABLES = ("meetings", "reports", "events", "candidates", "attendance", "outreach", "municipalities")
KEY_FIGURES = ["municipalities_monitored", "meetings_monitored", "reports_published", "citizen_workshops",
               "public_forums", "candidates_engaged", "unique_participants", "people_reached"]


@dataclass
class Options:
    """What to run and where to keep things."""
    scales: list[float]
    cache_dir: Path = RESULTS_DIR / "data"
    out_dir: Path = RESULTS_DIR
    seed: int | None = None
    repeats: int = 7
    budget_s: float = 20.0          # per query or page: stop repeating after this long (at least 3 runs)
    pages: list[str] | None = None  # page paths; None: every page registered in app.py
    serve: bool = True              # streamlit run: cold start and memory
    browser: bool = True            # Chromium time to first chart (where installed)
    skipped: list[str] = field(default_factory=list)
    # Issue 13 (popdash.dev.bench_compare): the peers, cold runs, the version write.
    peers: bool = True              # the dashboard against DuckDB, pandas and Polars on the raw parquet
    peer_runs: int = 7              # warm rounds (at least 7)
    cold_runs: int = 7              # new processes per implementation (0: no cold runs)
    figures: bool = True            # each key figure alone as well
    write: bool = True              # time a version write (schema and derived tables) in a new process
    only_peers: bool = False        # skip issue 7's measurements (named queries, pages, old baselines)
    browser_pages: bool = True      # every page in a new Chromium to its last chart, bytes (popdash.dev.bench_browser)


# ---------------------------------------------------------------- timing


def summarise(walls: list[float], cpus: list[float]) -> dict:
    """Median, p95 and CPU median of a list of runs, in milliseconds."""
    ms = np.array(walls) * 1000
    return {"median_ms": round(float(np.median(ms)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2),
            "min_ms": round(float(ms.min()), 2), "cpu_median_ms": round(float(np.median(np.array(cpus) * 1000)), 2),
            "runs": len(walls)}


def repeat(fn, repeats: int, budget_s: float, minimum: int = 3) -> dict:
    """Run fn until `repeats` runs or the time budget is spent (but at least `minimum` runs)."""
    walls, cpus, start = [], [], time.perf_counter()
    while len(walls) < repeats and (len(walls) < minimum or time.perf_counter() - start < budget_s):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return summarise(walls, cpus)


def timed(fn) -> tuple[float, object]:
    """Milliseconds a call took, and its result."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


# ---------------------------------------------------------------- machine and data


def machine() -> dict:
    """CPU model, cores, RAM, Python and package versions, load average."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram, "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions, "chromium": chromium_version()}


def chromium_version() -> str | None:
    """The Chromium version, where installed."""
    if not CHROMIUM.exists():
        return None
    try:
        return subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def fingerprint(seed: int) -> str:
    """Changes when the generators or the schema change, so cached data is rebuilt."""
    digest = hashlib.sha256(str(seed).encode())
    sources = [ROOT / "popdash/dev/sample.py", ROOT / "popdash/dev/sample_outcomes.py", ROOT / "popdash/dev/scale.py",
               ROOT / "data" / "schema.toml", ROOT / "popdash/data/store.py", ROOT / "popdash/data/derived.py",
               *sorted((ROOT / "queries" / "derived").glob("*.sql"))]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_data(scale: float, cache_dir: Path, seed: int) -> tuple[Path, dict]:
    """A data root holding the data at this scale: reused when already generated by the same code."""
    from popdash.dev.scale import generate_at

    root = Path(cache_dir) / f"x{scale:g}"
    mark = fingerprint(seed)
    if (root / "CURRENT").exists():
        manifest = store.read_manifest(root=root)
        if manifest.get("bench_fingerprint") == mark:
            return root, {"generated": False, "seconds": 0.0, **table_sizes(root)}
    start = time.perf_counter()
    frames = generate_at(scale, seed)
    store.write_version(frames, {"sample": True, "seed": seed, "scale": scale, "source": "popdash.dev.bench",
                                 "bench_fingerprint": mark}, root=root, version=f"bench-x{scale:g}")
    del frames
    return root, {"generated": True, "seconds": round(time.perf_counter() - start, 1), **table_sizes(root)}


def table_sizes(root: Path) -> dict:
    """Rows per table and parquet bytes of the current version under root."""
    import pyarrow.parquet as pq

    directory = store.version_dir(root=root)
    rows = {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(directory.glob("*.parquet"))}
    size = sum(p.stat().st_size for p in directory.glob("*.parquet"))
    return {"rows": rows, "attendance_rows": rows.get("attendance", 0), "parquet_bytes": size}


@contextmanager
def data_dir(root: Path):
    """Point the app and the query layer at a data root for the duration."""
    before = os.environ.get("POPDASH_DATA_DIR")
    os.environ["POPDASH_DATA_DIR"] = str(root)
    db.clear_cache()
    try:
        yield
    finally:
        db.clear_cache()
        if before is None:
            os.environ.pop("POPDASH_DATA_DIR", None)
        else:
            os.environ["POPDASH_DATA_DIR"] = before


# ---------------------------------------------------------------- named queries


def bind(name: str, params: dict) -> dict | None:
    """The bound parameters db.run would pass, or None when a parameter has no default."""
    needed = db.query_parameters(name)
    if needed - params.keys():
        return None
    return {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in params.items() if k in needed}


def time_queries(options: Options, log=lambda line: None) -> tuple[list[dict], list[dict]]:
    """Every named query warm (uncached and cached); and the queries that could not be timed."""
    params = typical_parameters()
    rows, skipped = [], []
    for name in db.query_names():
        bound = bind(name, params)
        if bound is None:
            skipped.append({"query": name, "missing": sorted(db.query_parameters(name) - params.keys())})
            continue
        try:
            first_ms, frame = timed(lambda: execute_uncached(name, bound))
        except Exception as error:  # a query that fails at scale is a finding, not a crash
            skipped.append({"query": name, "error": f"{type(error).__name__}: {error}"[:300]})
            continue
        warm = repeat(lambda: execute_uncached(name, bound), options.repeats, options.budget_s)
        log(f"    {name}: {warm['median_ms']:,.1f} ms median ({warm['runs']} runs)")
        db.run(name, **bound)
        cached = repeat(lambda: db.run(name, **bound), options.repeats, 2.0)
        rows.append({"query": name, "parameters": sorted(bound), "rows": len(frame), "first_ms": round(first_ms, 2),
                     **warm, "cached_median_ms": cached["median_ms"], "cached_p95_ms": cached["p95_ms"]})
    return rows, skipped


def bare_paths() -> dict:
    """The parquet file of each table the bare SQL reads, as bound parameters."""
    _, version_path = connection()
    return {f"{table}_file": str(version_path / f"{table}.parquet") for table in BARE_TABLES}


def same_figures(ours: pd.DataFrame, bare: pd.DataFrame, key: str) -> bool:
    """Do the bare SQL and the named query give the same key figures (rows of ours)?"""
    columns = [c for c in KEY_FIGURES if c in ours.columns and c in bare.columns]
    left = ours.set_index(key)[columns].fillna(0).astype("int64")
    right = bare.set_index(key)[columns].reindex(left.index).fillna(0).astype("int64")
    return bool(left.equals(right))


def compare_bare(options: Options) -> list[dict]:
    """Each query of BARE_SQL against its bare equivalent on a plain DuckDB connection, warm,
    the two run in turns so that other load on the machine weighs on both alike."""
    import duckdb

    params = typical_parameters()
    paths = bare_paths()
    out = []
    for name, sql in BARE_SQL.items():
        bound = bind(name, params)
        if bound is None or name not in db.query_names():
            continue
        plain = duckdb.connect()
        wanted = set(db.PARAMETER.findall(sql))
        bare_params = {k: v for k, v in {**paths, **bound}.items() if k in wanted}
        bare_frame = plain.execute(sql, bare_params).df()
        ours_frame = execute_uncached(name, bound)
        ours_runs, bare_runs = ([], []), ([], [])
        start = time.perf_counter()
        while len(ours_runs[0]) < options.repeats and (len(ours_runs[0]) < 3 or time.perf_counter() - start < 2 * options.budget_s):
            for runs, fn in ((ours_runs, lambda: execute_uncached(name, bound)),
                             (bare_runs, lambda: plain.execute(sql, bare_params).df())):
                wall, cpu = time.perf_counter(), time.process_time()
                fn()
                runs[0].append(time.perf_counter() - wall)
                runs[1].append(time.process_time() - cpu)
        plain.close()
        ours, bare = summarise(*ours_runs), summarise(*bare_runs)
        key = "year" if name.endswith("_by_year") else "municipality_code"
        out.append({"query": name, "ours_median_ms": ours["median_ms"], "bare_median_ms": bare["median_ms"],
                    "ours_cpu_ms": ours["cpu_median_ms"], "bare_cpu_ms": bare["cpu_median_ms"],
                    "ratio": round(ours["median_ms"] / max(bare["median_ms"], 1e-6), 2),
                    "cpu_ratio": round(ours["cpu_median_ms"] / max(bare["cpu_median_ms"], 1e-6), 2),
                    "same_result": same_figures(ours_frame, bare_frame, key), "runs": ours["runs"]})
    return out


# ---------------------------------------------------------------- the pandas way


def pandas_key_figures(directory: Path, municipalities: list[str]) -> pd.DataFrame:
    """The eight key figures by year the way a pandas user writes them: read, filter, group."""
    def read(table, columns):
        frame = pd.read_parquet(directory / f"{table}.parquet", columns=columns)
        return frame[frame.municipality_code.isin(municipalities)] if "municipality_code" in columns else frame

    def year(column):
        return pd.to_datetime(column).dt.year

    meetings = read("meetings", ["municipality_code", "meeting_date"])
    by_year = meetings.groupby(year(meetings.meeting_date)).agg(
        municipalities_monitored=("municipality_code", "nunique"), meetings_monitored=("municipality_code", "size"))
    reports = read("reports", ["municipality_code", "published_date"])
    by_year["reports_published"] = reports.groupby(year(reports.published_date)).size()
    events = read("events", ["event_id", "municipality_code", "event_date", "event_type"])
    events["year"] = year(events.event_date)
    by_year["citizen_workshops"] = events[events.event_type == "workshop"].groupby("year").size()
    by_year["public_forums"] = events[events.event_type == "forum"].groupby("year").size()
    candidates = read("candidates", ["municipality_code", "candidate_code", "engagement_date"])
    by_year["candidates_engaged"] = candidates.groupby(year(candidates.engagement_date)).candidate_code.nunique()
    attendance = pd.read_parquet(directory / "attendance.parquet", columns=["event_id", "participant_code"])
    visits = attendance.merge(events[["event_id", "year"]], on="event_id")
    by_year["unique_participants"] = visits.groupby("year").participant_code.nunique()
    outreach = read("outreach", ["municipality_code", "month", "people_reached"])
    by_year["people_reached"] = outreach.groupby(year(outreach.month)).people_reached.sum()
    by_year.index.name = "year"
    return by_year.fillna(0).astype("int64").reset_index()


def compare_pandas(options: Options) -> dict:
    """Cold data: the pandas way against db.run on a fresh connection with an empty result cache."""
    params = typical_parameters()
    _, directory = connection()
    ours_runs, pandas_runs = ([], []), ([], [])
    frames = {}

    def ours():
        db.clear_cache()  # fresh connection (views registered again) and no cached results
        frames["ours"] = db.run("key_figures_by_year", municipalities=params["municipalities"])

    def pandas_way():
        frames["pandas"] = pandas_key_figures(directory, params["municipalities"])

    for _ in range(max(3, min(options.repeats, 5))):
        for runs, fn in ((ours_runs, ours), (pandas_runs, pandas_way)):
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            runs[0].append(time.perf_counter() - wall)
            runs[1].append(time.process_time() - cpu)
    ours_t, pandas_t = summarise(*ours_runs), summarise(*pandas_runs)
    return {"ours_cold_ms": ours_t["median_ms"], "pandas_cold_ms": pandas_t["median_ms"],
            "ours_cold_cpu_ms": ours_t["cpu_median_ms"], "pandas_cold_cpu_ms": pandas_t["cpu_median_ms"],
            "ratio": round(pandas_t["median_ms"] / max(ours_t["median_ms"], 1e-6), 2),
            "cpu_ratio": round(pandas_t["cpu_median_ms"] / max(ours_t["cpu_median_ms"], 1e-6), 2),
            "same_result": same_figures(frames["ours"], frames["pandas"], "year"), "runs": ours_t["runs"]}


# ---------------------------------------------------------------- pages


def figure_sizes(at) -> list[dict]:
    """Size in bytes of each Plotly figure's JSON the page sends to the browser."""
    sizes = []
    for element in at.get("plotly_chart"):
        proto = element.proto
        sizes.append({"id": getattr(proto, "id", "") or "", "bytes": len(proto.spec.encode("utf-8"))})
    return sizes


def page_errors(at) -> list[str]:
    """The exceptions a page showed."""
    return [str(getattr(e, "message", e))[:300] for e in at.exception]


def time_pages(options: Options, log=lambda line: None) -> list[dict]:
    """Server-side render of every page through AppTest: cold (empty result cache, fresh
    connection) and warm (the same session rerun)."""
    from streamlit.testing.v1 import AppTest

    pages = [p for p in registered_pages() if options.pages is None or p["path"] in options.pages]
    timeout = 900
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()  # the session and the imports; not counted
    rows = []
    for page in pages:
        db.clear_cache()
        cpu = time.process_time()
        cold_ms, _ = timed(lambda: at.switch_page(page["path"]).run())
        cold_cpu_ms = (time.process_time() - cpu) * 1000
        errors = page_errors(at)
        warm = repeat(lambda: at.switch_page(page["path"]).run(), options.repeats, options.budget_s)
        log(f"    {page['path']}: cold {cold_ms:,.0f} ms, warm {warm['median_ms']:,.0f} ms" + (" (error)" if errors else ""))
        sizes = figure_sizes(at)
        largest = max(sizes, key=lambda s: s["bytes"]) if sizes else None
        rows.append({"page": page["path"], "url_path": page["url_path"], "cold_ms": round(cold_ms, 1), "cold_cpu_ms": round(cold_cpu_ms, 1),
                     "warm_median_ms": warm["median_ms"], "warm_p95_ms": warm["p95_ms"],
                     "warm_cpu_ms": warm["cpu_median_ms"], "figures": len(sizes),
                     "largest_figure_bytes": largest["bytes"] if largest else 0,
                     "largest_figure_id": largest["id"] if largest else None,
                     "all_figure_bytes": sum(s["bytes"] for s in sizes), "errors": errors})
    return rows


# ---------------------------------------------------------------- streamlit run and the browser


def peak_memory_mb(pid: int) -> float | None:
    """The process's peak resident memory (psutil where installed, else /proc VmHWM)."""
    try:
        import psutil

        info = psutil.Process(pid).memory_info()
        peak = getattr(info, "peak_rss", None) or getattr(info, "peak_wset", None)
        if peak:
            return round(peak / 2**20, 1)
    except Exception:  # psutil missing, or no peak figure on this platform: read /proc
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def browser_available() -> bool:
    """Is Chromium installed with Playwright's Python API?"""
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def local_page():
    """A page in a new headless Chromium that reaches localhost (and data: URLs) only."""
    with chromium() as browser:
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://localhost")
                   or route.request.url.startswith("data:") else route.abort())
        yield page


def first_chart_s(url: str, timeout_s: float = 180) -> float | None:
    """Seconds from launching a new browser to the first drawn Plotly chart at url."""
    start = time.perf_counter()
    with local_page() as page:
        try:
            page.goto(url)
            page.wait_for_selector(CHART_SELECTOR, timeout=timeout_s * 1000)
            return round(time.perf_counter() - start, 2)
        except Exception:  # a page without a chart at this scale: reported as missing
            return None


def median_or_none(values: list) -> float | None:
    """Median of the values measured (None where nothing was)."""
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


SCRIPT_DONE = ("document.querySelector('[data-testid=\"stApp\"]')"
               "?.getAttribute('data-test-script-state') === 'notRunning'")


def visit_pages(url: str, pages: list[dict], timeout_s: float = 180) -> list[dict]:
    """Open every page in one browser and wait until the app has finished running it."""
    visits = []
    with local_page() as page:
        for entry in pages:
            start = time.perf_counter()
            try:
                page.goto(url + "/" + (entry["url_path"] or ""))
                page.wait_for_function(SCRIPT_DONE, timeout=timeout_s * 1000, polling=250)
                visits.append({"page": entry["path"], "seconds": round(time.perf_counter() - start, 2)})
            except Exception as error:  # a timeout is reported, the rest still visited
                visits.append({"page": entry["path"], "seconds": None, "error": type(error).__name__})
    return visits


def serve_and_browse(options: Options, root: Path) -> dict:
    """Cold start, first chart in a new browser (ours and a bare page), every page visited, peak memory."""
    out: dict = {}
    use_browser = options.browser and browser_available()
    with served(APP, root, ROOT) as (process, url, timings):
        out.update(timings)
        out["memory_after_start_mb"] = peak_memory_mb(process.pid)
        if use_browser and timings["page_s"] is not None:
            out["overview_first_chart_cold_s"] = first_chart_s(url)
            out["overview_first_chart_warm_s"] = median_or_none([first_chart_s(url) for _ in range(BROWSER_RUNS)])
            out["page_visits"] = visit_pages(url, registered_pages())
        out["peak_memory_mb"] = peak_memory_mb(process.pid)
        out["memory_measured_after"] = "every page in a browser" if use_browser else "start only (no browser)"
    if use_browser:
        with bare_served() as (_, bare_url, bare_timings):
            out["bare_health_s"] = bare_timings["health_s"]
            out["bare_first_chart_s"] = median_or_none([first_chart_s(bare_url) for _ in range(BROWSER_RUNS)])
        for which in ("cold", "warm"):
            ours, bare = out.get(f"overview_first_chart_{which}_s"), out.get("bare_first_chart_s")
            out[f"first_chart_ratio_{which}"] = round(ours / bare, 2) if ours and bare else None
    else:
        out["browser"] = "skipped: " + ("--no-browser" if not options.browser else "no Chromium with Playwright")
    return out


# ---------------------------------------------------------------- one scale, all scales


def planned_steps(options: Options) -> list[str]:
    """The steps run_scale takes with these options, in order (the progress bar's)."""
    steps = ["data"]
    if not options.only_peers:
        steps += ["named queries", "bare DuckDB", "pandas"]
    if options.peers:
        steps.append("peers")
    if not options.only_peers:
        steps.append("pages")
    if options.serve and not options.only_peers:
        steps.append("streamlit run")
        if options.browser and options.browser_pages:
            steps.append("browser pages")
    return steps


def run_scale(scale: float, options: Options, seed: int, log, step=lambda name: None) -> dict:
    """Every measurement at one scale; `step(name)` as each of planned_steps(options) starts."""
    step("data")
    root, data = prepare_data(scale, options.cache_dir, seed)
    log(f"scale {scale:g}: {data['attendance_rows']:,} attendance rows in {root}"
        + (f" (generated in {data['seconds']} s)" if data["generated"] else " (cached)"))
    result = {"scale": scale, "data_root": str(root), "data": data, "load_before": load_average()}
    with data_dir(root):
        if not options.only_peers:
            step("named queries")
            log("  named queries ...")
            result["queries"], result["queries_skipped"] = time_queries(options, log)
            step("bare DuckDB")
            log("  bare DuckDB (old baseline, kept beside the new for one run) ...")
            result["bare"] = compare_bare(options)
            step("pandas")
            log("  the pandas way (old baseline, kept beside the new for one run) ...")
            result["pandas"] = compare_pandas(options)
        if options.peers:
            step("peers")
            log("  peers: DuckDB, pandas and Polars on the raw parquet ...")
            result["peers"] = bench_compare.compare(options, root, log)
        if not options.only_peers:
            step("pages")
            log("  pages (AppTest) ...")
            result["pages"] = time_pages(options, log)
    if options.serve and not options.only_peers:
        step("streamlit run")
        log("  streamlit run" + (" and the browser ..." if options.browser else " ..."))
        result["serve"] = serve_and_browse(options, root)
        if options.browser and options.browser_pages and browser_available():
            step("browser pages")
            log("  every page in a new browser, against the bare page ...")
            expected = {p["page"]: p["figures"] for p in result.get("pages", [])}
            result["browser_pages"] = bench_browser.browse(root, BROWSER_RUNS, log, expected)
    result["load_after"] = load_average()
    result["targets"] = check_targets(result)
    return result


def check_targets(result: dict) -> list[dict]:
    """Each target of issue 7 that applies at this scale: the measured value and pass or miss."""
    scale = result["scale"]
    checks = []

    def add(name, value, worst, ok):
        limit, unit, from_scale = TARGETS[name]
        if scale >= from_scale or (from_scale == 1 and scale == 1):
            checks.append({"target": name, "limit": limit, "unit": unit, "value": value, "worst": worst,
                           "met": bool(ok) if value is not None else None})

    queries = result.get("queries", [])
    if queries:
        worst = max(queries, key=lambda q: q["median_ms"])
        add("query_median_ms", worst["median_ms"], worst["query"], worst["median_ms"] <= 100)
    if result.get("bare"):
        worst = max(result["bare"], key=lambda b: b["ratio"])
        add("query_vs_bare_ratio", worst["ratio"], worst["query"], worst["ratio"] <= 1.5)
    if result.get("pandas"):
        add("pandas_over_ours_ratio", result["pandas"]["ratio"], "key_figures_by_year", result["pandas"]["ratio"] >= 10)
    pages = result.get("pages", [])
    if pages:
        warm = max(pages, key=lambda p: p["warm_median_ms"])
        cold = max(pages, key=lambda p: p["cold_ms"])
        if scale == 1:
            add("page_warm_ms_sample", warm["warm_median_ms"], warm["page"], warm["warm_median_ms"] <= 150)
        add("page_warm_ms", warm["warm_median_ms"], warm["page"], warm["warm_median_ms"] <= 250)
        add("page_cold_ms", cold["cold_ms"], cold["page"], cold["cold_ms"] <= 1500)
        maps = [p for p in pages if "map" in p["page"]]
        if maps:
            kb = round(maps[0]["largest_figure_bytes"] / 1024, 1)
            add("map_figure_kb", kb, maps[0]["page"], kb <= 500)
    serve = result.get("serve") or {}
    if serve.get("page_s") is not None:
        add("cold_start_s", serve["page_s"], "streamlit run", serve["page_s"] <= 5)
    if serve.get("peak_memory_mb") is not None:
        add("peak_memory_mb", serve["peak_memory_mb"], serve.get("memory_measured_after"), serve["peak_memory_mb"] <= 1536)
    return checks


def run(options: Options, log=print) -> dict:
    """The benchmark at every scale; returns the results (also written as JSON)."""
    from popdash.dev.sample import SEED

    seed = SEED if options.seed is None else options.seed
    started = datetime.now(timezone.utc)
    results = {"started": started.isoformat(), "machine": machine(), "seed": seed,
               "options": {"repeats": options.repeats, "budget_s": options.budget_s, "serve": options.serve,
                           "browser": options.browser, "pages": options.pages, "peers": options.peers,
                           "peer_runs": options.peer_runs, "cold_runs": options.cold_runs, "only_peers": options.only_peers},
               "scales": []}
    options.out_dir.mkdir(parents=True, exist_ok=True)
    path = options.out_dir / (started.strftime("%Y%m%dT%H%M%SZ") + ".json")
    steps = planned_steps(options)
    # One bar over every step of every scale, on standard error (a terminal only); lines logged
    # meanwhile go above it.
    stages = {f"{number}:{name}": f"x{scale:g} {name}" for number, scale in enumerate(options.scales) for name in steps}
    with progress.stage_bar(list(stages), stages, title="bench") as bar:
        say = progress.writing_above(bar.bar, log)
        for number, scale in enumerate(options.scales):
            results["scales"].append(run_scale(scale, options, seed, say,
                                               lambda name, number=number: bar(f"{number}:{name}", 0.0)))
            bar(f"{number}:{steps[-1]}", 1.0)
            # Written after every scale, so a long run interrupted keeps what it measured.
            path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    results["finished"] = datetime.now(timezone.utc).isoformat()
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    results["json_path"] = str(path)
    return results


# ---------------------------------------------------------------- the table


def fmt(value, digits: int = 0) -> str:
    """A value for the tables."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def issue7_table(results: dict) -> str:
    """Issue 7's measurements as plain-text tables, one block per scale and a cross-scale summary."""
    lines = []
    m = results["machine"]
    lines.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}; "
                 + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v))
    scales = results["scales"]
    names = sorted({q["query"] for s in scales for q in s["queries"]})
    header = "query".ljust(46) + "".join(f"x{s['scale']:g} med/p95/cpu ms".rjust(30) for s in scales)
    lines += ["", "Named queries, warm, without the result cache (median / p95 / CPU median, ms)", header]
    for name in names:
        cells = []
        for s in scales:
            q = next((q for q in s["queries"] if q["query"] == name), None)
            cells.append((f"{fmt(q['median_ms'], 1)} / {fmt(q['p95_ms'], 1)} / {fmt(q['cpu_median_ms'], 1)}" if q else "–").rjust(30))
        lines.append(name.ljust(46) + "".join(cells))
    lines.append("cached (db.run hit), worst median".ljust(46)
                 + "".join(fmt(max((q["cached_median_ms"] for q in s["queries"]), default=None), 2).rjust(30) for s in scales))
    pages = sorted({p["page"] for s in scales for p in s["pages"]})
    lines += ["", "Pages, server-side render through AppTest (cold / warm median ms; largest figure KB)",
              "page".ljust(46) + "".join(f"x{s['scale']:g} cold/warm/KB".rjust(30) for s in scales)]
    for name in pages:
        cells = []
        for s in scales:
            p = next((p for p in s["pages"] if p["page"] == name), None)
            text = (f"{fmt(p['cold_ms'])} / {fmt(p['warm_median_ms'])} / {fmt(p['largest_figure_bytes'] / 1024, 1)}"
                    + (" !" if p["errors"] else "")) if p else "–"
            cells.append(text.rjust(30))
        lines.append(name.ljust(46) + "".join(cells))
    lines += ["", "Comparisons and the server".ljust(46) + "".join(f"x{s['scale']:g}".rjust(30) for s in scales)]

    def row(label, getter):
        lines.append(label.ljust(46) + "".join(fmt(getter(s), 2).rjust(30) for s in scales))

    row("attendance rows", lambda s: s["data"]["attendance_rows"])
    row("pandas / ours, cold (x)", lambda s: s["pandas"]["ratio"])
    row("  same, in CPU time (x)", lambda s: s["pandas"].get("cpu_ratio"))
    row("  ours cold ms", lambda s: s["pandas"]["ours_cold_ms"])
    row("  pandas cold ms", lambda s: s["pandas"]["pandas_cold_ms"])
    for name in BARE_SQL:
        row(f"{name} / bare (x)", lambda s, n=name: next((b["ratio"] for b in s["bare"] if b["query"] == n), None))
        row("  same, in CPU time (x)", lambda s, n=name: next((b["cpu_ratio"] for b in s["bare"] if b["query"] == n), None))
        row("  same result as bare", lambda s, n=name: next((b["same_result"] for b in s["bare"] if b["query"] == n), None))
    row("cold start: health s", lambda s: (s.get("serve") or {}).get("health_s"))
    row("cold start: page HTML s", lambda s: (s.get("serve") or {}).get("page_s"))
    row("peak memory MB", lambda s: (s.get("serve") or {}).get("peak_memory_mb"))
    row("browser: first chart, cold server s", lambda s: (s.get("serve") or {}).get("overview_first_chart_cold_s"))
    row("browser: first chart, warm server s", lambda s: (s.get("serve") or {}).get("overview_first_chart_warm_s"))
    row("browser: bare one-chart page s", lambda s: (s.get("serve") or {}).get("bare_first_chart_s"))
    row("browser: ours / bare (warm)", lambda s: (s.get("serve") or {}).get("first_chart_ratio_warm"))
    row("load average before", lambda s: s["load_before"][0] if s["load_before"] else None)
    row("load average after", lambda s: s["load_after"][0] if s["load_after"] else None)
    lines += ["", "Targets"]
    for s in scales:
        for c in s["targets"]:
            state = "met" if c["met"] else ("MISSED" if c["met"] is False else "n/a")
            lines.append(f"  x{s['scale']:g} {c['target']:<24} {fmt(c['value'], 1):>10} {c['unit']:<12} "
                         f"limit {c['limit']:<6} {state:<7} ({c['worst']})")
    skipped = sorted({f"{q['query']} ({', '.join(q.get('missing', [])) or q.get('error', '')})"
                      for s in scales for q in s["queries_skipped"]})
    if skipped:
        lines += ["", "Queries not timed (no default for a parameter, or an error): " + "; ".join(skipped)]
    return "\n".join(lines)


def issue7_markdown(results: dict) -> str:
    """Issue 7's measurements as Markdown tables (for BENCHMARKS.md)."""
    scales = results["scales"]
    heads = [f"x{s['scale']:g}" for s in scales]
    out = ["| query | " + " | ".join(f"{h} median / p95 / CPU ms" for h in heads) + " |",
           "|---|" + "---:|" * len(scales)]
    for name in sorted({q["query"] for s in scales for q in s["queries"]}):
        cells = []
        for s in scales:
            q = next((q for q in s["queries"] if q["query"] == name), None)
            cells.append(f"{fmt(q['median_ms'], 1)} / {fmt(q['p95_ms'], 1)} / {fmt(q['cpu_median_ms'], 1)}" if q else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out.append("| *cached path (db.run hit), worst median* | "
               + " | ".join(fmt(max((q["cached_median_ms"] for q in s["queries"]), default=None), 2) for s in scales) + " |")
    out += ["", "| page | " + " | ".join(f"{h} cold / warm ms (CPU warm) · largest figure KB" for h in heads) + " |",
            "|---|" + "---:|" * len(scales)]
    for name in sorted({p["page"] for s in scales for p in s["pages"]}):
        cells = []
        for s in scales:
            p = next((p for p in s["pages"] if p["page"] == name), None)
            cells.append(f"{fmt(p['cold_ms'])} / {fmt(p['warm_median_ms'])} ({fmt(p['warm_cpu_ms'])}) · "
                         f"{fmt(p['largest_figure_bytes'] / 1024, 1)}" + (" ⚠" if p["errors"] else "") if p else "–")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    rows = [
        ("attendance rows", lambda s: s["data"]["attendance_rows"]),
        ("pandas ÷ ours, cold (wall)", lambda s: s["pandas"]["ratio"]),
        ("pandas ÷ ours, cold (CPU)", lambda s: s["pandas"].get("cpu_ratio")),
        ("ours cold / pandas cold, ms", lambda s: f"{fmt(s['pandas']['ours_cold_ms'])} / {fmt(s['pandas']['pandas_cold_ms'])}"),
    ]
    for name in BARE_SQL:
        rows.append((f"{name} ÷ bare SQL (wall / CPU)", lambda s, n=name: next(
            (f"{b['ratio']} / {b['cpu_ratio']}" + ("" if b["same_result"] else " (differs)") for b in s["bare"] if b["query"] == n), None)))
    serve = lambda s: s.get("serve") or {}  # noqa: E731
    rows += [
        ("cold start: health / page HTML, s", lambda s: f"{fmt(serve(s).get('health_s'), 2)} / {fmt(serve(s).get('page_s'), 2)}"),
        ("server peak memory, MB", lambda s: serve(s).get("peak_memory_mb")),
        ("browser, first chart: Overview cold / warm server, s", lambda s: f"{fmt(serve(s).get('overview_first_chart_cold_s'), 2)} / {fmt(serve(s).get('overview_first_chart_warm_s'), 2)}"),
        ("browser, first chart: bare one-chart page, s", lambda s: serve(s).get("bare_first_chart_s")),
        ("browser: Overview ÷ bare (warm)", lambda s: serve(s).get("first_chart_ratio_warm")),
        ("load average before / after", lambda s: f"{fmt(s['load_before'][0] if s['load_before'] else None, 1)} / {fmt(s['load_after'][0] if s['load_after'] else None, 1)}"),
    ]
    out += ["", "| | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(scales)]
    for label, getter in rows:
        out.append(f"| {label} | " + " | ".join(fmt(getter(s), 2) for s in scales) + " |")
    out += ["", "| scale | target | limit | measured | worst | |", "|---|---|---:|---:|---|---|"]
    for s in scales:
        for c in s["targets"]:
            state = "met" if c["met"] else ("**missed**" if c["met"] is False else "n/a")
            out.append(f"| x{s['scale']:g} | {c['target']} | {c['limit']} {c['unit']} | {fmt(c['value'], 1)} | {c['worst']} | {state} |")
    return "\n".join(out)


def has_issue7(results: dict) -> bool:
    return bool(results["scales"]) and all("pandas" in s and "pages" in s for s in results["scales"])


def run_rows(results: dict) -> list[list[str]]:
    """Per scale: the data, the view compared and the machine's load before and after."""
    rows = []
    for s in results["scales"]:
        peers = s.get("peers") or {}
        rows.append([f"x{s['scale']:g}", fmt(s["data"]["attendance_rows"]), str(peers.get("year", "–")),
                     fmt(peers.get("municipalities")), fmt(peers.get("runs")),
                     " / ".join(fmt(x, 2) for x in s.get("load_before", [])) or "–",
                     " / ".join(fmt(x, 2) for x in s.get("load_after", [])) or "–"])
    return rows


RUN_HEAD = ["scale", "attendance rows", "year compared", "municipalities", "warm rounds",
            "load average before (1 / 5 / 15 min)", "after"]


def table(results: dict) -> str:
    """The results as plain-text tables: issue 7's measurements (where run) and the peers."""
    m = results["machine"]
    head = (issue7_table(results) if has_issue7(results) else
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}; "
            + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v))
    browser = bench_browser.rows(results["scales"])
    return "\n".join([head, "", "Runs", bench_compare.text_table(RUN_HEAD, run_rows(results)),
                      bench_compare.render(results, markdown=False)]
                     + (["", "Pages in a new browser", bench_compare.text_table(bench_browser.HEAD, browser)] if browser else []))


def markdown(results: dict) -> str:
    """The results as Markdown tables (for BENCHMARKS.md)."""
    m = results["machine"]
    head = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m.get('platform', '')}, Python "
            f"{m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
            + f"; run started {results.get('started', '')}", "",
            bench_compare.markdown_table(RUN_HEAD, run_rows(results))]
    if has_issue7(results):
        head += ["", issue7_markdown(results)]
    browser = bench_browser.rows(results["scales"])
    tail = (["", "**Every page in a new browser, to its last chart, against the bare one-chart page; then "
             "through the app's menu**", "", bench_compare.markdown_table(bench_browser.HEAD, browser)] if browser else [])
    return "\n".join(head + [bench_compare.render(results, markdown=True)] + tail)
