"""Tabular downloads: CSV (UTF-8 with BOM) and Excel, with cells that a spreadsheet would run
as formulas neutralised."""
from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Columns that identify a person; they never leave the query layer.
# participant_code, and person_id: the number that stands for it inside the derived tables.
PERSONAL_COLUMNS = {"participant_code", "person_id"}


# Object columns of these inferred kinds may hold text; any other kind (numbers, dates, bytes)
# holds none, so there is nothing to neutralise.
TEXT_KINDS = {"string", "mixed", "mixed-integer", "empty"}


def neutralise(value):
    """Prefix text that starts like a formula with an apostrophe, so Excel shows it as text.
    Numbers are left alone (a negative number is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def refuse_personal(frame: pd.DataFrame) -> None:
    """Raise if the frame has a column that identifies a person (cheap: columns only)."""
    leaked = PERSONAL_COLUMNS & set(frame.columns)
    if leaked:
        raise ValueError(f"refusing to export personal columns: {sorted(leaked)}")


def neutralise_column(column: pd.Series) -> pd.Series:
    """neutralise() over a whole column with pandas string operations (a page's list can hold
    100,000 rows): text starting like a formula gets the apostrophe, anything else is kept."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.map(neutralise)  # maps the few categories, not the rows
    text = column
    if column.dtype == object:
        kind = pd.api.types.infer_dtype(column, skipna=True)
        if kind not in TEXT_KINDS:
            return column
        if kind == "string":
            # Only text: the str dtype tests prefixes in Arrow, several times faster than on objects.
            text = column.astype("str")
    # Cells that are not text (missing values, numbers in a mixed column) give NA, i.e. False.
    risky = text.str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
    if not risky.any():
        return column
    values = column.to_numpy(dtype=object, copy=True)
    values[risky] = ["'" + value for value in values[risky]]
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
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    safe = {name: safe_frame(frame) for name, frame in sheets.items()}  # refuse before writing
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in safe.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
