"""The one-page PDF factsheet: one page, the card's sections and the year's figures as text in
both languages, the embedded font; the content files; the `export factsheet` command.

Text and fonts are read with poppler's pdftotext and pdffonts when they are installed
(Debian: poppler-utils); those checks are skipped, with a message, where they are not."""
import re
import shutil
import subprocess
import tomllib
from datetime import date

import pytest

from popdash import cli
from popdash.data import db
from popdash.data.named_queries import runner
from popdash.exports.factsheet import CONTENT_DIR, FONT_DIR, build_factsheet, fill_in, load_content
from popdash.views import story
from conftest import write_dataset
from test_story import small_network_frames

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed: "
                                                       "PDF text and font checks skipped")


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text in reading order, whitespace (line wraps included) reduced to single spaces."""
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


@pytest.fixture(scope="module")
def sample_factsheets(sample_frames, tmp_path_factory):
    """The 2025 network factsheet of the sample data in both languages, built once."""
    root = tmp_path_factory.mktemp("sample")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        write_dataset(root, sample_frames, sample=True, version="sample")
        sheets = {lang: build_factsheet(2025, lang, runner(), generated=date(2026, 1, 15)) for lang in ("sq", "en")}
    db.clear_cache()
    return sheets


def test_factsheet_is_one_pdf_page(sample_factsheets):
    for data in sample_factsheets.values():
        assert data.startswith(b"%PDF") and pages(data) == 1


@needs_poppler
def test_albanian_factsheet_has_the_card_and_the_year_figures(sample_factsheets, tmp_path):
    text = pdf_text(sample_factsheets["sq"], tmp_path)
    for heading in ("QËLLIMI", "SHTRIRJA", "AKTIVITETET KRYESORE", "REZULTATET KRYESORE", "GRUPET PËRFITUESE",
                    "SFIDAT", "METODOLOGJIA", "IMPAKTI", "PARTNERITETET", "MËSIMET KRYESORE", "BURIMET KRYESORE",
                    "TË DHËNA KYÇE 2025"):
        assert heading in text
    assert "RRJETI POP – PËRFSHIRJA QYTETARE" in text
    assert "10 bashki në Shqipëri" in text  # the scope is filled in from the data
    for figure in ("120", "2.984", "129.466", "Pjesëmarrës unikë", "Persona të arritur"):
        assert figure in text
    assert "TË DHËNA SHEMBULL" in text
    assert "Korçë" in text and "Vau i Dejës" in text  # the map's labels
    assert "15.01.2026" in text


@needs_poppler
def test_english_factsheet_uses_english_numbers(sample_factsheets, tmp_path):
    text = pdf_text(sample_factsheets["en"], tmp_path)
    for figure in ("KEY DATA 2025", "PURPOSE", "KEY LESSONS", "2,984", "129,466", "Unique participants",
                   "SAMPLE DATA", "10 municipalities in Albania"):
        assert figure in text


@needs_poppler
def test_the_font_is_embedded(sample_factsheets, tmp_path):
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(sample_factsheets["sq"])
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts and all("SourceSans3" in row[0] for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)  # emb column


def test_font_files_and_licence_ship_with_the_package():
    assert (FONT_DIR / "SourceSans3-Regular.ttf").stat().st_size > 100_000
    assert (FONT_DIR / "SourceSans3-Bold.ttf").stat().st_size > 100_000
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_content_files_have_the_same_sections_in_both_languages():
    sq, en = load_content("sq"), load_content("en")
    assert [s["key"] for s in sq["sections"]] == [s["key"] for s in en["sections"]]
    assert len(sq["sections"]) == 11
    for content in (sq, en):
        for section in content["sections"]:
            assert section["heading"] and ("text" in section) != ("bullets" in section)
            for text in [section.get("text", "")] + section.get("bullets", []):
                assert set(re.findall(r"\{(\w+)\}", text)) <= {"municipalities", "year"}
    raw = (CONTENT_DIR / "factsheet_sq.toml").read_text(encoding="utf-8")
    assert tomllib.loads(raw)["title"].startswith("RRJETI POP")


def test_fill_in_replaces_only_the_documented_placeholders():
    assert fill_in("{municipalities} bashki {year} {other}", {"municipalities": "10", "year": 2025}) == \
        "10 bashki 2025 {other}"


@needs_poppler
def test_a_municipality_factsheet_from_hand_counted_data(data_root, tmp_path):
    write_dataset(data_root, small_network_frames())
    told = story.build_story(db.run, 2025, "sq", "TIR")
    text = pdf_text(build_factsheet(2025, "sq", runner(), story=told), tmp_path)
    assert "Fushëveprimi: Tiranë" in text
    assert "2 bashki në Shqipëri" in text  # the programme's scope, not the municipality's
    assert "75" in text and "+50 pikë nga 2024" in text
    assert "Premtime të adresuara (1 nga 2)" in text  # Tiranë: T-P1 full, T-P2 none


def test_export_factsheet_command(sample_root, tmp_path, capsys):
    output = tmp_path / "factsheet.pdf"
    assert cli.main(["export", "factsheet", "--year", "2025", "--lang", "en", "-o", str(output)]) == 0
    assert pages(output.read_bytes()) == 1
    assert "factsheet for network, 2025, en" in capsys.readouterr().out
    assert cli.main(["export", "factsheet", "--year", "1999", "-o", str(output)]) == 1
