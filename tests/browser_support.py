"""Helpers for the end-to-end tests: the pages app.py registers, hostile text planted in data,
a Streamlit server on a free port, Chromium through Playwright with outside requests blocked
and counted, and the AppTest side (walking every rendered element, the bytes behind every
download button)."""
from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips, saying how to install it
    PlaywrightTimeout = TimeoutError

from pages import APP, registered_pages

REPO = APP.parent

# ---------------------------------------------------------------------------------------------
# Pages

LANGS = ("sq", "en")


@dataclass(frozen=True)
class PageSpec:
    """One page registered in app.py and where the browser finds it."""
    path: str            # "pages/map.py"
    url_path: str        # "map"; "" for the default page (served at /)
    default: bool

    @property
    def name(self) -> str:
        return Path(self.path).stem


def page_specs() -> list[PageSpec]:
    """Every st.Page of app.py, read from its source (pages added later are covered)."""
    specs = []
    for page in registered_pages():
        url_path = "" if page["default"] else (page["url_path"] or Path(page["path"]).stem)
        specs.append(PageSpec(page["path"], url_path, page["default"]))
    return specs


# ---------------------------------------------------------------------------------------------
# Hostile text in data files

HOSTILE_HTML = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = "[click](http://evil.example)"
HOSTILE_IMAGE = "![x](http://evil.example/x.png)"
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/f","open")'
HOSTILE_SCRIPT = "<script>alert('pop')</script>"
HOSTILE_HANDLER = '<b onmouseover="alert(1)">hover</b>'
# The other characters a spreadsheet reads as the start of a formula (OWASP's list).
HOSTILE_PLUS = "+SUM(1,1)"
HOSTILE_MINUS = "-2+3+cmd|' /C calc'!A0"
HOSTILE_AT = "@SUM(1+1)*cmd|' /C calc'!A0"
# A formula behind a zero-width space: a program that drops invisible characters runs it.
HOSTILE_HIDDEN_FORMULA = "\u200b=1+1"
HOSTILE_TAB_FORMULA = "\t=1+1"
HOSTILE_CR_FORMULA = "\r=1+1"
# A right-to-left override left open: "Raport" then "exe.pdf" on screen (the file is an .exe).
HOSTILE_BIDI = "Raport\u202efdp.exe"
# The other bidirectional controls: isolates, embedding, left-to-right override, marks.
HOSTILE_BIDI_CONTROLS = "\u2067\u202bisolate\u202c\u2069 \u202dLRO\u202c \u200frlm\u200e \u061calm"
HOSTILE_ZERO_WIDTH = "ze\u200bro\u200cwi\u200ddth\u2060joiner\ufeffbom"
HOSTILE_JAVASCRIPT = "javascript:alert(1)"
# Longer than any line, page or cell: one word with no place to break (a pasted hash or
# link), and prose. Cut to each column's import limit when planted (4,000 for titles and
# names, 20,000 for notes, evidence and texts).
HOSTILE_LONG_WORD = "Ë" + "W" * 5_998 + "Ç"
HOSTILE_LONG_TEXT = " ".join(f"fjalë{i} Korçë" for i in range(700))  # 8,000+ characters with spaces
# Control characters pasted from a terminal (bell, ANSI colour codes): XML 1.0 cannot hold them.
HOSTILE_CONTROL = "Zile\x07 \x1b[31mkuq\x1b[0m"
# Every hostile string that markdown must show as typed.
HOSTILE_TEXTS = (HOSTILE_HTML, HOSTILE_LINK, HOSTILE_IMAGE, HOSTILE_FORMULA, HOSTILE_SCRIPT, HOSTILE_HANDLER,
                 HOSTILE_PLUS, HOSTILE_MINUS, HOSTILE_AT, HOSTILE_HIDDEN_FORMULA, HOSTILE_BIDI, HOSTILE_BIDI_CONTROLS,
                 HOSTILE_ZERO_WIDTH, HOSTILE_JAVASCRIPT, HOSTILE_LONG_WORD, HOSTILE_LONG_TEXT)
