"""Social contracts: which cycle a year belongs to, the status shares as the network publishes
them (and a weighted score beside them), chart builders and data-written takeaways."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from popdash.i18n import Translator
from popdash.i18n.numbers import format_date as format_day, format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, listing, palette
from popdash.views.figure_cache import remembered

STATUSES = ["full", "partial", "none"]
PARTIAL_WEIGHT = 0.5  # the weighted score counts a partly addressed priority as half


def cycle_options(cycles: pd.DataFrame, year: int) -> list[int]:
    """End years of the cycles to offer for a year, the default first.

    The default is the newest cycle covering the year that had been assessed by the year's
    end (in an election year the new contracts are signed but not yet assessed, so the
    ending cycle is what the year's monitoring report is about); then the other cycles
    covering the year. A year no cycle covers falls back to the latest cycle begun before it.
    """
    covering = cycles[(cycles.cycle_start <= year) & (cycles.cycle_end >= year)]
    if covering.empty:
        begun = cycles[cycles.cycle_start <= year].sort_values("cycle_start")
        return [int(begun.cycle_end.iloc[-1])] if not begun.empty else []
    year_end = pd.Timestamp(date(year, 12, 31))
    assessed = covering.first_assessed.notna() & (pd.to_datetime(covering.first_assessed) <= year_end)
    ranked = covering.assign(assessed=assessed).sort_values(["assessed", "cycle_start"], ascending=False)
    return [int(e) for e in ranked.cycle_end]


def cycle_label(cycles: pd.DataFrame, cycle_end: int) -> str:
    """"2019–2023": from the earliest start of the cycle's contracts to its end."""
    row = cycles[cycles.cycle_end == cycle_end]
    start = int(row.cycle_start.iloc[0]) if not row.empty else cycle_end
    return f"{start}–{cycle_end}"


def network_counts(by_municipality: pd.DataFrame) -> dict[str, int]:
    """Priorities by status summed over the municipalities shown."""
    return {k: int(by_municipality[k].sum()) for k in ["priorities", *STATUSES, "never_assessed"]}


def status_shares(counts) -> dict[str, float | int | None]:
    """The three shares with their denominator, the published "addressed" share (fully or
    partly) and the weighted score (fully 1, partly 0.5), all over every priority."""
    n = int(counts["priorities"])
    out = {"priorities": n, "never_assessed": int(counts["never_assessed"])}
    for status in STATUSES:
        out[status] = int(counts[status])
        out[f"share_{status}"] = counts[status] / n if n else None
    out["addressed"] = out["full"] + out["partial"]
    out["share_addressed"] = out["addressed"] / n if n else None
    out["weighted_score"] = (out["full"] + PARTIAL_WEIGHT * out["partial"]) / n if n else None
    return out


def with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds share_full/partial/none, share_addressed and weighted_score to a count frame."""
    out = frame.copy()
    n = out.priorities.where(out.priorities > 0)
    for status in STATUSES:
        out[f"share_{status}"] = out[status] / n
    out["share_addressed"] = (out.full + out.partial) / n
    out["weighted_score"] = (out.full + PARTIAL_WEIGHT * out.partial) / n
    return out


def format_date(value, t: Translator) -> str:
    """15 shtator 2025 / 15 Sep 2025."""
    return format_day(value, t.lang, "text")


def status_bars(categories: list[str], frame: pd.DataFrame, t: Translator, unit: str, height: int) -> go.Figure:
    """One horizontal bar per category (the first on top), stacked by status: fully, partly,
    not addressed."""
    segments = []
    for status in STATUSES:
        counts = frame[status].tolist()
        shares = frame[f"share_{status}"].tolist()
        segments.append(dict(
            x=counts, name=t.code("status", status), marker_color=palette.STATUS[status],
            **charts.inside_labels([format_number(c, t.lang) if c else "" for c in counts]),
            customdata=[[format_percent(s, t.lang), format_number(n, t.lang)] for s, n in zip(shares, frame.priorities)],
            hovertemplate="%{y}<br>" + t.code("status", status) + ": %{x} " + unit
                          + " (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        ))
    layout = {"legend": {"traceorder": "normal"}, "yaxis": {"autorange": "reversed"},
              "xaxis": {"title": {"text": t("contracts.axis_priorities")}}}
    return charts.stacked_bars(categories, segments, t.lang, height=height, layout=layout)


def sorted_by_addressed(by_municipality: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Municipalities with the highest addressed share first; ties by name."""
    frame = with_shares(by_municipality).assign(name=lambda f: f.municipality_code.map(lambda c: names.get(c, c)))
    return frame.sort_values(["share_addressed", "weighted_score", "name"], ascending=[False, False, True])


@remembered
def build_status_by_municipality(by_municipality: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Priorities per municipality by latest status, stacked; most addressed on top."""
    frame = sorted_by_addressed(by_municipality, names)
    return status_bars(frame.name.tolist(), frame, t, t("contracts.unit_priorities"), height=40 * len(frame) + 130)


def describe_status_by_municipality(by_municipality: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    """The municipality that addressed the largest share of its priorities, and the smallest."""
    frame = sorted_by_addressed(by_municipality, names)
    if frame.empty:
        return ""
    best = frame.iloc[0]
    if len(frame) == 1:
        return t("contracts.municipality_takeaway_one", name=escape_markdown(best["name"]),
                 addressed=format_number(best.full + best.partial, t.lang), n=format_number(best.priorities, t.lang),
                 share=format_percent(best.share_addressed, t.lang), none=format_number(best.none, t.lang))
    text = t("contracts.municipality_takeaway", name=escape_markdown(best["name"]), addressed=format_number(best.full + best.partial, t.lang),
             n=format_number(best.priorities, t.lang), share=format_percent(best.share_addressed, t.lang))
    if len(frame) > 1:
        worst = frame.iloc[-1]
        text += " " + t("contracts.municipality_takeaway_worst", name=escape_markdown(worst["name"]),
                        addressed=format_number(worst.full + worst.partial, t.lang),
                        n=format_number(worst.priorities, t.lang), share=format_percent(worst.share_addressed, t.lang))
    return text


@remembered
def build_history(history: pd.DataFrame, t: Translator) -> go.Figure:
    """The status shares as they stood on each assessment date (100% stacked columns)."""
    frame = with_shares(history)
    # The denominator under each date: it grows when a later contract joins the cycle.
    labels = [f"{format_date(d, t)}<br>n = {format_number(n, t.lang)}" for d, n in zip(frame.assessed_date, frame.priorities)]
    traces = []
    for status in STATUSES:
        shares = frame[f"share_{status}"]
        traces.append(charts.trace(
            "bar", x=labels, y=shares, name=t.code("status", status), marker_color=palette.STATUS[status],
            text=[format_percent(s, t.lang) if s >= 0.06 else "" for s in shares], textposition="inside",
            insidetextanchor="middle",
            customdata=[[format_number(c, t.lang), format_number(n, t.lang)] for c, n in zip(frame[status], frame.priorities)],
            hovertemplate="%{x}<br>" + t.code("status", status) + ": %{y:.0%} (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        ))
    layout = {"barmode": "stack", "legend": {"traceorder": "normal"}, "yaxis": {"range": [0, 1], "tickformat": ".0%"},
              "xaxis": {"type": "category"}}
    return charts.figure(traces, t.lang, height=380, layout=layout)


def describe_history(history: pd.DataFrame, t: Translator) -> str:
    """The addressed share at the first and the latest assessment date."""
    frame = with_shares(history)
    if frame.empty:
        return ""
    last = frame.iloc[-1]
    if len(frame) == 1:
        return t("contracts.history_takeaway_single", share=format_percent(last.share_addressed, t.lang),
                 date=format_date(last.assessed_date, t))
    first = frame.iloc[0]
    return t("contracts.history_takeaway", first=format_percent(first.share_addressed, t.lang),
             first_date=format_date(first.assessed_date, t), last=format_percent(last.share_addressed, t.lang),
             last_date=format_date(last.assessed_date, t), n=format_number(len(frame), t.lang))


@remembered
def build_pillars(by_pillar: pd.DataFrame, t: Translator) -> go.Figure:
    """Priorities per pillar by latest status, stacked; the pillar with most priorities on top."""
    frame = with_shares(by_pillar).sort_values(["priorities", "pillar"], ascending=[False, True])
    return status_bars([t.code("pillar", p) for p in frame.pillar], frame, t, t("contracts.unit_priorities"),
                       height=max(220, 52 * len(frame) + 110))


def describe_pillars(by_pillar: pd.DataFrame, t: Translator) -> str:
    """The pillar with most priorities and the one least addressed."""
    frame = with_shares(by_pillar)
    if frame.empty:
        return ""
    most = frame.loc[frame.priorities.idxmax()]
    least = frame.loc[frame.share_addressed.idxmin()]
    return t("contracts.pillar_takeaway", most=t.code("pillar", most.pillar), most_n=format_number(most.priorities, t.lang),
             least=t.code("pillar", least.pillar), least_share=format_percent(least.share_addressed, t.lang))


def priorities_table(priorities: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """The priorities for display: labels in the reader's language, a note where a priority
    was never assessed."""
    status = [t.code("status", s) + ("" if assessed else " " + t("contracts.never_assessed_mark"))
              for s, assessed in zip(priorities.status, priorities.assessed)]
    return pd.DataFrame({
        "municipality": priorities.municipality_code.map(lambda c: names.get(c, c)),
        "priority": priorities.text_sq,
        "status": status,
        "evidence": priorities.evidence,
        "assessed_date": priorities.assessed_date,
        "source": priorities.source.map(lambda s: t.code("assessment_source", s) if isinstance(s, str) else None),
        "pillar": priorities.pillar.map(lambda p: t.code("pillar", p)),
        "priority_id": priorities.priority_id,
    })


def describe_list(priorities: pd.DataFrame, t: Translator, status: str | None, municipality: str | None,
                  names: dict[str, str]) -> str:
    """"Fier: 3 priorities not addressed" for the table's current filters."""
    where = escape_markdown(names.get(municipality, municipality)) if municipality else t("contracts.all_municipalities")
    which = t.code("status", status).lower() if status else t("contracts.any_status")
    return t("contracts.list_count", where=where, n=format_number(len(priorities), t.lang), status=which)


def search_priorities(priorities: pd.DataFrame, text: str, names: dict[str, str]) -> pd.DataFrame:
    """The priorities whose code, municipality, text or evidence contains the search text
    (case and accents ignored: "korce" finds Korçë); blank text keeps them all."""
    if not text.strip():
        return priorities
    municipality = priorities.municipality_code.map(lambda c: names.get(c, c))
    return listing.search(priorities, text, [priorities.priority_id, priorities.municipality_code, municipality,
                                             priorities.text_sq, priorities.evidence])
