"""Figure builders: plain functions from data frames to Plotly figures, no data loading."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from popdash import palette
from popdash.formatting import format_number, plotly_separators
from popdash.i18n import Translator
from popdash.metrics import KEY_FIGURE_NAMES

FONT = "Source Sans Pro, Segoe UI, Noto Sans, DejaVu Sans, sans-serif"


def style(fig: go.Figure, lang: str, height: int = 380) -> go.Figure:
    """The look shared by every chart: readable type, the reader's number format."""
    fig.update_layout(
        template="plotly_white", height=height, font=dict(family=FONT, size=14),
        separators=plotly_separators(lang), margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=14),
    )
    return fig


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
