"""Every visible string exists in Albanian and English, and every key the code uses exists."""
import re
from pathlib import Path

from popdash.i18n import LOCALES_DIR, catalogue, flatten
import tomllib

ROOT = Path(__file__).resolve().parent.parent
KEY_USE = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_]+)+)["']""")


def test_each_area_file_has_the_same_keys_in_both_languages():
    sq_files = sorted(p.name for p in (LOCALES_DIR / "sq").glob("*.toml"))
    en_files = sorted(p.name for p in (LOCALES_DIR / "en").glob("*.toml"))
    assert sq_files == en_files
    for name in sq_files:
        sq = flatten(tomllib.loads((LOCALES_DIR / "sq" / name).read_text(encoding="utf-8")))
        en = flatten(tomllib.loads((LOCALES_DIR / "en" / name).read_text(encoding="utf-8")))
        assert sorted(set(sq) ^ set(en)) == [], name


def test_no_empty_translations():
    for lang in ("sq", "en"):
        assert [k for k, v in catalogue(lang).items() if not str(v).strip()] == []


def test_every_literal_key_used_in_code_exists():
    sources = list((ROOT / "pages").glob("*.py")) + list((ROOT / "popdash").rglob("*.py")) + [ROOT / "app.py"]
    used = {key for path in sources for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    missing = sorted(used - set(catalogue("sq")))
    assert missing == []


def test_albanian_catalogue_uses_albanian_letters():
    text = " ".join(catalogue("sq").values())
    assert "ë" in text and "ç" in text


def test_in_language_picks_the_readers_text():
    from popdash.i18n import column_name, in_language

    assert in_language("Shkodër", "Shkodra", "sq") == "Shkodër"
    assert in_language("Shkodër", "Shkodra", "en") == "Shkodra"
    assert column_name("name", "sq") == "name_sq" and column_name("note", "en") == "note_en"


def test_localized_reads_frames_rows_mappings_and_tuples():
    from collections import namedtuple

    import pandas as pd

    from popdash.i18n import localized

    frame = pd.DataFrame({"code": ["SHK", "KOR"], "name_sq": ["Shkodër", "Korçë"], "name_en": ["Shkodra", "Korça"]})
    assert list(localized(frame, "name", "sq")) == ["Shkodër", "Korçë"]
    assert list(localized(frame, "name", "en")) == ["Shkodra", "Korça"]
    assert localized(frame.iloc[1], "name", "sq") == "Korçë"
    assert localized({"name_sq": "Qarku Shkodër", "name_en": "Shkodër County"}, "name", "en") == "Shkodër County"
    row = next(frame.itertuples())
    assert localized(row, "name", "en") == "Shkodra"
    Place = namedtuple("Place", "name_sq name_en")
    assert localized(Place("Vau i Dejës", "Vau i Dejës"), "name", "sq") == "Vau i Dejës"


def test_localized_text_falls_back_to_albanian():
    import pandas as pd

    from popdash.i18n import localized_text

    row = pd.Series({"change_sq": "Këshilli publikoi vendimet", "change_en": None, "actor_sq": "", "actor_en": ""})
    assert localized_text(row, "change", "en") == "Këshilli publikoi vendimet"
    assert localized_text(row, "change", "sq") == "Këshilli publikoi vendimet"
    assert localized_text(row, "actor", "en") == ""
    assert localized_text({"name_sq": "Pukë", "name_en": "Puka"}, "name", "en") == "Puka"


def test_translator_plural_uses_the_one_form_for_one():
    from popdash.i18n import Translator

    for lang, one, many in (("sq", "1 aktivitet", "2 aktivitete"), ("en", "1 event", "2 events")):
        t = Translator(lang)
        assert t.plural("scorecard.events_bar", 1, events="1", people="5").startswith(one + " ·")
        assert t.plural("scorecard.events_bar", 2, events="2", people="5").startswith(many + " ·")
    # A key without a "_one" form is used as it is.
    assert Translator("en").plural("data.title", 1) == Translator("en")("data.title")


def test_no_hand_written_month_names_or_language_switches_left():
    """Month names come from Babel (popdash.i18n.numbers) and the reader's text from
    popdash.i18n's helpers, not from tables or `x_sq if lang == "sq" else x_en` in the code."""
    sources = [p for p in list((ROOT / "pages").glob("*.py")) + list((ROOT / "popdash").rglob("*.py"))
               if not {"dev", "i18n"} & set(p.relative_to(ROOT).parts)]  # i18n holds the helpers
    switch = re.compile(r"""if (?:\w+\.)?lang == ["']sq["'] else""")
    months = re.compile(r"""["'](?:janar|shkurt|dhjetor|January|December)["']""")
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sources}
    assert [name for name, text in texts.items() if switch.search(text) or months.search(text)] == []
    for lang in ("sq", "en"):
        assert not [k for k in catalogue(lang) if re.search(r"(^|\.)month\.\d+$|\.months(_full)?$", k)]
