"""What the benchmark's parts share (popdash.dev.bench, bench_browser, bench_compare): the paths,
the browser, the query layer's own connection and typical parameters, the pages app.py
registers, and `streamlit run` on a free port (the app, or the bare one-chart page)."""
from __future__ import annotations

import ast
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd

from popdash.data import db, store
from popdash.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
APP = ROOT / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]

# Parameters the common filters do not give, for timing every named query at typical values.
PARAMETER_DEFAULTS = {
    "lang": "sq",
    "today": date.today(),
    "dimension": "sex",
    "search": "",
    "statuses": ["none", "partial", "full"],
}
LATEST_CYCLE_END = "select max(cast(split_part(cycle, '-', 2) as integer)) from social_contracts"
LATEST_REPORT = "select report_id from reports order by published_date desc, report_id limit 1"
LATEST_YEAR = "select max(year) from (select year(meeting_date) as year from meetings union all select year(event_date) from events)"
ALL_MUNICIPALITIES = "select municipality_code from municipalities order by municipality_code"


# ---------------------------------------------------------------- the query layer, uncached


def connection() -> tuple:
    """The query layer's own connection for the current version (as db.run uses on a miss)."""
    version_path = store.version_dir()
    return db.connection(version_path, db.data_token(version_path)), version_path


def scalar(sql: str):
    """The first value of a query on the query layer's connection."""
    con, _ = connection()
    cursor = con.cursor()
    try:
        row = cursor.execute(sql).fetchone()
    finally:
        cursor.close()
    return row[0] if row else None


def typical_parameters() -> dict:
    """Latest year, every municipality, and the defaults for the other parameters."""
    con, _ = connection()
    cursor = con.cursor()
    try:
        codes = [r[0] for r in cursor.execute(ALL_MUNICIPALITIES).fetchall()]
    finally:
        cursor.close()
    params = {**PARAMETER_DEFAULTS, "year": int(scalar(LATEST_YEAR)), "municipalities": codes}
    cycle_end, report = scalar(LATEST_CYCLE_END), scalar(LATEST_REPORT)
    if cycle_end is not None:
        params["cycle_end"] = int(cycle_end)
    if report is not None:
        params["report"] = report
    try:
        from popdash.views.transparency import rubric_params

        params.update(rubric_params())
    except (ImportError, KeyError, ValueError):
        pass
    return params


def execute_uncached(name: str, bound: dict) -> pd.DataFrame:
    """db.run's path on a cache miss, without the result cache."""
    con, _ = connection()
    cursor = con.cursor()
    try:
        return cursor.execute(db.query_text(name), bound).df()
    finally:
        cursor.close()


# ---------------------------------------------------------------- pages, streamlit run, the browser


def registered_pages() -> list[dict]:
    """Every st.Page(...) in app.py: path, url_path, default."""
    pages = []
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page" and node.args:
            keywords = {k.arg: k.value for k in node.keywords}
            url = keywords.get("url_path")
            default = keywords.get("default")
            pages.append({"path": node.args[0].value,
                          "url_path": url.value if isinstance(url, ast.Constant) else None,
                          "default": isinstance(default, ast.Constant) and default.value is True})
    return pages


def free_port() -> int:
    """A free local port between 8600 and 8699."""
    for port in range(8600, 8700):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port between 8600 and 8699")


def http_get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    """Status and body of a local URL."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (localhost only)
        return response.status, response.read()


@contextmanager
def served(script: Path, root: Path | None, cwd: Path):
    """streamlit run on a free local port; yields (process, url, startup timings)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if root is not None:
        env["POPDASH_DATA_DIR"] = str(root)
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--server.address", "localhost", "--browser.gatherUsageStats", "false",
               # Others may edit files meanwhile: no file watcher, so no "source changed" prompt.
               "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"http://localhost:{port}"
    timings = {"health_s": None, "page_s": None}
    try:
        while time.perf_counter() - start < 120 and process.poll() is None:
            try:
                if http_get(url + "/_stcore/health")[0] == 200:
                    timings["health_s"] = round(time.perf_counter() - start, 2)
                    break
            except OSError:
                time.sleep(0.05)
        if timings["health_s"] is not None:
            status, body = http_get(url + "/", timeout=30)
            if status == 200 and b"<html" in body.lower():
                timings["page_s"] = round(time.perf_counter() - start, 2)
        yield process, url, timings
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)


BARE_PAGE = '''import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="bare")
'''
BARE_CONFIG = '''[server]
headless = true
address = "localhost"

[browser]
gatherUsageStats = false
'''


@contextmanager
def bare_served():
    """The bare one-chart page (BARE_PAGE) served from a temporary folder with its own config;
    yields (process, url, startup timings) as served() does."""
    with tempfile.TemporaryDirectory(prefix="popdash-bare-") as tmp:
        folder = Path(tmp)
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "config.toml").write_text(BARE_CONFIG, encoding="utf-8")
        (folder / "bare.py").write_text(BARE_PAGE, encoding="utf-8")
        with served(folder / "bare.py", None, folder) as running:
            yield running


@contextmanager
def chromium():
    """A new headless Chromium (Playwright), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()
