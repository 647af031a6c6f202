"""Reports and recommendations: figure builders, one-line takeaways and display tables for
the monitoring reports, the municipalities' responses, uptake and response times."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from popdash.data.schema import load_schema
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, listing, palette
from popdash.views.charts import style

RESPONSES = list(load_schema()["recommendations"].column("response").allowed)


def bar_height(bars: int, per_bar: int = 32) -> int:
    return max(260, 120 + per_bar * bars)


def reports_grid_chart(frame: pd.DataFrame, t: Translator, names: dict[str, str], year: int) -> go.Figure:
    """Municipalities x years: a coloured cell per report published (darker: more than one), with
    its recommendations written in it; empty where none was published."""
    years = list(range(int(frame.year.min()), int(frame.year.max()) + 1))
    wide = {column: frame.pivot_table(index="municipality_code", columns="year", values=column, aggfunc="sum")
            .reindex(columns=years) for column in ("reports", "recommendations")}
    grid = wide["reports"].sort_index(key=lambda codes: [names.get(c, c) for c in codes], ascending=False)
    recs = wide["recommendations"].reindex(grid.index)
    text = [[format_number(r if pd.notna(r) else 0, t.lang) if pd.notna(v) else "" for v, r in zip(row, rrow)]
            for row, rrow in zip(grid.values, recs.values)]
    hover = [[t("reports.grid_hover", reports=format_number(v, t.lang) if pd.notna(v) else "0",
                recommendations=format_number(r, t.lang) if pd.notna(r) else "0") for v, r in zip(row, rrow)]
             for row, rrow in zip(grid.values, recs.values)]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[str(y) for y in years], y=[names.get(c, c) for c in grid.index],
        text=text, texttemplate="%{text}", customdata=hover, hovertemplate="%{y}, %{x}: %{customdata}<extra></extra>",
        colorscale=[[0, palette.SEQUENTIAL[1]], [1, palette.SEQUENTIAL[2]]], showscale=False, xgap=3, ygap=3,
        zmin=1, zmax=max(2, float(grid.max().max())), textfont=dict(color=palette.NETWORK),
    ))
    fig.update_xaxes(type="category", side="top", showgrid=False)
    fig.update_yaxes(showgrid=False)
    # Mark the chosen year's column.
    if year in years:
        index = years.index(year)
        fig.add_shape(type="rect", xref="x", yref="paper", x0=index - 0.5, x1=index + 0.5, y0=0, y1=1,
                      line=dict(color=palette.NETWORK, width=2))
    fig.update_layout(margin=dict(l=10, r=10, t=40, b=10))
    return style(fig, t.lang, height=bar_height(len(grid), per_bar=34))


def reports_grid_takeaway(frame: pd.DataFrame, t: Translator, year: int, municipalities: int) -> str:
    if frame.empty:
        return ""
    now = frame[frame.year == year]
    return t("reports.grid_takeaway", year=year, n=format_number(now.reports.sum(), t.lang),
             covered=format_number(now.municipality_code.nunique(), t.lang),
             of=format_number(municipalities, t.lang), total=format_number(frame.reports.sum(), t.lang),
             first=int(frame.year.min()))


def responses_chart(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Horizontal stacked bars: each municipality's recommendations by its response."""
    wide = frame.pivot_table(index="municipality_code", columns="response", values="recommendations",
                             aggfunc="sum", fill_value=0).reindex(columns=RESPONSES, fill_value=0)
    taken = (wide.accepted + wide.partly) / wide.sum(axis=1)
    wide = wide.loc[taken.sort_values(kind="stable").index]
    labels = [names.get(c, c) for c in wide.index]
    segments = [dict(x=wide[response].tolist(), name=t.code("response", response),
                     marker_color=palette.RESPONSE[response],
                     **charts.inside_labels([format_number(v, t.lang) if v else "" for v in wide[response]]),
                     hovertemplate=charts.SEGMENT_HOVER)
                for response in RESPONSES if wide[response].sum()]
    layout = {"xaxis": {"title": {"text": t("reports.axis_recommendations")}}, "legend": {"traceorder": "normal"}}
    return charts.stacked_bars(labels, segments, t.lang, height=bar_height(len(wide)), layout=layout)


