"""Tabular downloads: CSV (UTF-8 with BOM) and Excel, with cells that a spreadsheet would run
as formulas neutralised."""
from __future__ import annotations

import io
import re

import pandas as pd

from popdash.data.schema import PERSONAL_COLUMNS
from popdash.i18n.safe_text import XML_FORBIDDEN, XML_FORBIDDEN_ARROW, xml_safe

# Text a spreadsheet would run: starting with = + - @ (OWASP's list, with tab and CR). Spaces
# and invisible characters (zero-width, bidi controls, the byte order mark) in front of a
# formula do not hide it: a program that trims them, or a person copying the text, gets it
# live. So "\u200b=1+1" is neutralised like "=1+1".
INVISIBLE = " \n\u00a0\u00ad\u061c\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff"
FORMULA_START = re.compile("^(?:[\t\r]|[" + INVISIBLE + "]*[=+\\-@])")
# A cell neutralise() may change: it starts like a formula or holds a character XML forbids.
NEEDS_CHANGE = FORMULA_START.pattern + "|" + XML_FORBIDDEN.pattern
NEEDS_CHANGE_ARROW = FORMULA_START.pattern + "|" + XML_FORBIDDEN_ARROW



# Object columns of these inferred kinds may hold text; any other kind (numbers, dates, bytes)
# holds none, so there is nothing to neutralise.
TEXT_KINDS = {"string", "mixed", "mixed-integer", "empty"}


def neutralise(value):
    """Prefix text that starts like a formula with an apostrophe, so Excel shows it as text;
    characters XML forbids become U+FFFD (openpyxl refuses a workbook holding them, and one
    rule for both downloads keeps CSV and Excel alike). Numbers are left alone (a negative
    number is not a formula)."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if FORMULA_START.match(value) else value


def refuse_personal(frame: pd.DataFrame) -> None:
    """Raise if the frame has a column that identifies a person (cheap: columns only)."""
    leaked = PERSONAL_COLUMNS & set(frame.columns)
    if leaked:
        raise ValueError(f"refusing to export personal columns: {sorted(leaked)}")


def neutralise_column(column: pd.Series) -> pd.Series:
    """neutralise() over a whole column with pandas string operations (a page's list can hold
    100,000 rows): the cells it may change are found with one regular expression and only
    those go through neutralise(); anything else is kept."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.map(neutralise)  # maps the few categories, not the rows
    text = column
    if column.dtype == object:
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind not in TEXT_KINDS:
            return column
        if kind == "string":
            # Only text: the str dtype runs the pattern in Arrow, several times faster than on objects.
            text = column.astype("str")
    # Cells that are not text (missing values, numbers in a mixed column) give NA, i.e. False.
    pattern = NEEDS_CHANGE if text.dtype == object else NEEDS_CHANGE_ARROW
    risky = text.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
    if not risky.any():
        return column
    values = column.to_numpy(dtype=object, copy=True)
    values[risky] = [neutralise(value) for value in values[risky]]
    return pd.Series(values, index=column.index, name=column.name, dtype=column.dtype)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy fit to leave the app: personal columns refused, formula-like text neutralised."""
    refuse_personal(frame)
    out = frame.copy()
    for position, column in enumerate(out.columns):
        values = out.iloc[:, position]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out.isetitem(position, neutralise_column(values))
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # Rows end in CRLF (RFC 4180): the csv module quotes only cells holding a character of the
    # line ending, so with "\n" alone a cell holding a bare CR was written unquoted, and Excel
    # read the CR as a new row whose first cell ("\r=1+1" -> "=1+1") was a live formula.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    safe = {name: safe_frame(frame) for name, frame in sheets.items()}  # refuse before writing
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in safe.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
