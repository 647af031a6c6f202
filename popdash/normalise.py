"""What people type, read as data: text folded for matching, and numbers, dates, yes/no and
coded values parsed the way they appear in real spreadsheets (Albanian and English habits).

Every parser returns a Python value or raises Invalid with a message key (ingest.problem.*)
that the problem report translates; nothing here knows about files, rows or languages.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
# Excel serial numbers of 1954..2119: a bare number in a date column is read as one of these.
EXCEL_SERIAL_RANGE = (20_000, 80_000)
SEPARATORS = re.compile(r"[\s_\-\u2013\u2014]+")
ISO_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{4})\.?$")
YEAR_MONTH = re.compile(r"^(\d{4})\s*[./-]\s*(\d{1,2})$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:[.,\s\u00a0\u202f']\d{3})+$")
# 1.250 or 1,250: a thousands separator in one habit, a decimal one in the other.
AMBIGUOUS_GROUPING = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
TRUE_WORDS = {"po", "p", "yes", "y", "1", "x", "true", "e vertete", "vertete", "\u2713", "\u2714"}
FALSE_WORDS = {"jo", "j", "no", "n", "0", "false", "e rreme"}


class Invalid(ValueError):
    """A value that cannot be read as the column's type; `key` names the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def fold(value) -> str:
    """Lower case, no diacritics (ë -> e, ç -> c), separators and runs of spaces as one space:
    the form two spellings of the same word share."""
    text = unicodedata.normalize("NFKD", str(value)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return SEPARATORS.sub(" ", text).strip()


def is_blank(value) -> bool:
    """Empty cells, blank strings and NaN all mean 'nothing written'."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def display(value) -> str:
    """A cell value as a person would read it back in the problem report."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.min.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if len(text) <= 80 else text[:77] + "..."


def parse_text(value) -> str:
    """Free text: stray spaces at either end removed; a whole number typed in a text cell
    (Excel turns 2025 into 2025.0) is written without the decimal point."""
    if isinstance(value, bool):
        return "Po" if value else "Jo"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return display(value)
    return str(value).strip()


def parse_identifier(value) -> str:
    """An identifier: text with inner runs of spaces collapsed (codes are compared exactly)."""
    return re.sub(r"\s+", " ", parse_text(value))


def clean_number_text(value) -> str:
    text = str(value).strip().replace("\u2212", "-")
    return re.sub(r"[\u00a0\u202f]", " ", text)


def parse_int(value) -> int:
    """Whole numbers: 12, 12.0, '12', ' 1.250 ', '1 250', '1,250' (thousands grouped)."""
    if isinstance(value, bool):
        raise Invalid("not_whole_number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise Invalid("not_whole_number")
    text = clean_number_text(value)
    if THOUSANDS.match(text):
        return int(re.sub(r"[.,\s']", "", text))
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise Invalid("not_whole_number") from None
    if math.isfinite(number) and number.is_integer():
        return int(number)
    raise Invalid("not_whole_number")


def parse_float(value) -> float:
    """Numbers with a decimal comma or point ('0,5', '0.5', '1.250,75'), and percentages
    ('50%' -> 0.5, as shares are stored as fractions)."""
    if isinstance(value, bool):
        raise Invalid("not_number")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("not_number")
        return float(value)
    text = clean_number_text(value).replace(" ", "")
    if AMBIGUOUS_GROUPING.match(text):
        raise Invalid("ambiguous_number")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", text) or ("." in text and "," in text and text.rfind(",") > text.rfind(".")):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text and "." in text:
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise Invalid("not_number") from None
    if not math.isfinite(number):
        raise Invalid("not_number")
    return number / 100 if percent else number


def parse_bool(value) -> bool:
    """Yes/no as people write it: Po/Jo, Yes/No, P/J, 1/0, x or blank (blank is no)."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = fold(value)
    if not word:  # a lone dash
        return False
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid("not_yes_no")


def make_date(year: int, month: int, day: int) -> date:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("not_a_real_date") from None


def parse_date(value) -> date:
    """Dates day first, as written in Albania: 14.05.2025, 14/05/2025, 14-5-25, and the ISO
    2025-05-14; real Excel dates and Excel serial numbers too. Never month first: 05/14/2025
    is refused rather than guessed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Invalid("not_date")
    if isinstance(value, (int, float)):
        return from_excel_serial(value)
    text = str(value).strip()
    if match := ISO_DATE.match(text):
        return make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := DAY_FIRST_DATE.match(text):
        return make_date(int(match[3]), int(match[2]), int(match[1]))
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return from_excel_serial(float(text))
    raise Invalid("not_date")


def from_excel_serial(number: float) -> date:
    low, high = EXCEL_SERIAL_RANGE
    if not math.isfinite(number) or not low <= number <= high:
        raise Invalid("not_date")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_month(value) -> date:
    """A month as its first day: 04.2025, 2025-04, 4/2025, or any date in the month."""
    if isinstance(value, str):
        text = value.strip()
        if match := MONTH_YEAR.match(text):
            return make_date(int(match[2]), int(match[1]), 1)
        if match := YEAR_MONTH.match(text):
            return make_date(int(match[1]), int(match[2]), 1)
    day = parse_date(value)
    return day.replace(day=1)


def alias_index(pairs) -> dict[str, str]:
    """Folded alias -> code, from (alias, code) pairs; an alias that two codes share is dropped
    so an ambiguous word is reported instead of guessed."""
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for alias, code in pairs:
        key = fold(alias)
        if not key:
            continue
        if key in index and index[key] != code:
            clashes.add(key)
        index.setdefault(key, code)
    return {k: v for k, v in index.items() if k not in clashes}


def match_alias(value, index: dict[str, str], prefixes: tuple[str, ...] = ()) -> str:
    """The code a typed value stands for, or Invalid('not_allowed')."""
    key = fold(parse_text(value))
    if key in index:
        return index[key]
    for prefix in prefixes:
        if key.startswith(prefix + " ") and key[len(prefix) + 1:] in index:
            return index[key[len(prefix) + 1:]]
    raise Invalid("not_allowed")
