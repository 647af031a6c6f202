"""Hostile input: text from data files and values from URLs are shown as text, never rendered
as markdown or HTML; downloads neutralise cells a spreadsheet would run as formulas; unknown
URL values fall back to the defaults and the page says so."""
from __future__ import annotations

import csv
import gc
import io
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest

from browser_support import (FOCUS_MUNICIPALITY, HOSTILE_FORMULA, HOSTILE_HTML, HOSTILE_IMAGE, HOSTILE_LINK,
                             HOSTILE_TEXTS, LANGS, UNESCAPED, captured_media, displayed, markdown_strings,
                             page_specs, run_app_page, walk, with_hostile_text)
from conftest import write_dataset
from popdash import db, exports
from popdash.filters import parse_filters, to_params

PAGES = page_specs()
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory, sample_frames):
    """The sample data with hostile text in every free-text column (counts unchanged)."""
    root = tmp_path_factory.mktemp("hostile-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        write_dataset(root, with_hostile_text(sample_frames), sample=True, version="hostile")
        yield root
    db.clear_cache()


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
    assert HOSTILE_HTML in set(hostile["events"].title) | set(hostile["reports"].title)
    assert HOSTILE_LINK in set(hostile["priorities"].text_sq) or HOSTILE_IMAGE in set(hostile["priorities"].text_sq)
    assert {HOSTILE_LINK, HOSTILE_IMAGE} <= set(hostile["priorities"].text_sq) | set(hostile["recommendations"].text_sq)


def test_the_detector_finds_unescaped_text_and_accepts_escaped_text():
    """The check below is only as good as its detector: prove it on a small script."""
    from streamlit.testing.v1 import AppTest

    script = f"""
import streamlit as st
from popdash.safe_text import escape_markdown
texts = {list(HOSTILE_TEXTS)!r}
for text in texts:
    st.markdown("- " + escape_markdown(text))
    st.caption(escape_markdown(text))
    st.dataframe({{"title": [text]}})
st.selectbox("x", texts, key="pick")
st.radio("y", [escape_markdown(t) for t in texts], key="choose")
if st.session_state.get("bad"):
    st.info("Raporti: " + texts[{{"html": 0, "link": 1, "image": 2}}[st.session_state.bad]])
"""
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception and not unsafe_markdown(at)
    for kind in ("html", "link", "image"):
        at.session_state["bad"] = kind
        assert len(unsafe_markdown(at.run())) == 1, kind


@pytest.mark.parametrize("scope", ["network", FOCUS_MUNICIPALITY])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_data_text_is_never_rendered_as_markdown(hostile_root, spec, lang, scope):
    at = run_app_page(spec.path, lang, **({} if scope == "network" else {"municipality": scope}))
    assert not at.exception, [e.value for e in at.exception]
    unsafe = unsafe_markdown(at)
    assert not unsafe, f"{spec.path} ({lang}, {scope}) passes data text to markdown unescaped " \
                       f"(use popdash.safe_text.escape_markdown):\n" + "\n".join(unsafe[:10])


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
    return [repr(cell) for row in csv.reader(io.StringIO(text)) for cell in row if risky(cell)]


def risky(cell: str) -> bool:
    if not cell.startswith(FORMULA_STARTS):
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
    rows = list(csv.reader(io.StringIO(exports.to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[0] == ["title", "change"]
    assert [r[0] for r in rows[1:]] == ["'" + HOSTILE_FORMULA, "'+1 call", "'-x", "'@SUM(A1)", "'\tTAB", "plain"]
    assert [r[1] for r in rows[1:]] == ["-3", "2", "0", "-1", "5", "7"]
    assert exports.to_csv_bytes(frame).startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel reads ë and ç"


def test_excel_export_holds_text_not_formulas():
    frame = pd.DataFrame({"title": list(HOSTILE_TEXTS), "n": [1, -2, 3, 4]})
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes({"data": frame})))
    cells = [c for row in book["data"].iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert book["data"]["A2"].value == HOSTILE_HTML
    assert [book["data"][f"A{i}"].value for i in (2, 3, 4, 5)] == list(HOSTILE_TEXTS[:3]) + ["'" + HOSTILE_FORMULA]
    assert [book["data"][f"B{i}"].value for i in (2, 3, 4, 5)] == [1, -2, 3, 4]


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
            expected[column] = expected[column].map(exports.neutralise)
    assert exports.safe_frame(frame).to_csv() == expected.to_csv()
    assert exports.safe_frame(frame).objects.tolist()[:2] == ["'=1+1", 7]
    assert frame.text.iloc[0] == HOSTILE_FORMULA, "the frame given is left as it was"


def test_csv_downloads_are_built_on_click_but_personal_columns_fail_when_drawn():
    from streamlit.testing.v1 import AppTest

    script = """
import pandas as pd
import streamlit as st
from popdash.i18n import Translator
from popdash.ui import Context, download_csv
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
        exports.to_excel_bytes({"x": frame})
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
        exports.to_csv_bytes(frame)
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
    assert not unsafe, "URL values reach markdown unescaped (popdash.ui.show_notices):\n" + "\n".join(unsafe)
