"""The council transparency index: the rubric's settings as query parameters, and index
frames turned into what a page shows (the insufficient-data rule, bands, takeaways)."""
from __future__ import annotations

import pandas as pd

from popdash.data import rubric
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number


def rubric_params() -> dict:
    """The [settings] of data/rubric.toml as the bound parameters of the transparency queries
    (pass with **); the indicators themselves are the `rubric` table."""
    return rubric.query_params()


DIMENSIONS = ("notice", "openness", "participation", "publication", "responsiveness")
SCORES = ("full", "half", "zero", "not_observed")


def min_meetings() -> int:
    """Below this many scored meetings an index is shown as insufficient data."""
    return rubric.min_meetings()


def band_bounds() -> dict:
    """The lower bounds of the rubric's medium and high bands (0-100)."""
    return rubric.band_bounds()


def band(score: float | None) -> str | None:
    """'low', 'medium' or 'high' by the rubric's band bounds (0-100); None without a score."""
    if score is None or pd.isna(score):
        return None
    bounds = rubric.band_bounds()
    if score >= bounds["high"]:
        return "high"
    return "medium" if score >= bounds["medium"] else "low"


def year_row(frame: pd.DataFrame, year: int, code: str | None = None) -> pd.Series | None:
    """The row of an index frame for a year (and municipality), or None."""
    rows = frame[frame.year == year]
    if code is not None:
        rows = rows[rows.municipality_code == code]
    return None if rows.empty else rows.iloc[0]


def shown_score(row: pd.Series | None, column: str = "index_score") -> float | None:
    """The score a page may show as a number: None below the minimum number of meetings or
    when nothing was observed (pages then say 'insufficient data' or 'no data')."""
    if row is None or not bool(row["sufficient"]) or pd.isna(row[column]):
        return None
    return float(row[column])


def score_label(row: pd.Series | None, column: str, t: Translator) -> str:
    """A score as text: the number, 'Insufficient data' or 'No data'."""
    if row is None or pd.isna(row[column]):
        return t("index.no_data_value")
    if not bool(row["sufficient"]):
        return t("index.insufficient")
    return format_number(row[column], t.lang)


def duty_status(indicator: pd.Series) -> str:
    """How far one indicator's duty was met in the year, by its mean score and the rubric's
    bands: 'met' (high band), 'partly' (medium), 'not_met' (low) or 'not_observed'."""
    if indicator["observed"] == 0 or pd.isna(indicator["mean_score"]):
        return "not_observed"
    return {"high": "met", "medium": "partly", "low": "not_met"}[band(indicator["mean_score"])]


def with_duty_status(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicator rows with a `status` column (see duty_status)."""
    return indicators.assign(status=[duty_status(r) for _, r in indicators.iterrows()])
