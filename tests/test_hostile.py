"""Hostile input: text from data files and values from URLs are shown as text, never rendered
as markdown or HTML; downloads neutralise cells a spreadsheet would run as formulas; unknown
URL values fall back to the defaults and the page says so. The hostile strings are in
browser_support (HOSTILE_*); the deck, factsheet, workbook and IATI file built from the same
hostile data are checked in test_hostile_exports.py."""
from __future__ import annotations

import csv
import gc
import io
import re
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest

from browser_support import (FOCUS_MUNICIPALITY, HOSTILE_AT, HOSTILE_BIDI, HOSTILE_CONTROL, HOSTILE_CONTROLS,
                             HOSTILE_CR_FORMULA, HOSTILE_FIELDS, HOSTILE_FORMULA, HOSTILE_HANDLER,
                             HOSTILE_HIDDEN_FORMULA, HOSTILE_HTML, HOSTILE_IMAGE, HOSTILE_JAVASCRIPT, HOSTILE_LINK,
                             HOSTILE_MINUS, HOSTILE_PLUS, HOSTILE_SCRIPT, HOSTILE_TAB_FORMULA, HOSTILE_TEXTS, LANGS,
                             UNESCAPED, captured_media, displayed, markdown_strings, page_specs, run_app_page, walk,
                             with_hostile_text)
from conftest import current_dataset
from popdash.app.filters import parse_filters, to_params
from popdash.exports import spreadsheets
from popdash.ingest.validation import text_limit

PAGES = page_specs()
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory, sample_frames):
    """The sample data with hostile text in every free-text column (counts unchanged)."""
    root = tmp_path_factory.mktemp("hostile-data")
    with current_dataset(root, with_hostile_text(sample_frames), version="hostile"):
        yield root


def unsafe_markdown(at) -> list[str]:
    """Markdown-rendered strings (markdown, captions, alerts, metrics, labels, help) that carry
    hostile text unescaped, as 'element.field: text'."""
    found = []
    for node in walk(at._tree):
        for name, text in markdown_strings(node):
            if UNESCAPED.search(text):
                found.append(f"{getattr(node, 'type', '?')}.{name}: {text[:160]!r}")
    return found


# --- data text ------------------------------------------------------------------------------

def test_the_fixture_plants_hostile_text_without_changing_counts(sample_frames):
    hostile = with_hostile_text(sample_frames)
    for table, frame in hostile.items():
        assert len(frame) == len(sample_frames[table])
        unchanged = [c for c in sample_frames[table].columns if c not in HOSTILE_FIELDS.get(table, ())]
        pd.testing.assert_frame_equal(frame[unchanged], sample_frames[table][unchanged])
    assert HOSTILE_HTML in set(hostile["events"].title) | set(hostile["reports"].title)
    assert HOSTILE_LINK in set(hostile["priorities"].text_sq) or HOSTILE_IMAGE in set(hostile["priorities"].text_sq)
    assert {HOSTILE_LINK, HOSTILE_IMAGE} <= set(hostile["priorities"].text_sq) | set(hostile["recommendations"].text_sq)
    # Every hostile string is planted, whole in a long-text column, within every column's import limit.
    planted = {v for table, columns in HOSTILE_FIELDS.items() for c in columns for v in hostile[table][c].dropna()}
    assert set(HOSTILE_TEXTS + HOSTILE_CONTROLS) <= planted
    for table, columns in HOSTILE_FIELDS.items():
        for column in columns:
            longest = hostile[table][column].dropna().str.len().max()
            assert longest <= text_limit(column), (table, column, longest)