# Planted and exported too, but not expected back unchanged from markdown: pages show a value
# on one line without the whitespace at its ends, and a browser draws control characters its own way.
HOSTILE_CONTROLS = (HOSTILE_TAB_FORMULA, HOSTILE_CR_FORMULA, HOSTILE_CONTROL)
# Markup (markdown or HTML) is what the page checks detect, so half of the planted cells hold it.
HOSTILE_MARKUP = (HOSTILE_HTML, HOSTILE_LINK, HOSTILE_IMAGE, HOSTILE_SCRIPT, HOSTILE_HANDLER)
HOSTILE_OTHER = tuple(t for t in HOSTILE_TEXTS + HOSTILE_CONTROLS if t not in HOSTILE_MARKUP)
# Free-text columns a data file can fill and a page or an export may show.
HOSTILE_FIELDS = {
    "events": ["title"],
    "meetings": ["evidence"],
    "meeting_observations": ["evidence"],
    "period_observations": ["evidence"],
    "priorities": ["text_sq"],
    "assessments": ["evidence"],
    "reports": ["title"],
    "recommendations": ["text_sq"],
    "social_contracts": ["signatory"],
    "memberships": ["partner_sq", "partner_en"],
    "outcomes": ["actor_sq", "actor_en", "change_sq", "change_en", "contribution_sq", "contribution_en", "evidence"],
    "targets": ["note_sq", "note_en"],
}
# Fragments that only survive when a page passes data text to markdown unescaped: a rendered
# HTML tag, a link or image target, an image, a script URL. Escaped text has a backslash
# before [ ] ( < ! : and html.escape'd text has none of < [ (.
UNESCAPED = re.compile(r"(?<!\\)<(?:img\b|script\b|b\s+on)|\]\(http://evil|!\[x\]|javascript:alert", re.I)
# One municipality whose partner organisation's names are hostile: pages that show a single
# municipality (the scorecard) are checked with it chosen.
FOCUS_MUNICIPALITY = "SHK"


