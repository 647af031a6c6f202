"""What people type, read as data: text folded for matching, and numbers, dates, yes/no and
coded values parsed the way they appear in real spreadsheets (Albanian and English habits).

Every parser returns a Python value or raises Invalid with a message key (ingest.problem.*)
that the problem report translates; nothing here knows about files, rows or languages.
Coded values of every kind (yes/no, rubric levels, responses, sexes, roles...) are read the
same way: folded, then looked up in an index of the forms accepted for each code.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from popdash.i18n.numbers import month_names
from popdash.ingest.place_names import strip_invisible  # the one rule for invisible characters

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
# Day, month name and year as Albanians (and English speakers) write them: "14 maj 2025",
# "14 Maj, 2025", "14 dhj. 2025", "14-maj-2025"; matched on the folded text.
WORDED_DATE = re.compile(r"^(\d{1,2})\.?\s*(?:[./]\s*)?([a-z]+)\.?\s*[,./]?\s*(\d{4}|\d{2})$")
WORDED_MONTH = re.compile(r"^([a-z]+)\.?\s*[,./]?\s*(\d{4})$")
# The months in full, Albanian and English (CLDR, via Babel), folded as fold() folds: janar,
# nentor, january; an abbreviation is read as the one month whose name it starts.
MONTH_NAMES = {"".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)): n
               for lang in ("sq", "en") for n, name in enumerate(month_names(lang), start=1)}
MIN_MONTH_ABBREVIATION = 3  # jan, shk, dhj: two letters would be a guess
# Yes and no as Albanian and English offices write them, in the order the instructions list them.
YES_FORMS = ("Po", "P", "Yes", "Y", "x", "1", "✓", "✔", "true", "e vërtetë")
NO_FORMS = ("Jo", "J", "No", "N", "0", "false", "e rreme")


class Invalid(ValueError):
    """A value that cannot be read as the column's type; `key` names the message."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def fold(value) -> str:
    """Lower case, no diacritics (ë -> e, ç -> c), no invisible characters (zero-width spaces,
    bidirectional marks copied from web pages), separators and runs of spaces as one space:
    the form two spellings of the same word share."""
    text = unicodedata.normalize("NFKD", strip_invisible(str(value))).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return SEPARATORS.sub(" ", text).strip()


def is_blank(value) -> bool:
    """Empty cells, blank strings and NaN all mean 'nothing written'."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not strip_invisible(value).strip()


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
    """Yes/no as people write it (YES_FORMS, NO_FORMS); blank or a lone dash is no."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if not fold(parse_text(value)):
        return False
    try:
        return match_alias(value, YES_NO)
    except Invalid:
        raise Invalid("not_yes_no") from None


def make_date(year: int, month: int, day: int) -> date:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("not_a_real_date") from None


def parse_date(value) -> date:
    """Dates day first, as written in Albania: 14.05.2025, 14/05/2025, 14-5-25, 14 maj 2025
    (month names in Albanian or English, full or short), and the ISO 2025-05-14; real Excel
    dates and Excel serial numbers too. Never month first: 05/14/2025 is refused rather than
    guessed."""
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
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if day_month_order(text) == "month_first":
            raise Invalid("month_first_date", day_first=f"{month:02d}.{day:02d}.{match[3]}")
        return make_date(year, month, day)
    if match := WORDED_DATE.match(fold(text)):
        return make_date(int(match[3]), month_number(match[2]), int(match[1]))
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return from_excel_serial(float(text))
    raise Invalid("not_date")


def month_number(word: str) -> int:
    """The month a folded name or abbreviation stands for (maj, dhj, dhjetor, Sept)."""
    numbers = {n for name, n in MONTH_NAMES.items() if name.startswith(word)} if len(word) >= MIN_MONTH_ABBREVIATION else set()
    if word in MONTH_NAMES:
        numbers = {MONTH_NAMES[word]}
    if len(numbers) != 1:
        raise Invalid("not_date")
    return numbers.pop()


def day_month_order(value) -> str | None:
    """How a numeric date such as 05/06/2025 can be read: "day_first" (14/05/2025),
    "month_first" (05/14/2025), "either" (05/06/2025), or None (anything else, including a
    date whose day and month are the same)."""
    match = DAY_FIRST_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    first, second = int(match[1]), int(match[2])
    if first > 12 and second <= 12:
        return "day_first"
    if first <= 12 < second <= 31:
        return "month_first"
    if first <= 12 and second <= 12 and first != second:
        return "either"
    return None


def from_excel_serial(number: float) -> date:
    low, high = EXCEL_SERIAL_RANGE
    if not math.isfinite(number) or not low <= number <= high:
        raise Invalid("not_date")
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_month(value) -> date:
    """A month as its first day: 04.2025, 2025-04, 4/2025, maj 2025, or any date in the month."""
    if isinstance(value, str):
        text = value.strip()
        if match := MONTH_YEAR.match(text):
            return make_date(int(match[2]), int(match[1]), 1)
        if match := YEAR_MONTH.match(text):
            return make_date(int(match[1]), int(match[2]), 1)
        if match := WORDED_MONTH.match(fold(text)):
            return make_date(int(match[2]), month_number(match[1]), 1)
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


def match_alias(value, index: dict[str, object]):
    """The code a typed value stands for, or Invalid('not_allowed')."""
    key = fold(parse_text(value))
    if key in index:
        return index[key]
    raise Invalid("not_allowed")


YES_NO = alias_index([(word, True) for word in YES_FORMS] + [(word, False) for word in NO_FORMS])
