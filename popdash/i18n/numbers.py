"""Numbers in the reader's convention: 2.984 and 12,5% in Albanian, 2,984 and 12.5% in English."""
from __future__ import annotations

import math

SEPARATORS = {"sq": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def format_number(value, lang: str, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_percent(fraction, lang: str, decimals: int = 0) -> str:
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    return format_number(fraction * 100, lang, decimals) + "%"


def format_change(value, lang: str, decimals: int = 0) -> str:
    """A signed change: +12, −3 (with a real minus sign)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_number(abs(value), lang, decimals)


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators string: decimal then thousands."""
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    return decimal + thousands