def hostile_value(k: int) -> str:
    """The k-th planted string: markup and the other hostile strings in turn."""
    group = HOSTILE_MARKUP if k % 2 == 0 else HOSTILE_OTHER
    return group[(k // 2) % len(group)]


def with_hostile_text(frames: dict[str, pd.DataFrame], every: int = 5) -> dict[str, pd.DataFrame]:
    """A copy of the frames where every `every`-th row of each free-text column holds hostile
    text (the hostile strings in turn, each cut to the column's import limit). Only text
    changes, so every count stays the same."""
    from popdash.ingest.validation import text_limit

    out = dict(frames)
    for table, columns in HOSTILE_FIELDS.items():
        frame = frames[table].copy()
        for offset, column in enumerate(columns):
            values = (frame[column].astype(object) if column in frame else pd.Series(None, index=frame.index,
                                                                                     dtype=object)).to_numpy(copy=True)
            for i in range(offset % every, len(values), every):
                values[i] = hostile_value(i // every + offset)[:text_limit(column)]
            frame[column] = values
        out[table] = frame
    focus = out["memberships"].municipality_code == FOCUS_MUNICIPALITY
    out["memberships"] = out["memberships"].assign(
        partner_sq=out["memberships"].partner_sq.where(~focus, HOSTILE_IMAGE),
        partner_en=out["memberships"].partner_en.where(~focus, HOSTILE_LINK))
    return out


# ---------------------------------------------------------------------------------------------
# The app served by Streamlit

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run` on a free local port over a given data root; stopped by its own handle."""

    def __init__(self, data_root: Path, log_dir: Path, script: Path = APP):
        self.data_root, self.script = data_root, script
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log_path = log_dir / f"streamlit-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> AppServer:
        env = {**os.environ, "POPDASH_DATA_DIR": str(self.data_root)}
        command = [sys.executable, "-m", "streamlit", "run", str(self.script),
                   "--server.port", str(self.port), "--server.headless", "true",
                   "--server.address", "localhost", "--browser.gatherUsageStats", "false",
                   # Engineers edit pages while tests run: no reruns in the middle of a test.
                   "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# ---------------------------------------------------------------------------------------------
# Chromium through Playwright

CHROMIUM = Path(os.environ.get("POPDASH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = ("browser tests need Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`) "
                "and the playwright Python package (`pip install playwright`; never `playwright install`)")
VIEWPORT = {"width": 1366, "height": 768}
# How long to wait for content to appear (Plotly's bundle loads in every new context).
TIMEOUT_MS = int(os.environ.get("POPDASH_BROWSER_TIMEOUT_MS", "15000"))
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
SCREENSHOTS = REPO / "screenshots"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    if not CHROMIUM.exists():
        return INSTALL_HINT
    return None


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class PageWatch:
    """What a page did that it must not: outside requests, console errors, dialogs."""
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, context, page) -> None:
        context.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("dialog", self._dialog)
        page.on("websocket", self._websocket)

    def _route(self, route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def _websocket(self, socket_) -> None:
        if not is_local(socket_.url.replace("ws", "http", 1)):  # cannot be blocked, only counted
            self.outside.append(socket_.url)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(f"{message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


SCRIPT_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
      && document.querySelector('[data-testid="stMain"] h1, [data-testid="stException"]') !== null;
}"""

# Per Plotly chart: points in its data, marks drawn in its SVG, whether it is on screen.
CHART_SUMMARY = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => {
  const sizeOf = v => Array.isArray(v) || ArrayBuffer.isView(v) ? v.length
      : (v && typeof v === 'object' && 'bdata' in v ? 1 : 0);  // a typed array Plotly has not decoded
  const points = (el.data || []).reduce((n, t) => n + Math.max(
      sizeOf(t.x), sizeOf(t.y), sizeOf(t.values), sizeOf(t.z), sizeOf(t.lat), sizeOf(t.locations),
      sizeOf(t.r), sizeOf(t.cells && t.cells.values), t.type === 'indicator' ? 1 : 0), 0);
  const marks = el.querySelectorAll(
      '.main-svg .trace path[d]:not([d=""]), .main-svg .point, .main-svg .slice path, ' +
      '.main-svg .choroplethlocation, .main-svg .hm image, .main-svg .bars path, .main-svg .indicatorlayer text, ' +
      '.main-svg .table .cell-rect').length;
  const box = el.getBoundingClientRect();
  return {svg: el.querySelectorAll('.main-svg').length, points, marks,
          visible: box.width > 0 && box.height > 0,
          title: (el.querySelector('.gtitle') || {}).textContent || ''};
})"""

# Markers drawn on geographic traces, and the municipality codes or names the geo traces carry.
MAP_SUMMARY = """(names) => {
  const found = new Set();
  let drawn = 0;
  document.querySelectorAll('.js-plotly-plot').forEach(el => {
    drawn += el.querySelectorAll('.scattergeo .point, .choroplethlocation').length;
    (el.data || []).filter(t => t.type === 'scattergeo' || t.type === 'choropleth').forEach(t => {
      const values = [].concat(t.locations || [], t.text || [], t.hovertext || [], t.ids || [],
                               (t.customdata || []).flat ? (t.customdata || []).flat() : []);
      values.forEach(v => { if (names.includes(String(v))) found.add(String(v)); });
    });
  });
  return {drawn, found: Array.from(found)};
}"""

# A link the renderer made from a bare URL: its text is its own address.
HONEST_LINK = """const honest = a => { const h = decodeURI(a.getAttribute('href') || ''), t = a.textContent.trim();
  return h === t || h === 'http://' + t || h === 'mailto:' + t; };"""

HOSTILE_DOM = """() => { """ + HONEST_LINK + """ return {
  img_x: document.querySelectorAll('img[src="x"]').length,
  // A bare URL in data text may be linked by the renderer (its text is its target); a link
  // whose text hides its target, or any image, can only come from markdown in the data.
  evil_links: Array.from(document.querySelectorAll('a[href*="evil.example"], img[src*="evil.example"]'))
      .filter(e => e.tagName === 'IMG' || !honest(e)).map(e => e.outerHTML),
  javascript_links: document.querySelectorAll('a[href^="javascript:"]').length,
}; }"""


# A page's first run queries and draws on the server, then every new browser context loads and
# compiles Plotly's 4.7 MB bundle before the first chart appears: on a shared 2-core machine
# under load that took 10-25 s. These are ceilings; a healthy run waits 3-5 s per page.
LOAD_TIMEOUT_MS = 3 * TIMEOUT_MS
CHARTS_TIMEOUT_MS = 2 * TIMEOUT_MS
CHARTS_DRAWN = f"""() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')
    && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).every(c => c.querySelector('.main-svg'))
    && ({CHART_SUMMARY})().every(c => !c.visible || c.marks > 0)"""


def open_app(page, server, url_path: str, **params) -> bool:
    """Load a page and wait until its script has finished and its charts are drawn (False:
    they were not drawn within the timeout)."""
    page.goto(f"{server.url}/{url_path}?{urlencode(params)}", wait_until="domcontentloaded")
    page.wait_for_function(SCRIPT_DONE, timeout=LOAD_TIMEOUT_MS)
    # Charts are lazy components: a skeleton stands in until Plotly's bundle has loaded, then
    # Plotly draws the SVG and its traces. Wait for marks, not for time.
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=CHARTS_TIMEOUT_MS)
        return True
    except PlaywrightTimeout:  # a chart that never draws is reported with its numbers below
        return False


