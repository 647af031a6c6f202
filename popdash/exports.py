"""Tabular downloads: CSV (UTF-8 with BOM) and Excel, with cells that a spreadsheet would run
as formulas neutralised."""
from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Columns that identify a person; they never leave the query layer.
PERSONAL_COLUMNS = {"participant_code"}


def neutralise(value):
    """Prefix text that starts like a formula with an apostrophe, so Excel shows it as text.
    Numbers are left alone (a negative number is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    leaked = PERSONAL_COLUMNS & set(frame.columns)
    if leaked:
        raise ValueError(f"refusing to export personal columns: {sorted(leaked)}")
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
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
