"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA rules) on every page in Albanian
and English, in normal and forum mode; no serious or critical violation may remain.

axe-core is loaded from tests/vendor/axe-core/ (the npm package's axe.min.js, MPL-2.0, with its
licence), never from a CDN: the browser's outside requests stay blocked as in every browser test.
Run: `python -m pytest -m browser tests/test_accessibility.py`."""
from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import LANGS, open_app, page_specs
from browser_support import chromium, served_app, tab  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = page_specs()
# WCAG 2.1 levels A and AA: what donors and public bodies ask for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1])}));
}"""


def open_page(page, server, spec, lang: str) -> None:
    """The page with its script finished, its charts drawn and the sidebar's menu in place."""
    open_app(page, server, spec.url_path, lang=lang)
    page.locator('[data-testid="stSidebarContent"] [data-testid="stPageLink"]').first.wait_for()


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def report(found: list[dict]) -> str:
    return "\n".join(f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_no_serious_accessibility_violation(served_app, tab, spec, lang):
    page, _ = tab
    open_page(page, served_app, spec, lang)
    blocking = [v for v in violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"{spec.path} ({lang}):\n{report(blocking)}"


# Every control a mouse can reach, and whether Tab has focused it (marked as it goes). Widgets
# built as one keyboard stop follow the ARIA patterns: Tab enters a radio group or a segmented
# control at its chosen option and the arrow keys move inside; a select box is opened from its
# text field, so its chevron button is for the mouse. Such a group counts once, reached when any
# of its parts is.
CONTROLS = """() => {
  const group = e => e.closest('[role=radiogroup], [data-testid=stButtonGroup], [data-testid=stSelectbox], [data-testid=stMultiSelect]');
  const seen = new Map();
  for (const e of document.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')) {
    if (e.offsetParent === null || getComputedStyle(e).visibility === 'hidden' || e.closest('[aria-hidden=true]')) continue;
    const key = group(e) || e;
    const name = (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 60);
    const entry = seen.get(key) || {name, reached: false};
    entry.reached = entry.reached || e.dataset.tabbed === '1';
    seen.set(key, entry);
  }
  return Array.from(seen.values());
}"""
MARK_FOCUSED = "() => { const e = document.activeElement; if (e) e.dataset.tabbed = '1'; }"


@pytest.mark.parametrize("spec", [s for s in PAGES if s.path in ("pages/overview.py", "pages/map.py", "pages/upload.py")],
                         ids=lambda spec: spec.name)
def test_keyboard_reaches_every_control(served_app, tab, spec):
    """Tab through the page (round it more than once): every visible link, button, field and
    widget gets focus."""
    page, _ = tab
    open_page(page, served_app, spec, "sq")
    total = len(page.evaluate(CONTROLS))
    for _ in range(2 * total + 20):
        page.keyboard.press("Tab")
        page.evaluate(MARK_FOCUSED)
    missed = [c["name"] for c in page.evaluate(CONTROLS) if not c["reached"]]
    assert total >= 5 and not missed, f"{spec.path}: not reached by Tab: {missed}"
