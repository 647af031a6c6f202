"""The one locale module: numbers, percentages, month names, dates and plural forms in the
reader's language, from Babel (the Unicode CLDR data), for the pages, the slides, the PDF
factsheet and the spreadsheets alike. Nothing else in the package writes a month name, a date
pattern or a thousands separator by hand.

    2.984   1.234,5   74,5%   +1.500   15.09.2025   15 shtator 2025     (sq)
    2,984   1,234.5   74.5%   +1,500   15 Sep 2025  15 September 2025   (en)

The Albanian thousands separator is a full stop, 2.984, not CLDR's. CLDR groups Albanian
digits with a no-break space (2 984) and the programme card, written in English style, has
2,984. We keep 2.984, what the app, its slides and its PDF have always written:
- Albanian writes the decimal with a comma (74,5%, in CLDR too). A comma for thousands would
  make 2,984 look like 2,5. The full stop goes with the decimal comma, as in Albanian print,
  and the importer reads 1.234,5 back the same way (popdash.ingest.normalise).
- A no-break space is invisible. Copied into a spreadsheet or a search box, the number
  becomes text, and some fonts lack the narrow no-break space that CLDR uses for other
  locales.
- The app's pages, slides and factsheets, and the seed figures in the tests, have always
  read 2.984. The same figure should not change its look between two reports.
So Babel formats with the sq locale (CLDR's decimal comma, percent pattern and minus sign) and
GROUP_SYMBOL puts "." in place of CLDR's group symbol. Decimals are rounded as Python rounds
them (f"{x:.1f}") before Babel sees them, so a figure keeps the digits it always had.

Spreadsheets keep numbers as numbers (CSV and Excel cells hold the value, which the
reader's spreadsheet program displays in its own settings), and the slides' native charts
carry the format code "#,##0", which PowerPoint also applies in the viewer's settings. Text
(page sentences, slide bullets and figures, the PDF) goes through the functions here.

Dates: day first in both languages, never month first, as the import templates require.
Month names come from CLDR: janar … dhjetor and jan, shk, … korr, gush, … dhj in Albanian;
January … December and Jan … Dec in English. Plural forms are CLDR's rules ("one" / "other")."""
from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

import pandas as pd
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern

LOCALES = ("sq", "en")
FALLBACK = "en"  # a language the app does not know writes numbers the English way
# Where the app departs from CLDR's group symbol (see the docstring): Albanian 2.984, not 2 984.
GROUP_SYMBOL = {"sq": "."}
MISSING = "–"
# How a date is written, by purpose (CLDR date-pattern letters; the month names are CLDR's):
#   short: tables, lines of figures and footers;  text: a date in a sentence (Albanian does not
#   write CLDR's abbreviations sht, korr, gush in running text, English writes Sep);  long: in full.
DATE_PATTERNS = {
    "short": {"sq": "dd.MM.y", "en": "d MMM y"},
    "text": {"sq": "d MMMM y", "en": "d MMM y"},
    "long": {"sq": "d MMMM y", "en": "d MMMM y"},
}
# The "short" style for Streamlit's st.column_config.DateColumn, which takes a Moment.js pattern.
DATE_COLUMN_FORMATS = {"sq": "DD.MM.YYYY", "en": "D MMM YYYY"}


def locale_code(lang: str) -> str:
    return lang if lang in LOCALES else FALLBACK


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(locale_code(lang))


def is_missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR number pattern with exactly `decimals` fraction digits: "#,##0.###" -> "#,##0.0",
    "#,##0%" -> "#,##0.0%" (the positive part only; the sign is added by Babel)."""
    body = pattern.split(";")[0]
    if "." in body:  # drop the pattern's own fraction digits
        start = body.index(".")
        end = start + 1
        while end < len(body) and body[end] in "0#":
            end += 1
        body = body[:start] + body[end:]
    last = body.rindex("0") + 1
    return body[:last] + ("." + "0" * decimals if decimals > 0 else "") + body[last:]


@lru_cache(maxsize=None)
def number_pattern(lang: str, kind: str, decimals: int) -> NumberPattern:
    """The locale's decimal or percent pattern with `decimals` fraction digits, parsed once."""
    locale = babel_locale(lang)
    formats = locale.percent_formats if kind == "percent" else locale.decimal_formats
    return parse_pattern(with_decimals(formats[None].pattern, decimals))


