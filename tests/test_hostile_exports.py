"""Every file the app gives away, built from data full of hostile text (the HOSTILE_* strings of
browser_support, planted by with_hostile_text), is intact and holds that text literally: the
PowerPoint deck opens again and shows it, the PDF factsheet stays one page with its font
embedded and nothing off the page, workbooks and CSV files hold text and never a live formula,
and the IATI file parses with the text as written.

What "literally" allows, everywhere: characters XML 1.0 cannot hold (C0 controls other than
tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD, the replacement character
(popdash.i18n.safe_text.xml_safe); a slide shows a value on one line, as the Forum page does; a cell
that a spreadsheet would run gets an apostrophe in front; an XML parser reads a carriage
return as a line feed (XML's own end-of-line rule)."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from datetime import date

import openpyxl
import pytest
from lxml import etree
from pptx import Presentation

from browser_support import (FOCUS_MUNICIPALITY, HOSTILE_BIDI, HOSTILE_BIDI_CONTROLS, HOSTILE_CONTROL,
                             HOSTILE_CONTROLS, HOSTILE_FIELDS, HOSTILE_FORMULA, HOSTILE_HANDLER, HOSTILE_HTML,
                             HOSTILE_IMAGE, HOSTILE_LINK, HOSTILE_LONG_TEXT, HOSTILE_LONG_WORD, HOSTILE_SCRIPT,
                             HOSTILE_TEXTS, HOSTILE_ZERO_WIDTH, with_hostile_text)
from conftest import current_dataset
from popdash.data import db
from popdash.data.named_queries import runner
from popdash.exports import factsheet, full_dataset, iati
from popdash.exports.slides import build_deck
from popdash.views import results_framework
from popdash.views.story import Chart, Figure, Series, Slide, Story, build_story

YEAR = 2025
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed: "
                                                       "PDF text, position and font checks skipped")
ALL_HOSTILE = HOSTILE_TEXTS + HOSTILE_CONTROLS
# A value with every kind of line break, and control characters XML forbids, for the deck.
MULTILINE = "rreshti një\r\nrreshti dy\nrreshti tre\rfund\x0bvt\x0cff"


@pytest.fixture(scope="module")
def hostile_frames(sample_frames):
    return with_hostile_text(sample_frames)


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory, hostile_frames):
    """The sample data with hostile text in every free-text column, current for this module."""
    root = tmp_path_factory.mktemp("hostile-exports")
    with current_dataset(root, hostile_frames, version="hostile-exports"):
        yield root


# --- what a file may hold for a piece of data text (written here, not taken from popdash) ------

def xml_forbidden(character: str) -> bool:
    code = ord(character)
    return (code < 0x20 and character not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)


def as_exported(text: str) -> str:
    return "".join("\ufffd" if xml_forbidden(c) else c for c in text)


def on_one_line(text: str) -> str:
    return " ".join(as_exported(text).split())


def in_xml(text: str) -> str:
    return as_exported(text).replace("\r\n", "\n").replace("\r", "\n")


INVISIBLE = " \n\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def as_cell(text: str) -> str:
    """A spreadsheet cell: as exported, with an apostrophe if a spreadsheet would run it."""
    text = as_exported(text)
    runs = text.startswith(("\t", "\r")) or text.lstrip(INVISIBLE).startswith(("=", "+", "-", "@"))
    return "'" + text if runs else text


def test_the_expectations_are_not_the_identity():
    """The helpers above do something to the strings they must (or the checks prove nothing)."""
    assert as_exported(HOSTILE_CONTROL) == "Zile\ufffd \ufffd[31mkuq\ufffd[0m"
    assert on_one_line(MULTILINE) == "rreshti një rreshti dy rreshti tre fund\ufffdvt\ufffdff"
    assert as_cell(HOSTILE_FORMULA) == "'" + HOSTILE_FORMULA and as_cell("\u200b=1") == "'\u200b=1"
    assert as_cell(HOSTILE_HTML) == HOSTILE_HTML and in_xml("a\r\nb\rc") == "a\nb\nc"


# --- PowerPoint ----------------------------------------------------------------------------------

def deck_paragraphs(data: bytes) -> list[list[str]]:
    """Per slide, the text of every paragraph of its shapes and its speaker notes, as python-pptx
    reads the file back (so every slide's XML parses)."""
    deck = Presentation(io.BytesIO(data))
    slides = []
    for slide in deck.slides:
        paragraphs = [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]
        paragraphs += [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
        slides.append(paragraphs)
    return slides


def hostile_story() -> Story:
    """A story whose every text is hostile: scope, titles, bullets, figures, chart, notes."""
    bullets = tuple(ALL_HOSTILE) + (MULTILINE,)
    cover = Slide("cover", HOSTILE_BIDI, HOSTILE_HTML, bullets=bullets, notes=HOSTILE_CONTROL)
    chart = Chart(HOSTILE_SCRIPT, ("2024", "2025"), (Series("n", HOSTILE_LINK, (1.0, 2.0), "#0072B2"),))
    figures = (Figure("a", HOSTILE_HANDLER, 1, HOSTILE_FORMULA, HOSTILE_ZERO_WIDTH),
               Figure("b", HOSTILE_LONG_WORD, 2, "2"))
    content = Slide("promises", HOSTILE_LONG_TEXT[:300], figures=figures, bullets=bullets, chart=chart,
                    notes=MULTILINE)
    return Story("sq", YEAR, None, HOSTILE_IMAGE, (), (cover, content), {}, sample=True)


def test_a_deck_of_hostile_text_opens_and_shows_it_literally():
    told = hostile_story()
    cover, content = deck_paragraphs(build_deck(told, "sq"))
    for bullet in told.slides[0].bullets:
        assert on_one_line(bullet) in cover, bullet[:60]
        assert "• " + on_one_line(bullet) in content, bullet[:60]
    assert {on_one_line(HOSTILE_BIDI), HOSTILE_HTML} <= set(cover)
    assert {on_one_line(HOSTILE_LONG_TEXT[:300]), HOSTILE_SCRIPT, HOSTILE_HANDLER, HOSTILE_LONG_WORD} <= set(content)
    assert HOSTILE_FORMULA + "  " + HOSTILE_ZERO_WIDTH in content  # the figure and its note
    assert as_exported(HOSTILE_CONTROL) in cover, "notes keep their text, control characters replaced"
    assert content[-4:] == ["rreshti një", "rreshti dy", "rreshti tre", "fund\ufffdvt\ufffdff"], "notes by line"
    text = "\n".join(cover + content)
    assert not re.search(r"_x[0-9A-F]{4}_", text), "no control character written as python-pptx's _xHHHH_ escape"


@pytest.mark.parametrize("lang, municipality", [("sq", None), ("sq", FOCUS_MUNICIPALITY), ("en", FOCUS_MUNICIPALITY)])
def test_the_deck_of_the_hostile_data_shows_its_texts_literally(hostile_root, lang, municipality):
    told = build_story(db.run, YEAR, lang, municipality, sample=True)
    slides = deck_paragraphs(build_deck(told, lang))
    assert len(slides) == len(told.slides)
    quoted = []
    for slide, paragraphs in zip(told.slides, slides):
        shown = "\n".join(paragraphs)
        assert on_one_line(slide.title) in shown
        for bullet in slide.bullets:
            assert on_one_line(bullet) in shown, (slide.key, bullet[:80])
            quoted += [text for text in ALL_HOSTILE if text in bullet]
    if municipality:  # its partner's name is hostile (the network's story may quote none)
        assert quoted, "the story quotes some of the planted text (else this test proves nothing)"


# --- PDF factsheet -------------------------------------------------------------------------------

def pdf_words(data: bytes, tmp_path) -> tuple[float, float, list[tuple[float, float, float, float, str]]]:
    """Page size and every word with its box, from pdftotext -bbox (points, origin top left)."""
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html).groups())
    words = [(*map(float, m.groups()[:4]), m.group(5)) for m in re.finditer(
        r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>', html)]
    return width, height, words


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text on one line, without invisible format characters (the font has no glyph
    for a bidi control; the PDF draws text in the order it was written)."""
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return visible(" ".join(text.split()))


def visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))


def embedded_fonts(data: bytes, tmp_path) -> list[bool]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-5] == "yes" for line in listing.splitlines()[2:] if line.strip()]


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def off_the_page(data: bytes, tmp_path) -> list:
    width, height, words = pdf_words(data, tmp_path)
    return [w for w in words if w[0] < 0 or w[1] < 0 or w[2] > width + 0.5 or w[3] > height + 0.5]


@needs_poppler
@pytest.mark.parametrize("lang, municipality", [("sq", None), ("en", FOCUS_MUNICIPALITY)])
def test_the_factsheet_of_the_hostile_data_is_one_page_with_its_figures(hostile_root, tmp_path, lang, municipality):
    data = factsheet.build_factsheet(YEAR, lang, runner(), municipality=municipality, generated=date(2026, 1, 15))
    assert data.startswith(b"%PDF") and pages(data) == 1
    fonts = embedded_fonts(data, tmp_path)
    assert fonts and all(fonts), "every font embedded"
    assert not off_the_page(data, tmp_path)
    text = pdf_text(data, tmp_path)
    if municipality is None:  # the network's key figures: planting text changed no count
        assert {"120", "2.984", "129.466"} <= set(text.split())
    assert "evil.example" not in text and "<img" not in text, "the card prints no data text"


def hostile_content(original):
    """factsheet.load_content with hostile text in every part a person edits."""
    def load(lang: str) -> dict:
        content = original(lang)
        content["title"] = f"{content['title']} {HOSTILE_BIDI} {HOSTILE_LONG_WORD}"
        content["supporter"] = f"{HOSTILE_HANDLER} {HOSTILE_CONTROL}"
        content["label"] = HOSTILE_LONG_TEXT
        sections = content["sections"]
        sections[0]["text"] = f"{HOSTILE_SCRIPT} {HOSTILE_ZERO_WIDTH} {HOSTILE_LONG_TEXT}"
        sections[1]["heading"] = HOSTILE_LONG_WORD
        sections[2].pop("text", None)
        sections[2]["bullets"] = [HOSTILE_HTML, HOSTILE_LINK, HOSTILE_FORMULA, HOSTILE_BIDI_CONTROLS, HOSTILE_LONG_WORD]
        return content
    return load


@needs_poppler
def test_a_factsheet_of_hostile_text_stays_on_its_one_page(hostile_root, tmp_path, monkeypatch):
    """The card prints no data text; its narrative is edited by people. Very long words and
    prose, bidi overrides, zero-width and control characters there: the PDF is still built,
    one page, font embedded, every word on the page, the short strings printed as typed."""
    monkeypatch.setattr(factsheet, "load_content", hostile_content(factsheet.load_content))
    data = factsheet.build_factsheet(YEAR, "en", runner(), generated=date(2026, 1, 15))
    assert data.startswith(b"%PDF") and pages(data) == 1
    fonts = embedded_fonts(data, tmp_path)
    assert fonts and all(fonts)
    assert not off_the_page(data, tmp_path)[:5]
    text = pdf_text(data, tmp_path)
    for typed in (HOSTILE_HTML, HOSTILE_LINK, HOSTILE_FORMULA, HOSTILE_SCRIPT, HOSTILE_HANDLER, HOSTILE_BIDI,
                  HOSTILE_ZERO_WIDTH, "• " + HOSTILE_BIDI_CONTROLS):
        assert visible(typed) in text, typed
    assert "…" in text, "a line too long for its place is cut with an ellipsis"
    assert "2,984" in text and "KEY DATA 2025" in text, "the figures are still there"


# --- spreadsheets: the Data page's full download ---------------------------------------------------

def planted(frames, table: str, column: str) -> Counter:
    return Counter(as_cell(v) for v in frames[table][column].dropna())


def test_the_csv_download_holds_every_row_and_no_live_formula(hostile_root, hostile_frames):
    with zipfile.ZipFile(io.BytesIO(full_dataset.csv_zip(runner()))) as archive:
        for table, columns in HOSTILE_FIELDS.items():
            text = archive.read(f"{table}.csv").decode("utf-8-sig")
            header, *rows = list(csv.reader(io.StringIO(text, newline="")))
            assert len(rows) == len(hostile_frames[table]), f"{table}: a line break in a cell ended its row"
            for column in columns:
                cells = Counter(row[header.index(column)] for row in rows if row[header.index(column)])
                assert cells == planted(hostile_frames, table, column), (table, column)


def test_the_excel_download_holds_text_not_formulas(hostile_root, hostile_frames):
    book = openpyxl.load_workbook(io.BytesIO(full_dataset.excel(runner())))
    for table, columns in HOSTILE_FIELDS.items():
        sheet = book[table[:31]]
        header = [c.value for c in sheet[1]]
        assert sheet.max_row - 1 == len(hostile_frames[table])
        for column in columns:
            cells = list(sheet.iter_cols(min_col=header.index(column) + 1, max_col=header.index(column) + 1,
                                         min_row=2))[0]
            assert {c.data_type for c in cells} <= {"s", "inlineStr", "n"}, (table, column)  # "n": empty
            assert Counter(c.value for c in cells if c.value is not None) == planted(hostile_frames, table, column)
    formulas = [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row
                if c.data_type == "f"]
    assert not formulas


# --- IATI ----------------------------------------------------------------------------------------------

def test_the_iati_file_of_the_hostile_data_parses_with_the_text_as_written(hostile_root, hostile_frames):
    xml = iati.build_iati_xml(runner(), None, "sq")
    parser = etree.XMLParser(recover=False, no_network=True, resolve_entities=False)
    root = etree.fromstring(xml, parser)
    narratives = [n.text or "" for n in root.iter("narrative")]
    joined = "\n".join(narratives)
    # The outcomes journal (each outcome's comment) and the partners (one organisation per
    # English name) of every municipality the file covers, hostile where planted.
    expected = []
    outcomes = hostile_frames["outcomes"]
    for column in ("actor_sq", "actor_en", "change_sq", "change_en", "contribution_sq", "contribution_en"):
        expected += [v for v in outcomes[column].dropna() if v in ALL_HOSTILE]
    covered = set().union(*results_framework.members_by_year(runner()).values())
    places = db.run("municipalities")  # each municipality's current partner
    expected += [v for code, v in zip(places.municipality_code, places.partner_en) if code in covered]
    assert len(set(expected) & set(ALL_HOSTILE)) >= 5, "planted text goes into the file"
    missing = [v[:60] for v in expected if in_xml(v) not in joined]
    assert not missing, f"not in the file as written: {missing}"
    assert not list(root.iter("img", "script", "b")), "markup in the data stays text"
    assert iati.validate(xml, iati.schema_path()) == []  # the vendored IATI 2.03 schema


def test_control_characters_in_the_data_leave_the_iati_file_readable(hostile_root, monkeypatch):
    """ElementTree writes a control character as it is, and then no parser reads the file."""
    original = iati.journal.outcomes_for
    dirty = f"{HOSTILE_CONTROL} nul\x00 \ufffe {HOSTILE_SCRIPT}"

    def outcomes_with_control_characters(*args, **kwargs):
        return original(*args, **kwargs).assign(change_sq=dirty, actor_en=dirty)

    monkeypatch.setattr(iati.journal, "outcomes_for", outcomes_with_control_characters)
    xml = iati.build_iati_xml(runner(), None, "en")
    root = etree.fromstring(xml, etree.XMLParser(recover=False, no_network=True, resolve_entities=False))
    comments = [n.text for n in root.iter("narrative") if n.getparent().tag == "comment"]
    assert sum(as_exported(dirty) in text for text in comments) >= 2 * len(original(run=runner())), "sq and en, every outcome"


def test_attributes_with_control_characters_are_made_readable_too():
    import xml.etree.ElementTree as ET

    root = ET.Element("iati-activities")
    narrative = ET.SubElement(root, "narrative", {"ref": HOSTILE_CONTROL})
    narrative.text = HOSTILE_CONTROL + " \ufffe " + HOSTILE_SCRIPT
    iati.scrub(root)
    parsed = etree.fromstring(ET.tostring(root, encoding="utf-8"))
    assert parsed[0].text == as_exported(HOSTILE_CONTROL + " \ufffe " + HOSTILE_SCRIPT)
    assert parsed[0].get("ref") == as_exported(HOSTILE_CONTROL)
