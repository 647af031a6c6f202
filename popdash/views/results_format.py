"""How the results read and look: an indicator's values and the share of its target achieved,
in the reader's language, and each status's label, symbol, colour and bar pattern."""
from __future__ import annotations

import math

from popdash.i18n import translate
from popdash.i18n.numbers import format_number, format_percent

# Status colours are Okabe & Ito's blue, orange and vermillion (never red against green),
# and each status also has its own bar pattern and a written label.
STATUS_COLORS = {"met": "#0072B2", "nearly_met": "#E69F00", "not_met": "#D55E00", "no_target": "#999999",
                 "no_data": "#BBBBBB"}
STATUS_INK = {"met": "#ffffff", "nearly_met": "#000000", "not_met": "#000000", "no_target": "#000000",
              "no_data": "#000000"}
STATUS_SYMBOLS = {"met": "✓", "nearly_met": "≈", "not_met": "✗", "no_target": "–", "no_data": "–"}
STATUS_PATTERNS = {"met": "", "nearly_met": "/", "not_met": "x", "no_target": ".", "no_data": "."}


def text_or_empty(value) -> str:
    """A text cell as a string: missing (None or NaN) becomes ""."""
    return value if isinstance(value, str) else ""


def format_value(value, unit: str, lang: str) -> str:
    """An indicator's value as readers expect it: counts whole, shares as %, index points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "percent":
        return format_percent(value, lang, 1)
    return format_number(value, lang, 1 if unit == "index" else 0)


def format_achieved(share, lang: str) -> str:
    """Share of the target achieved, rounded down so that 99.6% never reads as 100% (met)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    if math.isinf(share):
        return "–"
    return format_percent(math.floor(share * 100 + 1e-9) / 100, lang)


def status_label(status: str, lang: str) -> str:
    return translate(lang, f"results.status.{status}")


def status_cell(status: str, lang: str) -> str:
    """A status as a table shows it: a symbol and the word, so it reads without colour."""
    return f"{STATUS_SYMBOLS[status]} {status_label(status, lang)}"
