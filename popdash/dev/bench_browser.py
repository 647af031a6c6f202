"""Browser time a donor feels (issue 13, item 4): every page in a new headless Chromium, from
launching the browser to the last chart drawn, and the bytes transferred; against a bare
one-chart Streamlit page served in the same run. Then the bytes and time of each page reached
from another through the app's own menu (one browser, the static files already loaded).

Requests to anything but localhost are blocked (the page works offline); "bytes" are what
Chromium received: HTTP responses as encoded on the wire (Network.loadingFinished) and the
websocket frames Streamlit sends the page in (Network.webSocketFrameReceived).

"Drawn" means: Streamlit has finished running the page's script, the page shows at least one
element, and as many Plotly charts as the page sends (counted by the benchmark's AppTest render
of the same page and data) have their SVG (`.main-svg`); Plotly's 4.7 MB bundle is loaded
only once a page has a chart, so waiting for the script alone would stop before it.
"""
from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from popdash.dev.bench_common import APP, ROOT, bare_served, chromium, registered_pages, served

DONE = """(expected) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
  if (window.__popdashRan === false && location.href === window.__popdashHref) return false;
  const charts = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'));
  const drawn = charts.filter(c => c.querySelector('.main-svg')).length;
  return drawn >= expected && drawn === charts.length;
}"""
# Set before an in-app navigation: the page counts as changed once the script has been seen
# running again or the address has changed (so the finished state of the page before is not
# taken for the new page's).
WATCH_RUN = """() => {
  window.__popdashRan = false;
  window.__popdashHref = location.href;
  const app = document.querySelector('[data-testid="stApp"]');
  const seen = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') { window.__popdashRan = true; seen.disconnect(); }
  });
  seen.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
CHARTS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
  .filter(c => c.querySelector('.main-svg')).length"""
VIEWPORT = {"width": 1366, "height": 900}