def full_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main container, not the document: grow the viewport to the
    content's height so a full-page screenshot shows the whole page."""
    height = page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]');
      return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0);
    }""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(int(height), 12_000))})
    page.wait_for_timeout(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


# ---------------------------------------------------------------------------------------------
# AppTest: every rendered element, and the bytes behind download buttons

def run_app_page(page: str, lang: str, timeout: float = 60, **params):
    """AppTest of app.py showing one page in one language (other URL parameters as given)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if registered_default() != page:
        at.switch_page(page).run()
    return at


def registered_default() -> str | None:
    return next((p.path for p in page_specs() if p.default), None)


def walk(node):
    """Every node of an AppTest element tree, depth first."""
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from walk(child)


def proto_text(node) -> str:
    """The node's protobuf message as readable text (strings and bytes included)."""
    from google.protobuf import text_format

    proto = getattr(node, "proto", None)
    if proto is None:
        return ""
    return text_format.MessageToString(proto, as_utf8=True)


# String fields that Streamlit renders as markdown (or HTML) in the browser.
MARKDOWN_FIELDS = {"body", "label", "help", "delta", "placeholder", "caption", "captions", "title", "text",
                   "content"}
# Widgets whose options are markdown too (st.radio); a selectbox's options are plain text.
MARKDOWN_OPTIONS = {"radio"}
# Elements whose text the browser shows literally.
LITERAL_TYPES = {"text", "code", "json", "exception", "dataframe", "arrow_data_frame", "table", "plotly_chart"}


def markdown_strings(node) -> list[tuple[str, str]]:
    """(field, text) of the markdown-rendered string fields of a node and its nested messages."""
    proto = getattr(node, "proto", None)
    if proto is None or getattr(node, "type", "") in LITERAL_TYPES:
        return []
    fields = MARKDOWN_FIELDS | ({"options"} if getattr(node, "type", "") in MARKDOWN_OPTIONS else set())
    out = []

    def visit(message, depth=0):
        for descriptor, value in message.ListFields():
            items = [value] if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") else list(value)
            if descriptor.message_type is not None:
                for item in items:
                    if depth < 4:
                        visit(item, depth + 1)
            elif descriptor.name in fields:
                out.extend((descriptor.name, v) for v in items if isinstance(v, str))

    visit(proto)
    return out


def displayed(markdown: str) -> str:
    """What a reader sees of markdown source once backslash escapes are resolved."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def dataframe_values(node) -> list[pd.DataFrame]:
    if getattr(node, "type", "") in ("dataframe", "arrow_data_frame", "table"):
        with contextlib.suppress(Exception):
            return [node.value]
    return []


@dataclass
class CapturedMedia:
    """Downloads registered while AppTest ran: eager files by URL, deferred ones by file id."""
    files: dict[str, bytes] = field(default_factory=dict)
    deferred: dict[str, object] = field(default_factory=dict)

    def payload(self, button) -> bytes | None:
        proto = button.proto
        if proto.url and proto.url in self.files:
            return self.files[proto.url]
        if proto.deferred_file_id and proto.deferred_file_id in self.deferred:
            data = self.deferred[proto.deferred_file_id]()
            if hasattr(data, "read"):
                data = data.read()
            return data.encode("utf-8") if isinstance(data, str) else bytes(data)
        return None


@contextlib.contextmanager
def captured_media():
    """Keep the bytes behind download buttons: AppTest discards its media manager after each
    run, so the class it builds is swapped for one that also records what it is given."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test

    captured = CapturedMedia()

    class RecordingMediaFileManager(MediaFileManager):
        def add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
            url = super().add(path_or_data, mimetype, coordinates, file_name=file_name,
                              is_for_static_download=is_for_static_download)
            if isinstance(path_or_data, (bytes, bytearray)):
                captured.files[url] = bytes(path_or_data)
            return url

        def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
            file_id = super().add_deferred(data_callable, mimetype, coordinates, file_name=file_name,
                                           element_id=element_id)
            captured.deferred[file_id] = data_callable
            return file_id

    original = app_test.MediaFileManager
    app_test.MediaFileManager = RecordingMediaFileManager
    try:
        yield captured
    finally:
        app_test.MediaFileManager = original


def payload_texts(data: bytes) -> list[str]:
    """Readable text inside a download: the file itself, every member of a zip (xlsx, pptx,
    docx) and every deflated stream of a PDF."""
    texts = [data.decode("utf-8", errors="replace")]
    if data[:2] == b"PK":
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()]
    if data[:5] == b"%PDF-":
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            with contextlib.suppress(zlib.error):
                texts.append(zlib.decompress(stream).decode("latin-1"))
    return texts


