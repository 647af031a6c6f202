"""Translations by key: popdash/i18n/locales/<lang>/*.toml, Albanian first, English beside it.

Each area of the app keeps its own file (core.toml, map.toml, ...) with the same name in
every language; a test checks both languages hold the same keys."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("sq", "en")
DEFAULT_LANGUAGE = "sq"


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        merged.update(flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
    return merged


def translate(lang: str, key: str, **values) -> str:
    """The text for a key in a language; a missing key shows as the key itself, so a gap is
    visible on screen rather than silently blank (a test keeps the catalogues complete)."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


class Translator:
    """Bound to one language: t("overview.title")."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values) -> str:
        return translate(self.lang, key, **values)

    def code(self, group: str, code) -> str:
        """Label of a data code, e.g. t.code("event_type", "forum")."""
        return translate(self.lang, f"code.{group}.{code}")

    def plural(self, key: str, n, **values) -> str:
        """The text for a count in its CLDR plural form: the key "<key>_one" when n is one
        (1 aktivitet / 1 event) and the language has that key, else the key itself."""
        from popdash.i18n.numbers import plural_form  # Babel is loaded only where counts are written
        form_key = f"{key}_{plural_form(n, self.lang)}"
        return translate(self.lang, form_key if form_key in catalogue(self.lang) else key, **values)


# Texts kept in both languages side by side (name_sq / name_en, note_sq / note_en, …).

def in_language(sq, en, lang: str):
    """The Albanian or the English of a pair, whichever the reader's language is (Albanian
    for "sq", English otherwise): in_language(row.name_sq, row.name_en, t.lang)."""
    return sq if lang == "sq" else en


def column_name(base: str, lang: str) -> str:
    """The column holding a text in the reader's language: column_name("name", "en") == "name_en"."""
    return f"{base}_{in_language('sq', 'en', lang)}"


def localized(item, base: str, lang: str):
    """item's `base` text in the reader's language: a DataFrame's column (a Series), a row's
    cell, a mapping's value (GeoJSON properties) or a named tuple's / object's attribute.
    localized(frame, "name", "sq") is frame["name_sq"]."""
    name = column_name(base, lang)
    if hasattr(item, "__getitem__") and not isinstance(item, tuple):
        return item[name]
    return getattr(item, name)


def localized_text(item, base: str, lang: str) -> str:
    """A text in the reader's language, the Albanian where none was written in it, "" where
    neither was (texts recorded in Albanian first: outcomes, municipality names)."""
    for name in dict.fromkeys((column_name(base, lang), column_name(base, "sq"))):
        value = item.get(name) if hasattr(item, "get") else getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return ""
