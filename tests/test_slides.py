"""The PowerPoint deck: opened again with python-pptx, its slides, titles, figures, native
charts and speaker notes checked; and the `export slides` command."""
import io

import pytest
from pptx import Presentation

from popdash import cli
from popdash.data import db
from popdash.exports.slides import build_deck
from popdash.views import story
from conftest import write_dataset
from test_story import small_network_frames


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def open_deck(data: bytes) -> Presentation:
    return Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def sample_story(sample_frames, tmp_path_factory):
    """The 2025 network story of the sample data in both languages, built once for the module."""
    root = tmp_path_factory.mktemp("sample")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        write_dataset(root, sample_frames, sample=True, version="sample")
        stories = {lang: story.build_story(db.run, 2025, lang, sample=True) for lang in ("sq", "en")}
    db.clear_cache()
    return stories


@pytest.fixture(scope="module")
def sample_decks(sample_story):
    return {lang: open_deck(build_deck(told, lang)) for lang, told in sample_story.items()}


def test_deck_has_a_title_slide_and_one_slide_per_message(sample_story, sample_decks):
    told = sample_story["sq"]
    deck = sample_decks["sq"]
    assert len(deck.slides) == len(told.slides) == 6
    cover = texts(deck.slides[0])
    assert "Rrjeti POP" in cover and "Rrjeti: 10 bashki · 2025" in cover
    assert "Me mbështetjen e Olof Palme International Center" in " ".join(cover)
    for page, slide in zip(list(deck.slides)[1:], told.slides[1:]):
        assert slide.title in texts(page)
    assert deck.core_properties.language == "sq"


def test_key_figures_appear_as_text_in_each_language(sample_decks):
    sq = " ".join(t for page in sample_decks["sq"].slides for t in texts(page))
    assert "120" in sq and "2.984" in sq and "129.466" in sq
    en = " ".join(t for page in sample_decks["en"].slides for t in texts(page))
    assert "2,984" in en and "129,466" in en and "What we monitored in 2025" in en


def test_charts_are_native_and_editable(sample_decks):
    deck = sample_decks["en"]
    charts = [shape.chart for page in deck.slides for shape in page.shapes if shape.has_chart]
    assert len(charts) == 5  # every slide but the cover
    assert not [shape for page in deck.slides for shape in page.shapes if shape.shape_type == 13]  # no pictures
    meetings = charts[0]
    assert list(meetings.plots[0].categories) == ["2023", "2024", "2025"]
    assert list(meetings.series[0].values) == [88.0, 102.0, 120.0]
    index = charts[2]
    assert [s.name for s in index.series] == ["Transparency index", "Legal minimum"]
    assert index.value_axis.maximum_scale == 100


def test_speaker_notes_hold_the_definitions(sample_decks):
    deck = sample_decks["sq"]
    notes = [page.notes_slide.notes_text_frame.text for page in deck.slides]
    assert all(notes)
    assert "Pjesëmarrës unikë: persona të ndryshëm" in notes[2]
    assert "Nën 3 mbledhje të vlerësuara" in notes[3]


def test_sample_data_is_labelled_on_every_slide(sample_decks):
    deck = sample_decks["en"]
    for page in list(deck.slides)[1:]:
        assert "SAMPLE DATA" in texts(page)


def test_deck_refuses_another_language_than_the_story(sample_story):
    with pytest.raises(ValueError):
        build_deck(sample_story["sq"], "en")


def test_hand_counted_figures_reach_the_deck(data_root):
    write_dataset(data_root, small_network_frames())
    deck = open_deck(build_deck(story.build_story(db.run, 2025, "sq", "TIR")))
    transparency = " ".join(texts(deck.slides[3]))
    assert "Indeksi u rrit nga 25 në 2024 në 75 në 2025 (+50 pikë)." in transparency
    assert "Tiranë · 2025" in texts(deck.slides[0])


def test_export_slides_command(sample_root, tmp_path, capsys):
    output = tmp_path / "deck.pptx"
    assert cli.main(["export", "slides", "--year", "2025", "--lang", "en", "--municipality", "shk",
                     "-o", str(output)]) == 0
    deck = open_deck(output.read_bytes())
    assert "Shkodër · 2025" in texts(deck.slides[0])
    assert "slides for SHK, 2025, en" in capsys.readouterr().out
    assert cli.main(["export", "slides", "--municipality", "KAM", "-o", str(output)]) == 1  # not a member in 2025
