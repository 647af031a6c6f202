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
    sources = list((ROOT / "pages").glob("*.py")) + list((ROOT / "popdash").glob("*.py")) + [ROOT / "app.py"]
    used = {key for path in sources for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    missing = sorted(used - set(catalogue("sq")))
    assert missing == []


def test_albanian_catalogue_uses_albanian_letters():
    text = " ".join(catalogue("sq").values())
    assert "ë" in text and "ç" in text
