"""Long lists on pages (meetings, priorities, reports, recommendations): how many rows a page
draws, and a forgiving text search over a list. A large network lists tens of thousands of rows;
drawing them all on every rerun took over a second (and sent megabytes to the browser), so a page
draws the first rows, a "show more" draws more, and the CSV download holds them all."""
from __future__ import annotations

import numpy as np
import pandas as pd

# Rows a list draws; the rest are in its CSV download (a reader narrows the list to find them).
LIST_ROWS = 200
# Combining marks left by NFKD decomposition: ë is e + U+0308, ç is c + U+0327.
COMBINING_MARKS = r"[\u0300-\u036f]"


def first_rows(frame: pd.DataFrame, rows: int | None = None) -> pd.DataFrame:
    """The rows a page draws (LIST_ROWS, or `rows` after a "show more"), in the list's own order."""
    return frame.head(LIST_ROWS if rows is None else rows)


def is_cut(frame: pd.DataFrame, rows: int | None = None) -> bool:
    """Whether the page draws fewer rows than the list has."""
    return len(frame) > (LIST_ROWS if rows is None else rows)


def more(rows: int | None = None) -> int:
    """The rows a list draws once its "show more" is pressed: LIST_ROWS more than now."""
    return (LIST_ROWS if rows is None else rows) + LIST_ROWS


def drawn_rows(remembered, view) -> int:
    """The rows a list draws for `view` (whatever narrows it: year, places, search): what the last
    "show more" remembered as (view, rows), while the view is the same; else LIST_ROWS."""
    if isinstance(remembered, tuple) and len(remembered) == 2 and remembered[0] == view:
        return remembered[1]
    return LIST_ROWS


def fold(text: pd.Series) -> pd.Series:
    """Lower case without accents, so "korce" finds Korçë and "deshmi" finds Dëshmi."""
    return (text.fillna("").astype("str").str.normalize("NFKD")
            .str.replace(COMBINING_MARKS, "", regex=True).str.casefold())


def search(frame: pd.DataFrame, text: str, columns: list[pd.Series]) -> pd.DataFrame:
    """The rows of `frame` where any of `columns` (aligned with it) contains `text`, ignoring
    case and accents; blank text keeps every row. The text is matched literally, never as a
    pattern."""
    needle = fold(pd.Series([text.strip()])).iloc[0]
    if not needle:
        return frame
    found = np.zeros(len(frame), dtype=bool)
    for column in columns:
        found |= contains(column, needle)
    return frame[found]


def contains(column: pd.Series, needle: str) -> np.ndarray:
    """Which cells contain the folded needle. Each distinct value is folded once: lists repeat
    the same names, pillars and evidence across thousands of rows."""
    positions, distinct = pd.factorize(column)
    hits = fold(pd.Series(distinct, dtype=object)).str.contains(needle, regex=False).to_numpy(dtype=bool)
    return (positions >= 0) & hits[positions] if len(distinct) else np.zeros(len(column), dtype=bool)