def skip_without_browser() -> None:
    reason = browser_missing()
    if reason:
        pytest.skip(reason)


# ---------------------------------------------------------------------------------------------
# Fixtures shared by the browser tests (import them into a test module to use them)

_browser: dict = {"users": 0}


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (skipped, saying how to install it, if missing).

    Test modules import this fixture, so pytest may set it up once per module: they share one
    Playwright driver, since a second sync driver cannot start while the first one runs."""
    skip_without_browser()
    if not _browser["users"]:
        from playwright.sync_api import sync_playwright

        driver = sync_playwright().start()
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        _browser.update(driver=driver, browser=browser)
    _browser["users"] += 1
    try:
        yield _browser["browser"]
    finally:
        _browser["users"] -= 1
        if not _browser["users"]:
            _browser.pop("browser").close()
            _browser.pop("driver").stop()


@pytest.fixture(scope="session")
def served_app(tmp_path_factory, sample_frames):
    """The app served over a temporary copy of the sample data (from its seed) in which some
    free-text cells hold hostile text, so every browser test also proves it is shown safely.
    POPDASH_BROWSER_CLEAN=1 leaves the text alone (for clean screenshots)."""
    skip_without_browser()
    from conftest import write_dataset

    root = tmp_path_factory.mktemp("browser-data")
    frames = sample_frames if os.environ.get("POPDASH_BROWSER_CLEAN") == "1" else with_hostile_text(sample_frames)
    write_dataset(root, frames, sample=True, version="sample")
    server = AppServer(root, tmp_path_factory.mktemp("browser-logs")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def tab(chromium):
    """A fresh browser context and page (1366x768) with outside requests blocked and counted."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = PageWatch()
    watch.attach(context, page)
    yield page, watch
    context.close()


def hostile_problems(page, watch) -> list[str]:
    problems = []
    dom = page.evaluate(HOSTILE_DOM)
    if dom["img_x"]:
        problems.append(f"{dom['img_x']} <img src=x> element(s) rendered from data text")
    if dom["evil_links"]:
        problems.append(f"markdown from data rendered as link/image: {dom['evil_links'][:3]}")
    if dom["javascript_links"]:
        problems.append(f"{dom['javascript_links']} javascript: link(s)")
    if watch.dialogs:
        problems.append(f"dialogs fired: {watch.dialogs}")
    return problems