class Counter:
    """Bytes Chromium received, through the DevTools protocol."""

    def __init__(self, page, context):
        self.http = 0
        self.websocket = 0
        self.requests = 0
        self.blocked = 0
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self.finished)
        session.on("Network.webSocketFrameReceived", self.frame)

    def finished(self, event):
        self.http += int(event.get("encodedDataLength", 0))
        self.requests += 1

    def frame(self, event):
        response = event.get("response", {})
        data = response.get("payloadData", "")
        # binary frames (opcode 2) come base64-encoded
        self.websocket += (len(data) * 3 // 4 - data[-2:].count("=")) if response.get("opcode") == 2 else len(data.encode())

    def reset(self):
        self.http = self.websocket = self.requests = 0

    @property
    def total(self) -> int:
        return self.http + self.websocket


def local_only(counter: Counter):
    def route(route):
        url = route.request.url
        if url.startswith(("http://localhost", "ws://localhost", "data:", "blob:")):
            route.continue_()
        else:
            counter.blocked += 1
            route.abort()
    return route


@contextmanager
def counted_page():
    """A page in a new headless Chromium, outside requests blocked, with its byte counter; the
    browser is closed when the block ends."""
    with chromium() as browser:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        counter = Counter(page, context)
        page.route("**/*", local_only(counter))
        yield page, counter


def new_browser_load(url: str, expected: int = 0, timeout_s: float = 90) -> dict:
    """A new Chromium: seconds from its launch to the page drawn, and the bytes received."""
    start = time.perf_counter()
    with counted_page() as (page, counter):
        try:
            page.goto(url)
            page.wait_for_function(DONE, arg=expected, timeout=timeout_s * 1000, polling=50)
            seconds = time.perf_counter() - start
            return {"seconds": round(seconds, 2), "bytes": counter.total, "http_bytes": counter.http,
                    "websocket_bytes": counter.websocket, "requests": counter.requests,
                    "charts": page.evaluate(CHARTS), "blocked": counter.blocked}
        except Exception as error:  # reported, the other pages still measured
            return {"seconds": None, "error": f"{type(error).__name__}: {error}"[:300]}


def menu_visits(url: str, pages: list[dict], expected: dict, timeout_s: float = 90) -> list[dict]:
    """One browser: the default page, then every other page through the app's menu; per page
    the seconds from the click to the page drawn and the bytes received meanwhile."""
    visits = []
    with counted_page() as (page, counter):
        start = time.perf_counter()
        first = next((e for e in pages if e["default"]), pages[0])
        page.goto(url)
        page.wait_for_function(DONE, arg=expected.get(first["path"], 0), timeout=timeout_s * 1000, polling=50)
        visits.append({"page": first["path"], "first": True, "seconds": round(time.perf_counter() - start, 2),
                       "bytes": counter.total})
        for entry in pages:
            if entry is first:
                continue
            link = page.locator(f'[data-testid="stPageLink-NavLink"][href="{entry["url_path"] or ""}"]').first
            try:
                page.evaluate(WATCH_RUN)
                counter.reset()
                start = time.perf_counter()
                link.evaluate("a => a.click()")  # the menu may need scrolling: a click as a user's
                page.wait_for_function(DONE, arg=expected.get(entry["path"], 0), timeout=timeout_s * 1000, polling=50)
                visits.append({"page": entry["path"], "first": False,
                               "seconds": round(time.perf_counter() - start, 2), "bytes": counter.total,
                               "http_bytes": counter.http, "websocket_bytes": counter.websocket,
                               "charts": page.evaluate(CHARTS)})
            except Exception as error:  # a page that does not come is reported
                visits.append({"page": entry["path"], "first": False, "seconds": None,
                               "error": f"{type(error).__name__}: {error}"[:300]})
    return visits


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def browse(root: Path, runs: int = 3, log=lambda line: None, expected: dict | None = None) -> dict:
    """Every page (new browser each, median of `runs`) against the bare page, and the menu visits.
    `expected`: the number of Plotly charts each page sends (page path -> count)."""
    pages = registered_pages()
    expected = dict(expected or {})
    out = {"runs": runs, "pages": [], "expected_charts": expected}
    with served(APP, root, ROOT) as (_, url, _timings), bare_served() as (_, bare_url, _t):
        log("    menu visits (one browser; also warms the server's caches) ...")
        out["menu"] = menu_visits(url, pages, expected)
        for r in range(runs):
            # interleaved: the bare page, then every page, each in a new browser
            for entry in [None] + pages:
                target = bare_url if entry is None else url + "/" + (entry["url_path"] or "")
                load = new_browser_load(target, 1 if entry is None else expected.get(entry["path"], 0))
                name = "bare one-chart page" if entry is None else entry["path"]
                row = next((x for x in out["pages"] if x["page"] == name), None)
                if row is None:
                    row = {"page": name, "loads": []}
                    out["pages"].append(row)
                row["loads"].append(load)
        for row in out["pages"]:
            loads = row["loads"]
            row["seconds"] = median([x.get("seconds") for x in loads])
            row["bytes"] = median([x.get("bytes") for x in loads])
            row["charts"] = max((x.get("charts") or 0 for x in loads), default=0)
            row["errors"] = [x["error"] for x in loads if "error" in x]
            log(f"    {row['page']}: {row['seconds']} s, {row['bytes'] or 0:,.0f} bytes")
    bare = next(x for x in out["pages"] if x["page"] == "bare one-chart page")
    for row in out["pages"]:
        row["ratio"] = round(row["seconds"] / bare["seconds"], 2) if row["seconds"] and bare["seconds"] else None
    return out


def rows(scales: list[dict]) -> list[list[str]]:
    """Per scale and page: new-browser seconds (÷ bare), bytes, and the menu visit."""
    out = []
    for s in scales:
        b = s.get("browser_pages")
        if not b:
            continue
        menu = {v["page"]: v for v in b.get("menu", [])}
        for row in b["pages"]:
            visit = menu.get(row["page"], {})
            out.append([f"x{s['scale']:g}", row["page"],
                        f"{row['seconds']:.2f}" if row["seconds"] else "–",
                        f"{row['ratio']:.2f}" if row.get("ratio") else "–",
                        f"{(row['bytes'] or 0) / 1024:,.0f}", str(row["charts"]),
                        (f"{visit['seconds']:.2f}" if visit.get("seconds") else "–") + (" (first)" if visit.get("first") else ""),
                        (f"{visit['bytes'] / 1024:,.0f}" + (f" ({visit['websocket_bytes'] / 1024:,.0f} websocket)"
                                                             if "websocket_bytes" in visit else ""))
                        if visit.get("bytes") is not None else "–",
                        "; ".join(row["errors"] + ([visit["error"]] if "error" in visit else [])) or ""])
    return out


HEAD = ["scale", "page", "new browser to last chart, s (median)", "÷ bare page", "KB received", "charts",
        "through the menu, s", "through the menu, KB", "errors"]