def regroup(text: str, lang: str) -> str:
    """CLDR's group symbol replaced where the app writes another (GROUP_SYMBOL)."""
    code = locale_code(lang)
    return text.replace(get_group_symbol(code), GROUP_SYMBOL[code]) if code in GROUP_SYMBOL else text


def rounded(value, decimals: int) -> Decimal:
    """The value rounded as Python rounds it, f"{value:.{decimals}f}", exact from here on."""
    return Decimal(f"{value:.{max(decimals, 0)}f}")


def format_number(value, lang: str, decimals: int = 0) -> str:
    """2.984 / 2,984; 1.234,5 / 1,234.5 with decimals=1; "–" for a missing value."""
    if is_missing(value):
        return MISSING
    text = number_pattern(locale_code(lang), "decimal", decimals).apply(rounded(value, decimals), babel_locale(lang))
    return regroup(text, lang)


def format_percent(fraction, lang: str, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.745 -> 74,5% / 74.5% with decimals=1."""
    if is_missing(fraction):
        return MISSING
    value = rounded(fraction * 100, decimals) / 100  # Babel multiplies by 100 again, exactly
    return regroup(number_pattern(locale_code(lang), "percent", decimals).apply(value, babel_locale(lang)), lang)


def format_change(value, lang: str, decimals: int = 0) -> str:
    """A signed change: +12, −3 (with a real minus sign)."""
    if is_missing(value):
        return MISSING
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_number(abs(value), lang, decimals)


def separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal) as format_number writes them: (".", ",") in sq, (",", ".") in en."""
    code = locale_code(lang)
    return GROUP_SYMBOL.get(code, get_group_symbol(code)), get_decimal_symbol(code)


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators string: decimal then thousands."""
    thousands, decimal = separators(lang)
    return decimal + thousands


@lru_cache(maxsize=None)
def month_name_table(lang: str, width: str) -> tuple[str, ...]:
    names = get_month_names(width, "stand-alone", locale=locale_code(lang))
    return tuple(names[m] for m in range(1, 13))


def month_names(lang: str, width: str = "wide", capitalize: bool = False) -> list[str]:
    """The twelve month names, January first: width "wide" (janar / January) or "abbreviated"
    (jan, shk, … korr, gush / Jan, Feb). capitalize=True for a chart axis or a label, where
    a name starts with a capital even in Albanian (Jan, Shk / Jan, Feb)."""
    names = month_name_table(locale_code(lang), width)
    return [n[:1].upper() + n[1:] for n in names] if capitalize else list(names)


def month_name(month: int, lang: str, width: str = "wide", capitalize: bool = False) -> str:
    """The name of month 1-12: month_name(12, "sq") == "dhjetor"."""
    return month_names(lang, width, capitalize)[int(month) - 1]


def as_date(value) -> date | None:
    """A date from a date, datetime, pandas Timestamp, numpy datetime64 or ISO text."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    stamp = pd.Timestamp(value)
    return None if stamp is pd.NaT else stamp.date()


def format_date(value, lang: str, style: str = "short") -> str:
    """A day in the reader's language, day first: style "short" (15.09.2025 / 15 Sep 2025),
    "text" (15 shtator 2025 / 15 Sep 2025) or "long" (15 shtator 2025 / 15 September 2025)."""
    day = as_date(value)
    if day is None:
        return MISSING
    code = locale_code(lang)
    return babel_format_date(day, DATE_PATTERNS[style][code], locale=code)


def date_column_format(lang: str) -> str:
    """The "short" date style as Streamlit's DateColumn takes it (a Moment.js pattern)."""
    return DATE_COLUMN_FORMATS[locale_code(lang)]


def plural_form(n, lang: str) -> str:
    """CLDR's plural category of a count: "one" for 1 in both languages, "other" otherwise
    (English: 1 event, 2 events, 1.5 events; Albanian: 1 aktivitet, 2 aktivitete)."""
    n = abs(n.item() if hasattr(n, "item") else n)  # numpy numbers as Python ones
    if isinstance(n, float) and n.is_integer():
        n = int(n)  # a count summed by pandas, 1.0, is one event
    return babel_locale(lang).plural_form(n)
