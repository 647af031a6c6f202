"""popdash.i18n.safe_text.escape_markdown: data text passed through Streamlit's markdown shows
literally. Checked on the string and, with the browser marker, in Streamlit's own renderer."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from browser_support import (HONEST_LINK, HOSTILE_TEXTS, REPO, SCRIPT_DONE, TIMEOUT_MS, VIEWPORT, AppServer, PageWatch,
                             chromium)  # noqa: F401 (fixture)
from popdash.i18n.safe_text import BIDI_CONTROLS, PUNCTUATION, escape_markdown

TRICKY = list(HOSTILE_TEXTS) + [
    "<script>alert(1)</script>", "<b>bold?</b> &amp; &lt;i&gt;", "**not bold** _not italic_ ~~kept~~",
    "# not a heading", "> not a quote", "1. not a list", "- not a bullet", "| a | b |", "`not code`",
    ":red[not red] :material/home: :smile:", "$x^2$ and $$y$$", "www.evil.example and http://evil.example/y",
    "[ref]: http://evil.example", "back\\slash \\* star", "Korçë, 12,5% — “Tiranë” (2025)", "a_b_c 5 * 3 * 2",
    "first line\nsecond line\r\n   third",
]


@pytest.mark.parametrize("text", TRICKY)
def test_every_markdown_character_is_escaped_and_nothing_else_changes(text):
    escaped = escape_markdown(text)
    flat = " ".join(text.split()) if "\n" in text else text
    assert "\n" not in escaped and "\r" not in escaped
    # Every ASCII punctuation character is preceded by a backslash...
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            assert i + 1 < len(escaped) and PUNCTUATION.fullmatch(escaped[i + 1]), (escaped, i)
            i += 2
            continue
        assert not PUNCTUATION.fullmatch(escaped[i]), (escaped, i)
        i += 1
    # ...and removing the backslashes gives the text back (on one line), a text with bidi
    # controls inside an isolate of its own.
    assert strip_escapes(escaped) == (isolated(flat) if BIDI_CONTROLS.search(flat) else flat)


def isolated(text: str) -> str:
    return "\u2068" + text.replace("\u202c", "").replace("\u2069", "") + "\u2069"


@pytest.mark.parametrize("text", ["Raport\u202efdp.exe", "a\u2069\u202eb", "\u2067x", "\u202ba\u202cb"])
def test_bidi_controls_cannot_reach_beyond_the_value(text):
    """However a value opens or closes embeddings, overrides and isolates, it is shown inside one
    isolate that nothing in it can close (so the sentence around it keeps its direction)."""
    escaped = escape_markdown(text)
    assert escaped.startswith("\u2068") and escaped.endswith("\u2069")
    inner = escaped[1:-1]
    assert "\u2069" not in inner and "\u202c" not in inner


def strip_escapes(escaped: str) -> str:
    out, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            i += 1
        out.append(escaped[i])
        i += 1
    return "".join(out)


def test_letters_digits_and_albanian_text_are_untouched():
    assert escape_markdown("Korçë 2025 Tiranë ëÇ") == "Korçë 2025 Tiranë ëÇ"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT, math.nan])
def test_missing_values_give_an_empty_string(missing):
    assert escape_markdown(missing) == ""


def test_numbers_are_shown_as_text():
    assert escape_markdown(12) == "12"
    assert escape_markdown(12.5) == "12\\.5"
    assert escape_markdown(-3) == "\\-3"


# --- in Streamlit's renderer ------------------------------------------------------------------

APP = '''
import sys
sys.path.insert(0, {repo!r})
import streamlit as st
from popdash.i18n.safe_text import escape_markdown

st.title("safe text")
for i, text in enumerate({texts!r}):
    with st.container(key=f"md{{i}}"):
        st.markdown(escape_markdown(text))
    with st.container(key=f"li{{i}}"):
        st.markdown("- **" + escape_markdown(text) + "**")
    with st.container(key=f"cap{{i}}"):
        st.caption(escape_markdown(text))
'''


# A bare URL in the text stays clickable (the renderer links it whatever the escaping; the
# visible text is the target itself). A link whose text differs from its target would be markdown.
HIDDEN_TARGETS = """el => { """ + HONEST_LINK + """
    return Array.from(el.querySelectorAll('a')).filter(a => !honest(a)).map(a => a.outerHTML); }"""


@pytest.mark.browser
def test_escaped_text_renders_literally_in_the_browser(chromium, tmp_path):
    script = tmp_path / "safe_text_app.py"
    script.write_text(APP.format(repo=str(REPO), texts=TRICKY), encoding="utf-8")
    server = AppServer(tmp_path, tmp_path, script=script).start()
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        watch = PageWatch()
        watch.attach(context, page)
        page.goto(server.url, wait_until="domcontentloaded")
        page.wait_for_function(SCRIPT_DONE, timeout=TIMEOUT_MS * 2)
        problems = []
        for i, text in enumerate(TRICKY):
            expected = " ".join(text.split())
            expected = isolated(expected) if BIDI_CONTROLS.search(expected) else expected
            for kind in ("md", "li", "cap"):
                box = page.locator(f".st-key-{kind}{i}").first
                shown = " ".join(box.inner_text(timeout=TIMEOUT_MS).split())
                inner = box.inner_html()
                if shown != expected:
                    problems.append(f"{kind} {text!r}: shown as {shown!r}")
                if any(tag in inner for tag in ("<img", "<script", "<h1", "<blockquote", "<code", "<ol", "<table",
                                                "class=\"katex")):
                    problems.append(f"{kind} {text!r}: rendered as HTML {inner[inner.find('stMarkdown'):][:300]!r}")
                hidden = box.evaluate(HIDDEN_TARGETS)
                if hidden:
                    problems.append(f"{kind} {text!r}: rendered as a link that hides its target {hidden}")
        evil = page.locator("img[src='x'], img[src*='evil.example']").count()
        assert not problems, "\n".join(problems)
        assert not evil and not watch.outside and not watch.dialogs
    finally:
        context.close()
        server.stop()
