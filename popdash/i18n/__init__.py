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
