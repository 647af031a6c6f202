"""The results as charts, each with the one-line takeaway written under it: achievement against
the targets in a year, one indicator over the years, and its breakdown by a dimension."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from popdash.i18n import translate
from popdash.i18n.numbers import format_percent
from popdash.views import charts, palette
from popdash.views.figure_cache import remembered
from popdash.views.results import NEARLY_MET, STATUSES, year_rows
from popdash.views.results_format import STATUS_COLORS, STATUS_PATTERNS, format_achieved, format_value, status_label
from popdash.views.results_framework import Framework, Indicator

BAR_CAP = 1.5  # bars stop at 150% of the target so one large figure does not squash the rest


def group_label(dimension: str, group: str, lang: str, names: dict[str, str] | None = None) -> str:
    if dimension == "municipality":
        return (names or {}).get(group, group)
    return translate(lang, f"results.code.{dimension}.{group}")


def wrap(text: str, width: int = 46) -> str:
    """Break a long label into lines for a chart axis."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


@remembered
def achievement_chart(table: pd.DataFrame, framework: Framework, year: int, lang: str):
    """Each indicator's share of its target achieved in a year, coloured and patterned by
    status, with the 90% and 100% lines."""
    rows = year_rows(table, year).set_index("code").reindex([i.code for i in framework.indicators]).reset_index()
    labels = [wrap(f"{c} · {framework.indicator(c).name(lang)}") for c in rows.code]
    fig = go.Figure()
    for status in STATUSES:
        part = rows.status == status
        if not part.any():
            continue
        shares = rows.achieved[part]
        fig.add_trace(go.Bar(
            y=[label for label, keep in zip(labels, part) if keep],
            x=[min(s, BAR_CAP) * 100 if s is not None and pd.notna(s) else 0 for s in shares],
            orientation="h", name=status_label(status, lang),
            marker=dict(color=STATUS_COLORS[status],
                        pattern=dict(shape=STATUS_PATTERNS[status], fgcolor="#ffffff", fgopacity=0.5)),
            text=[f"{format_achieved(s, lang)} · {status_label(status, lang)}" if s is not None and pd.notna(s)
                  else status_label(status, lang) for s in shares],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        ))
    for mark in (NEARLY_MET * 100, 100):
        fig.add_vline(x=mark, line_dash="dot" if mark < 100 else "solid", line_color="#333333", line_width=1)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", tickfont=dict(size=12))
    fig.update_xaxes(range=[0, BAR_CAP * 100 + 45], ticksuffix="%", tickvals=[0, 50, 90, 100, 150],
                     title=translate(lang, "results.chart.achieved_axis", year=year))
    fig = charts.style(fig, lang, height=70 + 34 * len(rows))
    fig.update_layout(barmode="overlay", bargap=0.3)
    return fig


def chart_value(value, unit: str):
    """Values on a chart axis: shares in percent points."""
    if value is None or pd.isna(value):
        return None
    return float(value) * 100 if unit == "percent" else float(value)


@remembered
def history_chart(table: pd.DataFrame, indicator: Indicator, lang: str):
    """One indicator over the years: actual bars coloured by status, targets as marks, the
    baseline as a dashed line."""
    rows = table[table.code == indicator.code].sort_values("year")
    years = rows.year.astype(str).tolist()
    suffix = "%" if indicator.unit == "percent" else ""
    fig = go.Figure(go.Bar(
        x=years, y=[chart_value(v, indicator.unit) for v in rows.actual], name=translate(lang, "results.chart.actual"),
        marker=dict(color=[STATUS_COLORS[s] for s in rows.status],
                    pattern=dict(shape=[STATUS_PATTERNS[s] for s in rows.status], fgcolor="#ffffff", fgopacity=0.5)),
        text=[format_value(v, indicator.unit, lang) for v in rows.actual], textposition="inside",
        insidetextanchor="middle", hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=years, y=[chart_value(v, indicator.unit) for v in rows.target], mode="markers",
        name=translate(lang, "results.chart.target"),
        marker=dict(symbol="line-ew-open", size=40, color="#000000", line=dict(width=4, color="#000000")),
        text=[format_value(v, indicator.unit, lang) for v in rows.target],
        hovertemplate=translate(lang, "results.chart.target") + " %{x}: %{text}<extra></extra>",
    ))
    baseline = rows.dropna(subset=["baseline"])
    if not baseline.empty:
        first = baseline.iloc[0]
        # A legend entry rather than an annotation: a label on the line would sit on the bars.
        fig.add_trace(go.Scatter(
            x=years, y=[chart_value(first.baseline, indicator.unit)] * len(years), mode="lines",
            line=dict(dash="dash", color="#555555", width=2), hoverinfo="skip",
            name=translate(lang, "results.chart.baseline", year=int(first.baseline_year),
                           value=format_value(first.baseline, indicator.unit, lang)),
        ))
    fig.update_xaxes(type="category")
    fig.update_yaxes(ticksuffix=suffix, rangemode="tozero")
    return charts.style(fig, lang, height=340)


