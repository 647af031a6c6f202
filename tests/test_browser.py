"""The app in a real browser (headless Chromium), offline: every page registered in app.py, in
Albanian and English, draws its content with no console error, no Streamlit exception and no
request leaving this machine, and the hostile text planted in the data stays text.

Run: `python -m pytest -m browser`. Screenshots land in screenshots/ (git-ignored)."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from browser_support import (CHART_SUMMARY, HOSTILE_DOM, HOSTILE_HTML, HOSTILE_IMAGE, HOSTILE_LINK, LANGS,
                             MAP_SUMMARY, SCREENSHOTS, SCRIPT_DONE, TIMEOUT_MS, VIEWPORT, PageWatch,
                             chromium, full_page_screenshot, page_specs, served_app)  # noqa: F401 (fixtures)
from popdash import reference

pytestmark = pytest.mark.browser

PAGES = page_specs()
# The programme card's figures for 2025, which the sample reproduces exactly.
KEY_FIGURES = {"sq": ("120", "2.984", "129.466"), "en": ("120", "2,984", "129,466")}
MAP_PAGE = "pages/map.py"
MIN_MUNICIPALITIES_ON_MAP = 10
MUNICIPALITY_LABELS = sorted({v for m in reference.MUNICIPALITIES for v in (m[0], m[1], m[2], m[3])})


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


def open_app(page, server, url_path: str, **params) -> None:
    """Load a page and wait until its script has finished and its charts are drawn."""
    page.goto(f"{server.url}/{url_path}?{urlencode(params)}", wait_until="domcontentloaded")
    page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=TIMEOUT_MS)
    # Plotly draws the traces right after the SVG appears; wait for marks, not for time.
    try:
        page.wait_for_function(f"() => ({CHART_SUMMARY})().every(c => !c.visible || c.marks > 0)", timeout=TIMEOUT_MS)
    except Exception:  # a chart that never draws is reported with its numbers below
        pass


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


def probe_404(url_path: str, error: str) -> bool:
    """Opened at /<page>, Streamlit's frontend first looks for its server one level down
    (/<page>/_stcore/health and host-config), gets 404 and then finds it at the root: expected."""
    return bool(url_path) and re.search(rf"404 .*/{re.escape(url_path)}/_stcore/(health|host-config):", error) is not None


def watch_problems(page, watch, url_path: str = "") -> list[str]:
    problems = []
    watch.console_errors[:] = [e for e in watch.console_errors if not probe_404(url_path, e)]
    if watch.outside:
        problems.append(f"{len(watch.outside)} request(s) left localhost: {sorted(set(watch.outside))[:5]}")
    if watch.console_errors:
        problems.append(f"console errors: {watch.console_errors[:5]}")
    exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
    if exceptions:
        problems.append("Streamlit exception: " + " | ".join(e.strip()[:400] for e in exceptions))
    return problems + hostile_problems(page, watch)


def chart_problems(page) -> list[str]:
    problems = []
    for i, chart in enumerate(page.evaluate(CHART_SUMMARY), 1):
        label = f"chart {i} {chart['title']!r}".strip()
        if not chart["svg"]:
            problems.append(f"{label}: no SVG drawn")
        elif chart["visible"] and (not chart["points"] or not chart["marks"]):
            problems.append(f"{label}: no data drawn (points in data {chart['points']}, marks {chart['marks']})")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_page_in_browser(served_app, tab, spec, lang):
    page, watch = tab
    open_app(page, served_app, spec.url_path, lang=lang)
    problems = watch_problems(page, watch, spec.url_path) + chart_problems(page)
    if spec.default:
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        missing = [v for v in KEY_FIGURES[lang] if v not in [x.strip() for x in values]]
        if missing:
            problems.append(f"key figures {missing} not among the metrics {values}")
    if spec.path == MAP_PAGE:
        geo = page.evaluate(MAP_SUMMARY, MUNICIPALITY_LABELS)
        if geo["drawn"] < MIN_MUNICIPALITIES_ON_MAP or len(geo["found"]) < MIN_MUNICIPALITIES_ON_MAP:
            problems.append(f"map shows {geo['drawn']} drawn markers/areas and {len(geo['found'])} "
                            f"municipalities in its data ({geo['found']}), expected at least {MIN_MUNICIPALITIES_ON_MAP}")
    full_page_screenshot(page, SCREENSHOTS / f"{spec.name}-{lang}.png")
    assert not problems, f"{spec.path} ({lang}):\n- " + "\n- ".join(problems)


def test_hostile_url_parameters_fall_back_without_rendering_them(served_app, tab):
    """Values from a link someone sends are shown in the warning, never rendered."""
    page, watch = tab
    default = next(spec for spec in PAGES if spec.default)
    open_app(page, served_app, default.url_path, lang=HOSTILE_IMAGE, year=HOSTILE_HTML, municipality=HOSTILE_LINK)
    problems = watch_problems(page, watch)
    warning = " ".join(page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts())
    if "evil.example" not in warning:
        problems.append(f"the ignored values are not named in the warning: {warning!r}")
    values = [v.strip() for v in page.locator('[data-testid="stMetricValue"]').all_inner_texts()]
    if not set(KEY_FIGURES["sq"]) <= set(values):
        problems.append(f"defaults (Albanian, latest year, all municipalities) not used: metrics {values}")
    assert not problems, "\n- ".join(["hostile URL parameters:"] + problems)
