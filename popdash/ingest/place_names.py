"""Municipality names as people and boundary files write them, matched to the dashboard's codes.

One folding serves the import of monitoring data and of boundary files, so "Vau-Dejes",
"Bashkia e Shkodrës", "KORCE" and "Tiranë" followed by a zero-width space copied from a web
page all find their municipality.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words that join the parts of a name ("Vau i Dejës", "Malësi e Madhe") and that people leave
# out or hyphenate ("Vau-Dejes"): dropped from the folded form.
PARTICLES = {"i", "e", "te", "se", "of", "the"}
# What precedes or follows a name in headers and official titles; the longest first.
PREFIXES = ("bashkia e", "bashkise se", "bashkise", "bashkia", "bashki", "municipality of", "municipality",
            "komuna e", "komuna", "njesia administrative", "njesia")
SUFFIXES = ("municipality", "bashkia", "bashki")
WORD_BREAKS = re.compile(r"[\s_\-\u2010-\u2015.,'’`\"()/]+")


def strip_invisible(text: str) -> str:
    """Remove zero-width and bidirectional formatting characters; no-break spaces become spaces."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c
                   for c in text if unicodedata.category(c) != "Cf")


def fold_words(text) -> list[str]:
    """The words of a name: no diacritics, no case, no invisible characters."""
    decomposed = unicodedata.normalize("NFKD", strip_invisible(str(text)))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return [w for w in WORD_BREAKS.split(plain) if w]


def fold_place(text) -> str:
    """The form every spelling of a municipality's name shares: 'Bashkia e Vaut të Dejës',
    'vau-dejes' -> 'vautdejes' / 'vaudejes' (see name_forms for the declined forms)."""
    words = fold_words(text)
    joined = " ".join(words)
    for prefix in PREFIXES:
        if joined.startswith(prefix + " "):
            words = words[len(prefix.split()):]
            break
    for suffix in SUFFIXES:
        if len(words) > 1 and words[-1] == suffix:
            words = words[:-1]
            break
    kept = [w for w in words if w not in PARTICLES] or words
    return "".join(kept)


def genitive(definite: str) -> str:
    """The genitive after 'Bashkia e' from the definite form: Shkodra -> Shkodrës, Durrësi ->
    Durrësit, Malësia e Madhe -> Malësisë së Madhe (the first word declines)."""
    first, _, rest = definite.partition(" ")
    if first.endswith("ia"):
        first = first[:-1] + "së"
    elif first.endswith("a"):
        first = first[:-1] + "ës"
    elif first.endswith(("i", "u")):
        first += "t"
    return f"{first} {rest}".strip()


def name_forms(*names: str, definite: str | None = None) -> set[str]:
    """Every folded form of a municipality: its names as given, and, from the definite form,
    the genitive."""
    forms = {fold_place(n) for n in names if n}
    if definite:
        forms |= {fold_place(definite), fold_place(genitive(definite))}
    return forms - {""}


@dataclass(frozen=True)
class Match:
    """The outcome of looking up a name: one code, or none with the candidates that tie."""
    code: str | None
    candidates: tuple[str, ...] = ()


class PlaceMatcher:
    """Looks up municipality codes from names, codes or any folded form of them."""

    def __init__(self, municipalities):
        """`municipalities`: rows with municipality_code, name_sq, name_en and optionally
        name_sq_definite (a DataFrame or an iterable of dicts)."""
        rows = municipalities.to_dict("records") if hasattr(municipalities, "to_dict") else list(municipalities)
        self.index: dict[str, set[str]] = {}
        for row in rows:
            code = str(row["municipality_code"]).strip().upper()
            forms = name_forms(code, row.get("name_sq"), row.get("name_en"), definite=row.get("name_sq_definite"))
            for form in forms:
                self.index.setdefault(form, set()).add(code)

    def match(self, text) -> Match:
        """The code of `text`, or Match(None, candidates) when it names none or several."""
        codes = self.index.get(fold_place(text), set())
        if len(codes) == 1:
            return Match(next(iter(codes)))
        return Match(None, tuple(sorted(codes)))
