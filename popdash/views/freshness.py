"""The Data page's tables and takeaways: how fresh and how complete the monitoring data are
per municipality, from the queries data_freshness_by_municipality and
monitoring_gaps_by_municipality."""
from __future__ import annotations

import pandas as pd

from popdash.i18n import Translator
from popdash.i18n.numbers import format_date, format_number, month_name
from popdash.i18n.safe_text import escape_markdown


def version_line(manifest: dict, version: str, t: Translator, is_sample: bool) -> str:
    """Which data version is shown and when it was written (a markdown line)."""
    written = format_date(manifest.get("written_at"), t.lang)
    line = t("data.version", version=escape_markdown(version), written=written)
    return line + (" " + t("data.version_sample") if is_sample else "")


def name_column(frame: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    return frame.municipality_code.map(lambda code: names.get(code, code))


def freshness_table(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """Latest meeting, event, report and outreach month per municipality, headers translated."""
    out = pd.DataFrame({
        t("data.column.municipality"): name_column(frame, names),
        t("data.column.last_meeting"): pd.to_datetime(frame.last_meeting),
        t("data.column.days_since_meeting"): frame.days_since_meeting.astype("Int64"),
        t("data.column.last_event"): pd.to_datetime(frame.last_event),
        t("data.column.last_report"): pd.to_datetime(frame.last_report),
        t("data.column.last_outreach"): pd.to_datetime(frame.last_outreach),
    })
    return out


def freshness_takeaway(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    """Which municipality's latest monitored meeting is oldest, or how many have none."""
    missing = int(frame.last_meeting.isna().sum())
    if missing:
        return t("data.freshness_takeaway_missing", n=missing, total=len(frame))
    oldest = frame.loc[pd.to_datetime(frame.last_meeting).idxmin()]
    return t("data.freshness_takeaway_all", n=len(frame), oldest=format_date(oldest.last_meeting, t.lang),
             name=names.get(oldest.municipality_code, oldest.municipality_code))


def month_names(months, t: Translator) -> str:
    """jan, pri, gush / Jan, Apr, Aug: months without a monitored meeting, in a table cell."""
    return ", ".join(month_name(m, t.lang, "abbreviated") for m in months)


def gaps_table(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """Months without a monitored meeting, report and yearly indicators, per municipality."""
    return pd.DataFrame({
        t("data.column.municipality"): name_column(frame, names),
        t("data.column.meetings_in_year"): frame.meetings_in_year.astype(int),
        t("data.column.months_missing_count"): frame.months_missing_count.astype(int),
        t("data.column.months_without_meeting"): frame.months_without_meeting.map(lambda ms: month_names(ms, t)),
        t("data.column.has_report"): frame.has_report.map(lambda yes: t("data.yes") if yes else t("data.no")),
        t("data.column.period_indicators"): frame.period_indicators.astype(int),
    })


def gaps_takeaway(frame: pd.DataFrame, t: Translator, year: int, lang: str) -> str:
    """How many municipalities have unmonitored months and how many have no report."""
    with_gaps = int((frame.months_missing_count > 0).sum())
    without_report = int((~frame.has_report.astype(bool)).sum())
    if not with_gaps and not without_report:
        return t("data.gaps_takeaway_none", year=year)
    return t("data.gaps_takeaway", n=format_number(with_gaps, lang), total=format_number(len(frame), lang),
             year=year, reports=format_number(without_report, lang))
