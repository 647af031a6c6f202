"""Small-count suppression for public views: counts of people between 1 and 4 are shown as "<5",
and one more cell is hidden where a lone hidden cell could be worked out from a total."""
from __future__ import annotations

import pandas as pd

THRESHOLD = 5            # counts from 1 to THRESHOLD - 1 are hidden
SMALL = "<5"             # shown instead of a small count
SECONDARY = "*"          # shown instead of a count hidden only to protect a small one


def suppression_marks(frame: pd.DataFrame, count_columns, by=None) -> pd.DataFrame:
    """Per cell of the count columns: "" (shown), SMALL (primary) or SECONDARY.

    A group is the set of rows that share the `by` columns (the whole frame when by is None):
    the rows that add up to one total. Each count column is treated on its own. When exactly
    one cell of a group is hidden, the next smallest cell is hidden too, so the total minus
    the visible cells gives the sum of two hidden cells, never one value.
    """
    marks = pd.DataFrame("", index=frame.index, columns=list(count_columns))
    groups = [frame.index] if not by else [rows.index for _, rows in frame.groupby(by, sort=False, dropna=False)]
    for column in count_columns:
        values = pd.to_numeric(frame[column], errors="coerce")
        for index in groups:
            cells = values.loc[index]
            primary = cells[(cells >= 1) & (cells < THRESHOLD)].index
            marks.loc[primary, column] = SMALL
            if len(primary) == 1:
                # The smallest other cell, zeros included: a visible zero beside one hidden
                # cell would still give the hidden one away.
                others = cells.drop(primary).dropna().sort_values(kind="stable")
                if not others.empty:
                    marks.loc[others.index[0], column] = SECONDARY
    return marks


def suppress_small(frame: pd.DataFrame, count_columns, by=None) -> pd.DataFrame:
    """A copy for tables and downloads: hidden counts read "<5" (or "*" for a count hidden only
    so that a "<5" cannot be recovered from the total); other counts are left as numbers."""
    marks = suppression_marks(frame, count_columns, by)
    out = frame.copy()
    for column in count_columns:
        hidden = marks[column] != ""
        if hidden.any():
            out[column] = out[column].astype(object)
            out.loc[hidden, column] = marks.loc[hidden, column]
    return out


def is_hidden(value) -> bool:
    """Whether a cell of a suppressed table holds a marker instead of a number."""
    return isinstance(value, str) and value in (SMALL, SECONDARY)


def numeric(values: pd.Series) -> pd.Series:
    """The numbers of a suppressed column, hidden cells as 0 (bars of no height)."""
    return pd.to_numeric(values.where(~values.map(is_hidden), 0), errors="coerce").fillna(0)


def any_hidden(frame: pd.DataFrame, count_columns) -> bool:
    return any(frame[c].map(is_hidden).any() for c in count_columns if c in frame)


def share_hidden(part, whole) -> bool:
    """Whether a share part/whole must be hidden: shown beside its denominator it would give
    away a small count, either the part itself or the rest (whole - part)."""
    if part is None or whole is None or pd.isna(part) or pd.isna(whole):
        return False
    return any(1 <= n < THRESHOLD for n in (part, whole - part))