def responses_takeaway(frame: pd.DataFrame, t: Translator, year: int) -> str:
    if frame.empty:
        return ""
    counts = frame.groupby("response").recommendations.sum().reindex(RESPONSES, fill_value=0)
    return t("reports.responses_takeaway", year=year, n=format_number(counts.sum(), t.lang),
             accepted=format_number(counts.accepted, t.lang), partly=format_number(counts.partly, t.lang),
             rejected=format_number(counts.rejected, t.lang), no_answer=format_number(counts.no_answer, t.lang))


def network_row(frame: pd.DataFrame) -> pd.Series | None:
    """The row for the whole selection (is_total) of a query that has one."""
    rows = frame[frame.is_total]
    return None if rows.empty else rows.iloc[0]


def municipality_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame.is_total].drop(columns="is_total").reset_index(drop=True)


def uptake_chart(uptake: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Uptake per municipality as bars, the weighted uptake as a marker, the network as a line."""
    rows = municipality_rows(uptake).sort_values(["uptake", "uptake_weighted"], kind="stable")
    labels = [names.get(c, c) for c in rows.municipality_code]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=labels, x=rows.uptake.tolist(), orientation="h", name=t("reports.uptake"),
        marker_color=palette.RESPONSE["accepted"], text=[format_percent(v, t.lang) for v in rows.uptake],
        textposition="inside", insidetextanchor="start",
        customdata=[t("reports.uptake_hover", taken=format_number(a + p, t.lang), n=format_number(n, t.lang))
                    for a, p, n in zip(rows.accepted, rows.partly, rows.recommendations)],
        hovertemplate="%{y}: %{text} (%{customdata})<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        y=labels, x=rows.uptake_weighted.tolist(), mode="markers", name=t("reports.uptake_weighted"),
        marker=dict(symbol="diamond", size=12, color=palette.CATEGORICAL[3], line=dict(width=1, color="white")),
        text=[format_percent(v, t.lang) for v in rows.uptake_weighted],
        hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
    ))
    total = network_row(uptake)
    if total is not None and labels:
        # The network's uptake as a line with its own legend entry (no annotation to collide with).
        fig.add_trace(go.Scatter(
            x=[total.uptake, total.uptake], y=[labels[0], labels[-1]], mode="lines",
            name=t("reports.network_line", value=format_percent(total.uptake, t.lang)),
            line=dict(color=palette.NETWORK, dash="dash", width=2), hoverinfo="skip",
        ))
    fig.update_xaxes(range=[0, 1.08], tickformat=".0%", title=t("reports.axis_share"))
    return style(fig, t.lang, height=bar_height(len(rows)) + 30)


def uptake_takeaway(uptake: pd.DataFrame, t: Translator, year: int) -> str:
    total = network_row(uptake)
    if total is None:
        return ""
    return t("reports.uptake_takeaway", year=year, uptake=format_percent(total.uptake, t.lang),
             taken=format_number(total.accepted + total.partly, t.lang), n=format_number(total.recommendations, t.lang),
             weighted=format_percent(total.uptake_weighted, t.lang))


def uptake_extremes(uptake: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    """Which municipalities took up most and least (ties named together, names escaped for
    markdown); empty when all equal."""
    rows = municipality_rows(uptake)
    if rows.uptake.nunique() < 2:
        return ""

    def named(value) -> str:
        codes = rows[rows.uptake == value].municipality_code
        return ", ".join(sorted(escape_markdown(names.get(c, c)) for c in codes))

    top, low = rows.uptake.max(), rows.uptake.min()
    return t("reports.uptake_extremes", top=named(top), top_value=format_percent(top, t.lang), low=named(low),
             low_value=format_percent(low, t.lang))


def response_time_chart(days: pd.DataFrame, times: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Days to answer per municipality: every answered recommendation as a dot, the median as a bar."""
    rows = municipality_rows(times).dropna(subset=["median_days"]).sort_values("median_days", ascending=False,
                                                                               kind="stable")
    order = rows.municipality_code.tolist()
    labels = [names.get(c, c) for c in order]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=labels, x=rows.median_days.tolist(), orientation="h", name=t("reports.median_days"),
        marker_color=palette.SEQUENTIAL[1], text=[format_number(v, t.lang, 0) for v in rows.median_days],
        textposition="inside", insidetextanchor="start",
        hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
    ))
    # Recommendations answered after the same number of days in the same municipality would be
    # drawn on top of each other: one dot each, with their number in the hover, keeps the
    # picture and keeps the figure small when a network has tens of thousands of them.
    dots = (days[days.municipality_code.isin(order)]
            .groupby(["response", "municipality_code", "days"], sort=False).size().rename("n").reset_index())
    for response in ("accepted", "partly", "rejected"):
        points = dots[dots.response == response]
        if points.empty:
            continue
        fig.add_trace(go.Scatter(
            y=points.municipality_code.map(lambda c: names.get(c, c)).to_numpy(dtype=object),
            x=points.days.to_numpy(), customdata=points.n.to_numpy(), mode="markers",
            name=t.code("response", response),
            marker=dict(color=palette.RESPONSE[response], size=9, opacity=0.85, line=dict(width=1, color="white")),
            hovertemplate=t("reports.dot_hover") + "<extra>%{fullData.name}</extra>",
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=labels)
    fig.update_xaxes(title=t("reports.axis_days"), rangemode="tozero")
    return style(fig, t.lang, height=bar_height(len(order)))


def response_time_takeaway(times: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    total = network_row(times)
    if total is None:
        return ""
    if not total.answered:
        return t("reports.response_time_none", no_answer=format_number(total.no_answer, t.lang))
    return t("reports.response_time_takeaway", median=format_number(total.median_days, t.lang),
             answered=format_number(total.answered, t.lang), no_answer=format_number(total.no_answer, t.lang))


def headline(uptake: pd.DataFrame, times: pd.DataFrame, reports: pd.DataFrame) -> dict:
    """The figures on the cards: reports, recommendations, uptake, weighted uptake, median days."""
    total, time = network_row(uptake), network_row(times)
    return {
        "reports": len(reports),
        "recommendations": int(total.recommendations) if total is not None else 0,
        "uptake": total.uptake if total is not None else None,
        "uptake_weighted": total.uptake_weighted if total is not None else None,
        "median_days": time.median_days if time is not None and time.answered else None,
        "no_answer": int(time.no_answer) if time is not None else 0,
    }


def reports_table(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """The reports list as shown and downloaded: municipality names, uptake as a percentage."""
    return pd.DataFrame({
        "municipality": [names.get(c, c) for c in frame.municipality_code],
        "published_date": frame.published_date.dt.date,
        "title": frame.title,
        "url": frame.url,
        "recommendations": frame.recommendations,
        "accepted": frame.accepted,
        "partly": frame.partly,
        "rejected": frame.rejected,
        "no_answer": frame.no_answer,
        "uptake": [format_percent(v, t.lang) for v in frame.uptake],
        "report_id": frame.report_id,
    })


def recommendations_table(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """The recommendations as shown and downloaded: response in words, days to the answer."""
    return pd.DataFrame({
        "municipality": [names.get(c, c) for c in frame.municipality_code],
        "recommendation": frame.text_sq,
        "response": [t.code("response", r) for r in frame.response],
        "response_date": frame.response_date.dt.date,
        "days": frame.days,
        "report_id": frame.report_id,
        "recommendation_id": frame.recommendation_id,
    })


def search_reports(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """The reports (as shown) whose municipality, title or code contains the search text (case
    and accents ignored: "korce" finds Korçë); blank text keeps them all."""
    return listing.search(table, text, [table.municipality, table.title, table.report_id])


def search_recommendations(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """The recommendations (as shown) whose municipality, text, response in words or code
    contains the search text (case and accents ignored); blank text keeps them all."""
    return listing.search(table, text, [table.municipality, table.recommendation, table.response,
                                        table.recommendation_id, table.report_id])


def with_names(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """A download copy with the municipality's name (or "network" on the total row) and the
    response in words beside the codes."""
    out = frame.copy()
    if "municipality_code" in out:
        out.insert(out.columns.get_loc("municipality_code") + 1, "municipality",
                   [names.get(c, c) if isinstance(c, str) else t("reports.network") for c in out.municipality_code])
    if "response" in out:
        out.insert(out.columns.get_loc("response") + 1, "response_label", [t.code("response", r) for r in out.response])
    return out


def report_choices(reports: pd.DataFrame, t: Translator, names: dict[str, str]) -> dict[str, str]:
    """Report id -> label for the picker, with "" meaning all the year's reports."""
    choices = {"": t("reports.all_reports")}
    for row in reports.itertuples():
        choices[row.report_id] = f"{names.get(row.municipality_code, row.municipality_code)} · {row.title}"
    return choices