def test_the_hostile_strings_are_the_kinds_asked_for():
    """Script tags, event handlers, markdown links and images, formula prefixes, bidi controls,
    zero-width characters and strings longer than a page."""
    texts = HOSTILE_TEXTS + HOSTILE_CONTROLS
    assert HOSTILE_SCRIPT.startswith("<script>") and " onmouseover=" in HOSTILE_HANDLER
    assert {t[0] for t in texts} >= {"=", "+", "-", "@", "\t", "\r"}
    assert {"\u202e", "\u202d", "\u202b", "\u2067", "\u2069", "\u200f", "\u061c"} <= set("".join(texts))
    assert {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"} <= set("".join(texts))
    longest = [t for t in texts if len(t) >= 5_000]
    assert any(" " not in t for t in longest) and any(t.count(" ") > 500 for t in longest)


def test_the_detector_finds_unescaped_text_and_accepts_escaped_text():
    """The check below is only as good as its detector: prove it on a small script."""
    from streamlit.testing.v1 import AppTest

    script = f"""
import streamlit as st
from popdash.i18n.safe_text import escape_markdown
texts = {list(HOSTILE_TEXTS)!r}
for text in texts:
    st.markdown("- " + escape_markdown(text))
    st.caption(escape_markdown(text))
    st.dataframe({{"title": [text]}})
st.selectbox("x", texts, key="pick")
st.radio("y", [escape_markdown(t) for t in texts], key="choose")
if st.session_state.get("bad") is not None:
    st.info("Raporti: " + texts[st.session_state.bad])
"""
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception and not unsafe_markdown(at)
    for text in (HOSTILE_HTML, HOSTILE_LINK, HOSTILE_IMAGE, HOSTILE_SCRIPT, HOSTILE_HANDLER, HOSTILE_JAVASCRIPT):
        at.session_state["bad"] = HOSTILE_TEXTS.index(text)
        assert len(unsafe_markdown(at.run())) == 1, text


# Hostile URL values that leave the view as asked: an unknown language gives Albanian (the sq
# runs), an unknown year the latest (the network runs), an unknown code next to a known one
# is dropped (the single-municipality runs). So every page is also checked with hostile URL
# values without a page run more.
URL_LANG = HOSTILE_SCRIPT
URL_YEAR = HOSTILE_HTML + " " + HOSTILE_BIDI
URL_MUNICIPALITY = HOSTILE_IMAGE  # no comma: the parameter is a comma-separated list


def hostile_url(lang: str, scope: str) -> tuple[str, dict, list[str]]:
    """The lang parameter, the other parameters, and the 'key=value' the warning must show
    (codes are read in upper case, languages in lower case)."""
    params = {"year": URL_YEAR} if scope == "network" else {"municipality": f"{scope},{URL_MUNICIPALITY}"}
    shown = [f"year={URL_YEAR}"] if scope == "network" else [f"municipality={URL_MUNICIPALITY.upper()}"]
    if lang == "sq":
        return URL_LANG, params, shown + [f"lang={URL_LANG.lower()}"]
    return lang, params, shown


# Link cells and buttons must point to web addresses: anything else in a link column is data
# text offered as a link (a script URL, or a note that opens as a relative address).
WEB_ADDRESS = ("http://", "https://", "mailto:")


def link_problems(at) -> list[str]:
    """Values of link columns (st.column_config.LinkColumn) and link buttons that are not web
    addresses."""
    import json

    found = []
    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        if kind == "link_button" and not node.proto.url.startswith(WEB_ADDRESS):
            found.append(f"link button {node.proto.label!r} -> {node.proto.url[:80]!r}")
        if kind not in ("arrow_data_frame", "dataframe") or not node.proto.columns:
            continue
        config = json.loads(node.proto.columns)
        frame = node.value
        for column, settings in config.items():
            name = column.removeprefix("col:")
            if (settings.get("type_config") or {}).get("type") != "link" or name not in frame.columns:
                continue
            bad = [v for v in frame[name].dropna() if not str(v).startswith(WEB_ADDRESS)]
            found += [f"link column {name!r}: {str(v)[:80]!r}" for v in bad[:3]]
    return found


@pytest.mark.parametrize("scope", ["network", FOCUS_MUNICIPALITY])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_data_text_and_url_values_are_never_rendered_as_markdown(hostile_root, spec, lang, scope):
    url_lang, params, shown = hostile_url(lang, scope)
    at = run_app_page(spec.path, url_lang, **params)
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio(key="lang").value == lang, "an unknown language falls back to Albanian"
    assert at.sidebar.multiselect(key="municipality").value == ([] if scope == "network" else [scope])
    unsafe = unsafe_markdown(at)
    assert not unsafe, f"{spec.path} ({lang}, {scope}) passes data text or URL values to markdown unescaped " \
                       f"(use popdash.i18n.safe_text.escape_markdown):\n" + "\n".join(unsafe[:10])
    warning = warnings_text(at)
    missing = [value for value in shown if value not in warning]
    assert not missing, f"{spec.path}: the ignored URL values are not shown as typed: {missing} in {warning[:300]!r}"
    links = link_problems(at)
    assert not links, f"{spec.path} ({lang}, {scope}) offers data text as links:\n" + "\n".join(links[:10])


# --- downloads ------------------------------------------------------------------------------

def formula_cells(payload: bytes) -> list[str]:
    """Cells of a CSV or Excel download that a spreadsheet would run as a formula."""
    if payload[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return []  # a deck or a document: no cells to run
        book = openpyxl.load_workbook(io.BytesIO(payload))
        return [f"{sheet.title}!{cell.coordinate}={cell.value!r}" for sheet in book.worksheets
                for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f" or (isinstance(cell.value, str) and risky(cell.value))]
    if payload[:5] == b"%PDF-":
        return []
    text = payload.decode("utf-8-sig", errors="replace")
    return [repr(cell) for row in csv.reader(io.StringIO(text, newline="")) for cell in row if risky(cell)]


# Spaces, zero-width and bidi characters do not hide a formula (a program that trims them runs it).
INVISIBLE = " \n\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def risky(cell: str) -> bool:
    if cell.startswith(("\t", "\r")):
        return True
    if not cell.lstrip(INVISIBLE).startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)  # a negative number is a number, not a formula
        return False
    except ValueError:
        return True


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_page_downloads_neutralise_formulas(hostile_root, spec):
    with captured_media() as media:
        at = run_app_page(spec.path, "sq")
    assert not at.exception, [e.value for e in at.exception]
    problems = []
    for button in at.download_button:
        payload = media.payload(button)
        if payload is None:
            problems.append(f"{button.label!r}: its data could not be read")
            continue
        cells = formula_cells(payload)
        if cells:
            problems.append(f"{button.label!r}: {cells[:5]}")
    assert not problems, f"{spec.path} downloads cells a spreadsheet would run:\n" + "\n".join(problems)


def test_csv_export_neutralises_formulas_and_keeps_numbers():
    frame = pd.DataFrame({"title": [HOSTILE_FORMULA, "+1 call", "-x", "@SUM(A1)", "\tTAB", "plain"],
                          "change": [-3, 2, 0, -1, 5, 7]})
    rows = list(csv.reader(io.StringIO(spreadsheets.to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[0] == ["title", "change"]
    assert [r[0] for r in rows[1:]] == ["'" + HOSTILE_FORMULA, "'+1 call", "'-x", "'@SUM(A1)", "'\tTAB", "plain"]
    assert [r[1] for r in rows[1:]] == ["-3", "2", "0", "-1", "5", "7"]
    assert spreadsheets.to_csv_bytes(frame).startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads ë and ç"


# Each hostile string as a spreadsheet cell must hold it: formulas (behind invisible characters
# too) get an apostrophe, characters XML forbids become U+FFFD, everything else is kept.
CONTROL = "bell\x07 nul\x00 escape\x1b vt\x0b \ufffe end"
CELL_CASES = [(text, text) for text in HOSTILE_TEXTS if not risky(text)] + [
    (HOSTILE_FORMULA, "'" + HOSTILE_FORMULA), (HOSTILE_PLUS, "'" + HOSTILE_PLUS), (HOSTILE_MINUS, "'" + HOSTILE_MINUS),
    (HOSTILE_AT, "'" + HOSTILE_AT), (HOSTILE_HIDDEN_FORMULA, "'" + HOSTILE_HIDDEN_FORMULA),
    (HOSTILE_TAB_FORMULA, "'" + HOSTILE_TAB_FORMULA), (HOSTILE_CR_FORMULA, "'" + HOSTILE_CR_FORMULA),
    ("\ufeff\u202e@cmd", "'\ufeff\u202e@cmd"), (" =1+1", "' =1+1"), ("line one\n=1+1", "line one\n=1+1"),
    (CONTROL, "bell\ufffd nul\ufffd escape\ufffd vt\ufffd \ufffd end"), ("\x07=1+1", "\ufffd=1+1"),
    (HOSTILE_CONTROL, HOSTILE_CONTROL.replace("\x07", "\ufffd").replace("\x1b", "\ufffd")),
]


def test_the_cell_cases_cover_every_hostile_string():
    assert set(HOSTILE_TEXTS + HOSTILE_CONTROLS) <= {text for text, _ in CELL_CASES}


def test_csv_export_holds_every_hostile_string_on_its_own_row():
    """A CR inside a cell must not end the row: Excel would start a new row with "=1+1" as a
    live formula. Every cell holding a line break is quoted."""
    frame = pd.DataFrame({"text": [text for text, _ in CELL_CASES], "n": range(len(CELL_CASES))})
    written = spreadsheets.to_csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert rows == [["text", "n"]] + [[expected, str(n)] for n, (_, expected) in enumerate(CELL_CASES)]
    outside_quotes = re.sub(r'"(?:[^"]|"")*"', '""', written)
    assert outside_quotes.count("\r") == outside_quotes.count("\n") == len(CELL_CASES) + 1, "CRLF ends rows only"


def test_excel_export_holds_text_not_formulas():
    frame = pd.DataFrame({"title": [text for text, _ in CELL_CASES], "n": range(1, len(CELL_CASES) + 1)})
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.to_excel_bytes({"data": frame})))
    cells = [c for row in book["data"].iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert book["data"]["A2"].value == HOSTILE_HTML
    assert [book["data"][f"A{i}"].value for i in range(2, len(CELL_CASES) + 2)] == [e for _, e in CELL_CASES]
    assert [book["data"][f"B{i}"].value for i in range(2, len(CELL_CASES) + 2)] == list(range(1, len(CELL_CASES) + 1))
    assert {c.data_type for c in book["data"]["A"][1:]} == {"s"}


def test_a_negative_number_in_a_numeric_column_stays_a_number():
    frame = pd.DataFrame({"title": [HOSTILE_MINUS], "change": [-3]})
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.to_excel_bytes({"data": frame})))
    assert book["data"]["B2"].value == -3 and book["data"]["B2"].data_type == "n"


def test_csv_neutralising_a_whole_column_matches_the_rule_cell_by_cell():
    """safe_frame works on whole columns; it must change exactly the cells neutralise() would."""
    frame = pd.DataFrame({
        "text": pd.Series([HOSTILE_FORMULA, "plain", None, "-3", "\rCR", "@x"], dtype="str"),
        "objects": pd.Series(["=1+1", 7, None, -4.5, b"=bytes", "+q"], dtype=object),
        "numbers_as_objects": pd.Series([1, -2, 3, 4, 5, 6], dtype=object),
        "dates": pd.Series([date(2025, 1, d) for d in range(1, 7)], dtype=object),
        "category": pd.Categorical(["=a", "b", "=a", "b", "c", "c"]),
        "n": [-1, 2, 3, 4, 5, 6],
    }).set_axis([0, 0, 1, 1, 2, 2])  # repeated labels: cells are changed by position
    expected = frame.copy()
    for column in expected.columns:
        if expected[column].dtype == object or pd.api.types.is_string_dtype(expected[column]):
            expected[column] = expected[column].map(spreadsheets.neutralise)
    assert spreadsheets.safe_frame(frame).to_csv() == expected.to_csv()
    assert spreadsheets.safe_frame(frame).objects.tolist()[:2] == ["'=1+1", 7]
    assert frame.text.iloc[0] == HOSTILE_FORMULA, "the frame given is left as it was"


def test_csv_downloads_are_built_on_click_but_personal_columns_fail_when_drawn():
    from streamlit.testing.v1 import AppTest

    script = """
import pandas as pd
import streamlit as st
from popdash.app.shell import Context, download_csv
from popdash.i18n import Translator
ctx = Context(lang="en", year=2025, chosen=(), municipalities=("TIR",), all_codes=("TIR",), version="v",
              t=Translator("en"), names={"TIR": "Tirana"}, is_sample=False)
download_csv(ctx, pd.DataFrame({"title": ["=1+1", "Korçë"], "n": [1, 2]}), "safe", key="safe")
if st.session_state.get("leak"):
    download_csv(ctx, pd.DataFrame({"participant_code": ["P-0000001"]}), "leak", key="leak")
"""
    with captured_media() as media:
        at = AppTest.from_string(script, default_timeout=30).run()
        assert not at.exception
        button = at.get("download_button")[0]
        assert button.proto.deferred_file_id and not button.proto.url  # nothing built until clicked
        assert media.payload(button).decode("utf-8-sig").splitlines() == ["title,n", "'=1+1,1", "Korçë,2"]
    at.session_state["leak"] = True
    at.run()
    assert at.exception and "personal" in at.exception[0].value


def excel_refusal(frame: pd.DataFrame) -> str:
    """The error to_excel_bytes gives for a frame: the ValueError's message, or what hid it."""
    try:
        spreadsheets.to_excel_bytes({"x": frame})
    except ValueError as error:
        return str(error)
    except Exception as error:  # noqa: BLE001
        # to_excel_bytes refuses inside the open workbook, so openpyxl's own error on closing
        # an empty workbook hides the ValueError; either way nothing is written.
        cause = error.__context__
        return str(cause) if isinstance(cause, ValueError) else f"{type(error).__name__}: {error}"
    return "no error"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_exports_refuse_personal_columns():
    frame = pd.DataFrame({"participant_code": ["P-0000001"], "n": [1]})
    with pytest.raises(ValueError, match="personal"):
        spreadsheets.to_csv_bytes(frame)
    assert "personal" in excel_refusal(frame)
    gc.collect()  # the half-written workbook's zip complains when collected: here, not later


# --- URL parameters -------------------------------------------------------------------------

YEARS = [2023, 2024, 2025]
MEMBERS = {2023: ["TIR", "KAM"], 2024: ["TIR"], 2025: ["TIR", "SHK"]}


@pytest.mark.parametrize("params, expected, problems", [
    ({}, ("sq", 2025, ()), ()),
    ({"lang": "EN ", "year": "2024", "municipality": "tir"}, ("en", 2024, ("TIR",)), ()),
    ({"lang": "de"}, ("sq", 2025, ()), (("lang", "de"),)),
    ({"year": "1999"}, ("sq", 2025, ()), (("year", "1999"),)),
    ({"year": "2025abc"}, ("sq", 2025, ()), (("year", "2025abc"),)),
    ({"year": "2024", "municipality": "KAM"}, ("sq", 2024, ()), (("municipality", "KAM"),)),
    ({"municipality": "SHK,NOPE,SHK"}, ("sq", 2025, ("SHK",)), (("municipality", "NOPE"), ("municipality", "SHK"))),
    ({"municipality": ["TIR", "SHK"]}, ("sq", 2025, ("SHK",)), ()),  # a repeated parameter: the last wins
    ({"lang": HOSTILE_IMAGE, "year": HOSTILE_HTML}, ("sq", 2025, ()),
     (("lang", HOSTILE_IMAGE), ("year", HOSTILE_HTML))),
])
def test_parse_filters_falls_back_and_reports(params, expected, problems):
    filters = parse_filters(params, YEARS, MEMBERS)
    assert (filters.lang, filters.year, filters.municipalities) == expected
    assert filters.problems == problems


def test_to_params_round_trips():
    filters = parse_filters({"lang": "en", "year": "2023", "municipality": "KAM,TIR"}, YEARS, MEMBERS)
    assert to_params(filters) == {"lang": "en", "year": "2023", "municipality": "KAM,TIR"}
    again = parse_filters(to_params(filters), YEARS, MEMBERS)
    assert (again.lang, again.year, again.municipalities, again.problems) == ("en", 2023, ("KAM", "TIR"), ())


def warnings_text(at) -> str:
    """The warnings as a reader sees them (values from the URL are escaped in the source)."""
    return " ".join(displayed(w.value) for w in at.warning)


def metric_values(at) -> list[str]:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("params, shown", [
    ({"lang": "fr"}, "lang=fr"),
    ({"year": "1999"}, "year=1999"),
    ({"municipality": "XYZ"}, "municipality=XYZ"),
    ({"year": "abc", "municipality": "KAM"}, "municipality=KAM"),  # KAM left the programme in 2023
])
def test_unknown_url_values_use_the_defaults_and_say_so(sample_root, params, shown):
    default = next(spec.path for spec in PAGES if spec.default)
    params = dict(params)
    at = run_app_page(default, params.pop("lang", "sq"), **params)
    assert not at.exception
    assert shown in warnings_text(at)
    assert at.sidebar.radio(key="lang").value == "sq"
    assert at.sidebar.selectbox(key="year").value == 2025
    assert at.sidebar.multiselect(key="municipality").value == []
    assert {"120", "2.984", "129.466"} <= set(metric_values(at)), "the default view's key figures"


def test_hostile_url_values_are_shown_as_text(sample_root):
    """A link can carry anything: the warning that names the ignored values must not render it
    (a markdown image there would be fetched from the internet by every browser opening it)."""
    default = next(spec.path for spec in PAGES if spec.default)
    at = run_app_page(default, HOSTILE_IMAGE, year=HOSTILE_HTML, municipality=HOSTILE_LINK)
    assert not at.exception
    assert {"120", "2.984", "129.466"} <= set(metric_values(at)), "defaults are used"
    assert at.warning, "the ignored values are reported"
    unsafe = unsafe_markdown(at)
    assert not unsafe, "URL values reach markdown unescaped (popdash.app.shell.show_notices):\n" + "\n".join(unsafe)