@remembered
def breakdown_chart(frame: pd.DataFrame, indicator: Indicator, dimension: str, lang: str,
                    names: dict[str, str] | None = None):
    """An indicator's values by sex, age band or municipality; hidden small counts and values
    resting on too little data are shown as such, never as numbers."""
    labels = [group_label(dimension, g, lang, names) for g in frame.group]
    texts, colours = [], []
    for _, r in frame.iterrows():
        if r.mark:
            texts.append(r.mark)
        elif not r.valid:
            texts.append(translate(lang, "results.insufficient"))
        else:
            texts.append(format_value(r.value, indicator.unit, lang))
        colour = palette.municipality_color(r.group) if dimension == "municipality" else palette.CATEGORICAL[0]
        colours.append(colour if r.valid and not r.mark else "#CCCCCC")
    values = [0 if (r.mark or pd.isna(r.value)) else chart_value(r.value, indicator.unit) for _, r in frame.iterrows()]
    horizontal = dimension == "municipality"
    bar = go.Bar(
        x=values if horizontal else labels, y=labels if horizontal else values,
        orientation="h" if horizontal else "v", marker_color=colours, text=texts,
        textposition="outside", cliponaxis=False, hovertemplate="%{text}<extra></extra>", showlegend=False,
    )
    fig = go.Figure(bar)
    suffix = "%" if indicator.unit == "percent" else ""
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(ticksuffix=suffix, rangemode="tozero")
    else:
        fig.update_yaxes(ticksuffix=suffix, rangemode="tozero")
        fig.update_xaxes(type="category")
    return charts.style(fig, lang, height=max(280, 60 + 30 * len(frame)) if horizontal else 300)


def achievement_takeaway(table: pd.DataFrame, framework: Framework, year: int, lang: str) -> str:
    """One line on how the year went against the targets, written from the figures."""
    rows = year_rows(table, year)
    targeted = rows[rows.status.isin(["met", "nearly_met", "not_met"])]
    if targeted.empty:
        return translate(lang, "results.takeaway.no_targets", year=year)
    met = int((targeted.status == "met").sum())
    if met == len(targeted):
        return translate(lang, "results.takeaway.all_met", year=year, n=met)
    worst = targeted.sort_values("achieved").iloc[0]
    return translate(lang, "results.takeaway.achievement", year=year, met=met, n=len(targeted),
                     name=framework.indicator(worst.code).name(lang), achieved=format_achieved(worst.achieved, lang))


def history_takeaway(table: pd.DataFrame, indicator: Indicator, year: int, lang: str) -> str:
    """One line on an indicator in the chosen year against its target and baseline."""
    row = table[(table.code == indicator.code) & (table.year == year)]
    if row.empty or row.iloc[0].status == "no_data":
        return translate(lang, "results.takeaway.history_no_data", name=indicator.name(lang), year=year)
    r = row.iloc[0]
    values = dict(name=indicator.name(lang), year=year, actual=format_value(r.actual, indicator.unit, lang))
    if r.status == "no_target":
        return translate(lang, "results.takeaway.history_no_target", **values)
    return translate(lang, "results.takeaway.history", **values, target=format_value(r.target, indicator.unit, lang),
                     achieved=format_achieved(r.achieved, lang), status=status_label(r.status, lang).lower())


def breakdown_takeaway(frame: pd.DataFrame, indicator: Indicator, dimension: str, lang: str,
                       names: dict[str, str] | None = None) -> str:
    """One line on a breakdown: the largest group and its share, or the highest and lowest."""
    shown = frame[(frame.mark == "") & frame.valid & frame.value.notna()]
    if shown.empty:
        return translate(lang, "results.takeaway.breakdown_empty")
    top = shown.sort_values("value", ascending=False).iloc[0]
    label = lambda g: group_label(dimension, g, lang, names)  # noqa: E731
    if dimension in ("sex", "age_band") and indicator.unit == "count":
        share = top.value / frame.value.sum() if (frame.mark == "").all() else None
        if share is None:
            return translate(lang, "results.takeaway.breakdown_largest", group=label(top.group),
                             value=format_value(top.value, indicator.unit, lang))
        return translate(lang, "results.takeaway.breakdown_share", group=label(top.group),
                         value=format_value(top.value, indicator.unit, lang), share=format_percent(share, lang))
    low = shown.sort_values("value").iloc[0]
    if len(shown) == 1:
        return translate(lang, "results.takeaway.breakdown_one", group=label(top.group),
                         value=format_value(top.value, indicator.unit, lang))
    return translate(lang, "results.takeaway.breakdown_range", top=label(top.group),
                     top_value=format_value(top.value, indicator.unit, lang), low=label(low.group),
                     low_value=format_value(low.value, indicator.unit, lang))
