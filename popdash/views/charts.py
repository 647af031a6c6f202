"""Figure builders: plain functions from data frames to Plotly figures, no data loading."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, plotly_separators
from popdash.views import palette
from popdash.views.figure_cache import remembered
from popdash.views.key_figures import KEY_FIGURE_NAMES

FONT = "Source Sans Pro, Segoe UI, Noto Sans, DejaVu Sans, sans-serif"


# The trace types the dashboard draws; plotly_white's defaults for them are kept (the white
# outline between stacked bars, the hatching of patterned bars, plain colour bars).
TRACE_TYPES = ("bar", "scatter", "heatmap", "choropleth", "scattergeo")


def light_template() -> go.layout.Template:
    """plotly_white's look at a fraction of its cost, built once.

    Setting template="plotly_white" deep-copies and validates defaults for every trace type
    Plotly has (~10-50 ms per figure, paid on every rerun). We keep its layout, minus the polar,
    3-D and ternary settings no chart here uses, and its defaults for the trace types we draw.
    """
    white = pio.templates["plotly_white"]
    layout = white.layout.to_plotly_json()
    for unused in ("polar", "scene", "ternary"):
        layout.pop(unused, None)
    return go.layout.Template(layout=layout, data={kind: white.data[kind] for kind in TRACE_TYPES})


TEMPLATE = light_template()


def base_layout(lang: str, height: int = 380) -> dict:
    """The look shared by every chart, as layout properties: readable type, the reader's number
    format, the light template."""
    return dict(
        template=TEMPLATE, height=height, font=dict(family=FONT, size=14),
        separators=plotly_separators(lang), margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=14),
    )


def style(fig: go.Figure, lang: str, height: int = 380) -> go.Figure:
    """The look shared by every chart: readable type, the reader's number format. Laid over
    what the builder set, as update_layout would (nested settings merged key by key)."""
    # Property by property: update_layout gives the same figure at twice the cost, as it
    # records the change and replays it.
    for key, value in base_layout(lang, height).items():
        if isinstance(value, dict):
            value = merged(fig.layout[key].to_plotly_json(), value)
        fig.layout[key] = value
    return fig


def merged(base: dict, over: dict) -> dict:
    """`base` with `over` laid on top, nested dicts merged key by key (as update_layout does)."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def trace(kind: str, **properties) -> dict:
    """A trace for figure() as a plain dict, e.g. trace("bar", x=..., y=...): validated once,
    when the figure is made (a go.Bar object is validated when built and again when a figure
    copies it in)."""
    return {"type": kind, **properties}


def figure(traces, lang: str, height: int = 380, layout: dict | None = None, after: dict | None = None) -> go.Figure:
    """A styled figure made in one step: the builder's `layout`, the shared look over it (as
    style() lays it over what a builder set), then `after` over that.

    Plotly validates the whole figure again on every add_trace, update_layout and style call
    (5-10 ms a chart); a page with a dozen charts paid that on every rerun.
    """
    return go.Figure(data=list(traces), layout=merged(merged(layout or {}, base_layout(lang, height)), after or {}))


# Hover of a stacked segment: the category, its value, and the series' name beside the box.
SEGMENT_HOVER = "%{y}: %{x}<extra>%{fullData.name}</extra>"


def stacked_bars(categories: list, segments, lang: str, height: int, layout: dict | None = None,
                 after: dict | None = None) -> go.Figure:
    """Horizontal stacked bars: one bar per category (the first at the bottom unless `layout`
    reverses the axis), one segment per entry of `segments`, each a dict of that trace's own bar
    properties (name, x: a value per category, marker_color, text, hovertemplate, ...), stacked in
    the order given. `layout` and `after` as for figure(), over barmode "stack"."""
    traces = [trace("bar", y=categories, orientation="h", **segment) for segment in segments]
    return figure(traces, lang, height=height, layout=merged({"barmode": "stack"}, layout or {}), after=after)


def inside_labels(texts: list[str]) -> dict:
    """Segment properties that write each value inside its segment, centred."""
    return {"text": texts, "textposition": "inside", "insidetextanchor": "middle"}


@remembered
def key_figures_trend(by_year: pd.DataFrame, targets: pd.DataFrame, t: Translator, year: int,
                      show_targets: bool) -> go.Figure:
    """Small multiples: each key figure over the years, the chosen year highlighted, targets as
    markers (only for the whole network: targets are set for the network)."""
    fig = make_subplots(rows=2, cols=4, subplot_titles=[t(f"metric.{k}") for k in KEY_FIGURE_NAMES],
                        vertical_spacing=0.22, horizontal_spacing=0.06)
    years = [str(y) for y in by_year.year]
    for i, key in enumerate(KEY_FIGURE_NAMES):
        row, col = divmod(i, 4)
        values = by_year[key].tolist()
        fig.add_trace(go.Bar(
            x=years, y=values, name=t(f"metric.{key}"), showlegend=False,
            marker_color=[palette.CATEGORICAL[0] if y == str(year) else "#9ecae1" for y in years],
            text=[format_number(v, t.lang) for v in values], textposition="inside", textangle=0,
            insidetextanchor="end", textfont=dict(size=12),
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        ), row=row + 1, col=col + 1)
        if show_targets:
            goal = targets[targets.metric == key]
            if not goal.empty:
                fig.add_trace(go.Scatter(
                    x=goal.year.astype(str), y=goal.target, mode="markers", name=t("overview.target"),
                    marker=dict(symbol="line-ew-open", size=26, color=palette.TARGET, line=dict(width=3, color=palette.TARGET)),
                    showlegend=i == 0, hovertemplate=t("overview.target") + " %{x}: %{y:,.0f}<extra></extra>",
                ), row=row + 1, col=col + 1)
    fig.update_xaxes(type="category")
    fig.update_annotations(font_size=13)
    style(fig, t.lang, height=540)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.08, xanchor="right", x=1))
    return fig
