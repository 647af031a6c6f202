"""The headline metrics: their order on the card and how they combine across municipalities.
Definitions live beside the SQL (queries/key_figures_by_year.sql)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class KeyFigure:
    key: str
    additive: bool  # does the network's figure equal the sum over municipalities?


KEY_FIGURES = (
    KeyFigure("municipalities_monitored", True),
    KeyFigure("meetings_monitored", True),
    KeyFigure("reports_published", True),
    KeyFigure("citizen_workshops", True),
    KeyFigure("public_forums", True),
    KeyFigure("candidates_engaged", False),
    KeyFigure("unique_participants", False),
    KeyFigure("people_reached", True),
)
KEY_FIGURE_NAMES = [f.key for f in KEY_FIGURES]


def figures_for_year(by_year: pd.DataFrame, year: int) -> dict[str, float] | None:
    row = by_year[by_year.year == year]
    return None if row.empty else {k: float(row.iloc[0][k]) for k in KEY_FIGURE_NAMES}


def progress(actual: float, target: float | None) -> float | None:
    """Share of the target achieved (1.0 = met); None where there is no positive target."""
    if target is None or pd.isna(target) or target <= 0:
        return None
    return actual / target


def changes(current: dict[str, float], previous: dict[str, float] | None) -> dict[str, tuple[float, float | None]]:
    """Per figure: (absolute change, relative change or None when the previous value was 0)."""
    if previous is None:
        return {}
    out = {}
    for key in KEY_FIGURE_NAMES:
        delta = current[key] - previous[key]
        out[key] = (delta, delta / previous[key] if previous[key] else None)
    return out
