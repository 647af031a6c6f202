"""Civic engagement: figure builders and one-line takeaways for events, participants,
candidates and reach. Plain functions from query results to figures and sentences."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from popdash.data.schema import load_schema
from popdash.i18n import Translator, numbers
from popdash.i18n.numbers import format_number, format_percent, month_name
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, palette, privacy
from popdash.views.charts import figure, merged, trace
from popdash.views.figure_cache import remembered

DIMENSIONS = ("sex", "age_band", "role")
LIGHT = "#9ecae1"   # the lighter companion of palette.CATEGORICAL[0]


def codes(table: str, column: str) -> list[str]:
    """The allowed codes of a column, in the schema's order (the order charts use)."""
    return list(load_schema()[table].column(column).allowed)


def code_colors(table: str, column: str) -> dict[str, str]:
    """A fixed colour per code (the same on every chart), skipping the hard-to-read yellow."""
    colours = [c for c in palette.CATEGORICAL if c != "#F0E442"]
    return {code: colours[i % len(colours)] for i, code in enumerate(codes(table, column))}


def month_names(t: Translator) -> list[str]:
    """Jan, Shk, … Dhj / Jan, Feb, … Dec: the month axis of the charts."""
    return numbers.month_names(t.lang, "abbreviated", capitalize=True)


def cell_text(value, lang: str) -> str:
    return value if privacy.is_hidden(value) else format_number(value, lang)


def per_code(frame: pd.DataFrame, code_column: str, index_column: str, value_column: str, index,
             fill_value=0) -> dict[str, list]:
    """Each code's values along `index` (fill_value where it has none), read in one pass: these
    frames have a few dozen rows, where filtering or grouping them in pandas once per code cost
    milliseconds a chart on every rerun."""
    cells: dict[str, dict] = {}
    columns = (frame[code_column].tolist(), frame[index_column].tolist(), frame[value_column].tolist())
    for code, key, value in zip(*columns):
        cells.setdefault(code, {})[key] = value
    return {code: [row.get(i, fill_value) for i in index] for code, row in cells.items()}



def events_total(frame: pd.DataFrame) -> int:
    return int(frame.events.sum()) if not frame.empty else 0


def monthly_bars(frame: pd.DataFrame, table: str, code_column: str, value_column: str, t: Translator,
                 hover: str) -> list[dict]:
    """One bar trace per code of `table.code_column` with a value in some month, in the
    schema's order and colours: the stacks of a month-by-month chart."""
    months = month_names(t)
    colours = code_colors(table, code_column)
    series = per_code(frame, code_column, "month", value_column, range(1, 13))
    traces = []
    for code in codes(table, code_column):
        rows = series.get(code)
        if rows and any(rows):
            traces.append(trace("bar", x=months, y=rows, name=t.code(code_column, code), marker_color=colours[code],
                                hovertemplate=hover))
    return traces


@remembered
def events_by_month_chart(frame: pd.DataFrame, t: Translator) -> go.Figure:
    """Stacked bars: events per month of the year, by kind; every month shown, empty or not."""
    traces = monthly_bars(frame, "events", "event_type", "events", t, "%{x}: %{y}<extra>%{fullData.name}</extra>")
    totals = frame.groupby("month").events.sum().reindex(range(1, 13), fill_value=0)
    return event_columns(traces, month_names(t), totals.tolist(), t)


def events_by_month_takeaway(frame: pd.DataFrame, t: Translator, year: int) -> str:
    if frame.empty:
        return ""
    totals = frame.groupby("month").events.sum()
    busiest = int(totals.idxmax())
    return t("engagement.events_month_takeaway", n=format_number(events_total(frame), t.lang), year=year,
             month=month_name(busiest, t.lang), busiest=format_number(totals.max(), t.lang),
             active=len(totals))


@remembered
def events_by_year_chart(frame: pd.DataFrame, t: Translator, year: int) -> go.Figure:
    """Stacked bars: events per year, by kind; the chosen year drawn strong, the others faded."""
    years = sorted(frame.year.unique())
    labels = [str(y) for y in years]
    opacity = [1.0 if y == year else 0.45 for y in years]
    colours = code_colors("events", "event_type")
    series = per_code(frame, "event_type", "year", "events", years)
    traces = []
    for event_type in codes("events", "event_type"):
        rows = series.get(event_type)
        if not rows or not any(rows):
            continue
        traces.append(trace("bar", x=labels, y=rows, name=t.code("event_type", event_type),
                             marker=dict(color=colours[event_type], opacity=opacity),
                             hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>"))
    return event_columns(traces, labels, frame.groupby("year").events.sum().reindex(years).tolist(), t)


def event_columns(traces: list[dict], labels: list[str], totals: list, t: Translator) -> go.Figure:
    """Columns of events stacked by kind (`traces`), each column's total written above it."""
    layout = {"barmode": "stack", "yaxis": {"title": {"text": t("engagement.axis_events")}},
              "xaxis": {"type": "category"}}
    return figure([*traces, total_labels(labels, totals, t.lang)], t.lang,
                  layout=merged(layout, whole_number_ticks(max(totals))))


def events_by_year_takeaway(frame: pd.DataFrame, t: Translator, year: int) -> str:
    if frame.empty:
        return ""
    totals = frame.groupby("year").events.sum()
    now = int(totals.get(year, 0))
    if year - 1 not in totals.index:
        return t("engagement.events_year_takeaway_first", n=format_number(now, t.lang), year=year)
    before = int(totals[year - 1])
    key = "engagement.events_year_takeaway_up" if now > before else (
        "engagement.events_year_takeaway_down" if now < before else "engagement.events_year_takeaway_same")
    return t(key, n=format_number(now, t.lang), year=year, before=format_number(before, t.lang), previous=year - 1)


def by_municipality_chart(frame: pd.DataFrame, t: Translator, names: dict[str, str], value: str, table: str,
                          code_column: str, colours: dict[str, str], axis: str, min_height: int = 0) -> go.Figure:
    """Horizontal stacked bars: `value` per municipality, a segment per code of `table.code_column`
    that has any (schema order), the largest total on top; `axis` the value axis' title key."""
    totals = frame.groupby("municipality_code")[value].sum()
    order = totals.sort_values(kind="stable").index.tolist()
    series = per_code(frame, code_column, "municipality_code", value, order)
    segments = [dict(x=series[code], name=t.code(code_column, code), marker_color=colours[code],
                     hovertemplate=charts.SEGMENT_HOVER)
                for code in codes(table, code_column) if series.get(code) and any(series[code])]
    layout = merged({"xaxis": {"title": {"text": t(axis)}}}, whole_number_ticks(totals.max(), axis="x"))
    return charts.stacked_bars([names.get(c, c) for c in order], segments, t.lang,
                               height=max(min_height, bar_height(len(order))), layout=layout)


@remembered
def events_by_municipality_chart(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Horizontal stacked bars: events per municipality, by kind, the busiest on top."""
    return by_municipality_chart(frame, t, names, "events", "events", "event_type", code_colors("events", "event_type"),
                                 "engagement.axis_events")


def events_by_municipality_takeaway(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    """Where most and fewest events were held (names escaped: the sentence is markdown)."""
    if frame.empty:
        return ""
    totals = frame.groupby("municipality_code").events.sum().sort_values(ascending=False, kind="stable")
    top, low = (escape_markdown(names.get(c, c)) for c in (totals.index[0], totals.index[-1]))
    if len(totals) == 1:
        return t("engagement.events_municipality_takeaway_one", name=top, n=format_number(totals.iloc[0], t.lang))
    return t("engagement.events_municipality_takeaway", top=top, top_n=format_number(totals.iloc[0], t.lang),
             low=low, low_n=format_number(totals.iloc[-1], t.lang))



def network_row(summary: pd.DataFrame) -> pd.Series | None:
    """The network's own row of attendance_summary_by_municipality (None when no events)."""
    rows = summary[summary.is_total]
    return None if rows.empty else rows.iloc[0]


def headline(summary: pd.DataFrame) -> dict[str, int]:
    """Events, unique participants and visits of the whole selection (zeros without events)."""
    total = network_row(summary)
    keys = ("events", "unique_participants", "visits")
    return {k: int(total[k]) if total is not None else 0 for k in keys}


def protected_attendance(summary: pd.DataFrame) -> pd.DataFrame:
    """The per-municipality rows with small counts of people hidden (tables, charts, downloads)."""
    rows = summary[~summary.is_total].drop(columns="is_total").reset_index(drop=True)
    return privacy.suppress_small(rows, ["unique_participants", "visits"])


def visits_per_participant(total: pd.Series | None) -> float | None:
    if total is None or not total.unique_participants:
        return None
    return total.visits / total.unique_participants


@remembered
def attendance_chart(rows: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Per municipality: unique participants beside visits (suppressed cells: no bar, a label)."""
    rows = rows.assign(_order=privacy.numeric(rows.visits)).sort_values("_order", kind="stable")
    labels = [names.get(c, c) for c in rows.municipality_code]
    traces = [trace(
        "bar", y=labels, x=privacy.numeric(rows[column]).tolist(), orientation="h",
        name=t(f"engagement.{column}"), marker_color=colour,
        text=[cell_text(v, t.lang) for v in rows[column]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
    ) for column, colour in (("visits", LIGHT), ("unique_participants", palette.CATEGORICAL[0]))]
    layout = {"barmode": "group", "xaxis": {"title": {"text": t("engagement.axis_people")}}, "bargap": 0.25,
              "legend": {"traceorder": "reversed"}}
    return figure(traces, t.lang, height=bar_height(len(rows), per_bar=44), layout=layout)


def attendance_takeaway(total: pd.Series | None, t: Translator, year: int) -> str:
    ratio = visits_per_participant(total)
    if ratio is None:
        return ""
    return t("engagement.attendance_takeaway", year=year, ratio=format_number(ratio, t.lang, 1),
             visits=format_number(total.visits, t.lang), unique=format_number(total.unique_participants, t.lang))


def protected_groups(groups: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per code of the dimension (zeros included, in the schema's order), small counts
    hidden. The groups add up to the year's unique participants, so the secondary rule applies.
    No participants at all gives an empty frame (the page's empty state)."""
    if groups.empty:
        return pd.DataFrame({"group_code": [], "participants": [], "total": []})
    order = codes("attendance", dimension)
    counts = groups.set_index("group_code").participants.reindex(order, fill_value=0)
    frame = pd.DataFrame({"group_code": order, "participants": counts.astype(int).tolist(),
                          "total": int(groups.total.iloc[0])})
    return privacy.suppress_small(frame, ["participants"])


def group_total(rows: pd.DataFrame) -> int:
    """All unique participants of the groups, hidden ones included (shares are of this)."""
    return int(rows.total.iloc[0]) if not rows.empty else 0


@remembered
def group_chart(rows: pd.DataFrame, dimension: str, t: Translator) -> go.Figure:
    """Horizontal bars: participants per group, with their share; hidden cells labelled."""
    total = group_total(rows)
    labels = [t.code(dimension, c) for c in rows.group_code]
    text = []
    for value in rows.participants:
        if privacy.is_hidden(value):
            text.append(value)
        else:
            share = format_percent(value / total, t.lang) if total else "–"
            text.append(f"{format_number(value, t.lang)} ({share})")
    colours = code_colors("attendance", dimension)
    bars = trace(
        "bar", y=labels, x=privacy.numeric(rows.participants).tolist(), orientation="h",
        marker_color=[colours[c] for c in rows.group_code], text=text, textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
    )
    layout = {
        "yaxis": {"autorange": "reversed"},
        # Room on the right for the outside labels.
        "xaxis": {"range": [0, max(privacy.numeric(rows.participants).max(), 1) * 1.5], "showticklabels": False,
                  "showgrid": False},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    }
    return figure([bars], t.lang, height=60 + 34 * len(rows), layout=layout)


def group_takeaway(rows: pd.DataFrame, dimension: str, t: Translator) -> str:
    """The largest group and its share of all participants, written only from cells shown."""
    values = privacy.numeric(rows.participants)
    total = group_total(rows)
    if not values.sum():
        return t("engagement.group_takeaway_hidden") if total else ""
    top = values.idxmax()
    return t(f"engagement.group_takeaway_{dimension}", group=t.code(dimension, rows.group_code[top]),
             share=format_percent(values[top] / total, t.lang))


def group_download(rows: pd.DataFrame, dimension: str, t: Translator) -> pd.DataFrame:
    return rows.assign(group=[t.code(dimension, c) for c in rows.group_code])[
        ["group_code", "group", "participants", "total"]]



def protected_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Shares of women and young people per year; a share that would give away a count of 1 to
    4 (of the group or of the rest) is emptied. Counts leave only as shares."""
    out = shares[["year", "unique_participants", "share_women", "share_young", "target_women", "target_young"]].copy()
    for part, column in (("women", "share_women"), ("young", "share_young")):
        hidden = [privacy.share_hidden(p, w) for p, w in zip(shares[part], shares.unique_participants)]
        out.loc[hidden, column] = float("nan")
    return out


def share_figures(shares: pd.DataFrame, year: int) -> dict[str, tuple[float | None, float | None]]:
    """For the cards: {"women": (share, target), "young": (share, target)} of one year; None
    where there is no data, NaN where the share is hidden."""
    row = shares[shares.year == year]
    if row.empty:
        return {key: (None, None) for key in ("women", "young")}
    row = row.iloc[0]
    return {key: (row[f"share_{key}"], row[f"target_{key}"]) for key in ("women", "young")}


def share_card_text(share, t: Translator) -> str:
    """A share for a card: "–" without data, a note where it is hidden, else a percentage."""
    if share is None:
        return "–"
    if pd.isna(share):
        return t("engagement.hidden_share")
    return format_percent(share, t.lang, 1)


def target_note(goal, t: Translator, year: int) -> str:
    if goal is None or pd.isna(goal):
        return t("engagement.no_target", year=year)
    return t("engagement.vs_target", target=format_percent(goal, t.lang))


@remembered
def shares_chart(shares: pd.DataFrame, t: Translator, year: int) -> go.Figure:
    """Lines: share of women and of young people per year, targets as ticks in the line's colour."""
    labels = [str(y) for y in shares.year]
    traces = []
    for key, colour in (("women", palette.CATEGORICAL[3]), ("young", palette.CATEGORICAL[2])):
        values = shares[f"share_{key}"]
        # Each label on the side away from its year's target tick, so the two never overlap.
        positions = ["bottom center" if pd.notna(v) and pd.notna(g) and v < g else "top center"
                     for v, g in zip(values, shares[f"target_{key}"])]
        traces.append(trace(
            "scatter", x=labels, y=values.tolist(), mode="lines+markers+text", name=t(f"engagement.share_{key}"),
            line=dict(color=colour, width=3), marker=dict(size=9),
            text=[format_percent(v, t.lang) for v in values], textposition=positions,
            hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>",
        ))
        goals = shares[f"target_{key}"]
        if goals.notna().any():
            traces.append(trace(
                "scatter", x=labels, y=goals.tolist(), mode="markers", name=t(f"engagement.target_{key}"),
                marker=dict(symbol="line-ew-open", size=28, color=colour, line=dict(width=3, color=colour)),
                text=[format_percent(v, t.lang) for v in goals],
                hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>",
            ))
    top = max(0.6, float(pd.concat([shares.share_women, shares.share_young, shares.target_women,
                                     shares.target_young]).max(skipna=True) or 0) + 0.12)
    layout = {"yaxis": {"tickformat": ".0%", "range": [0, top], "title": {"text": t("engagement.axis_share")}},
              "xaxis": {"type": "category"}}
    return figure(traces, t.lang, layout=layout)


def shares_takeaway(shares: pd.DataFrame, t: Translator, year: int) -> str:
    row = shares[shares.year == year]
    if row.empty:
        return ""
    row = row.iloc[0]
    parts = []
    for key in ("women", "young"):
        share, goal = row[f"share_{key}"], row[f"target_{key}"]
        if pd.isna(share):
            parts.append(t(f"engagement.share_{key}_hidden"))
        elif pd.isna(goal):
            parts.append(t(f"engagement.share_{key}_no_target", share=format_percent(share, t.lang, 1)))
        else:
            verdict = t("engagement.target_met") if share >= goal else t("engagement.target_missed")
            parts.append(t(f"engagement.share_{key}_vs_target", share=format_percent(share, t.lang, 1),
                           target=format_percent(goal, t.lang), verdict=verdict))
    return t("engagement.shares_takeaway", year=year, women=parts[0], young=parts[1])



def engagement_colors() -> dict[str, str]:
    """One colour per kind of engagement, shared by both candidate charts."""
    return dict(zip(codes("candidates", "engagement"), [palette.CATEGORICAL[i] for i in (0, 4, 1)]))


@remembered
def candidates_by_engagement_chart(frame: pd.DataFrame, t: Translator) -> go.Figure:
    """Grouped bars: distinct candidates per election, one bar per kind of engagement."""
    elections = [e for e in codes("candidates", "election") if e in set(frame.election)]
    labels = [t.code("election", e) for e in elections]
    colours = engagement_colors()
    series = per_code(frame, "engagement", "election", "candidates", elections, fill_value=None)
    traces = []
    for engagement in codes("candidates", "engagement"):
        rows = series.get(engagement)
        if rows is None or all(v is None for v in rows):
            continue
        traces.append(trace(
            "bar", x=labels, y=[0 if v is None else v for v in rows], name=t.code("engagement", engagement),
            marker_color=colours[engagement],
            showlegend=True, text=[format_number(v, t.lang) if v is not None else "" for v in rows],
            textposition="outside", cliponaxis=False, hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
        ))
    layout = {"barmode": "group", "yaxis": {"title": {"text": t("engagement.axis_candidates")},
                                            "range": [0, max(frame.candidates.max(), 1) * 1.2]}}
    return figure(traces, t.lang, layout=merged(layout, whole_number_ticks(frame.candidates.max())))


def candidates_takeaway(frame: pd.DataFrame, t: Translator, year: int) -> str:
    if frame.empty:
        return ""
    by_kind = frame.groupby("engagement").candidates.sum().sort_values(ascending=False, kind="stable")
    return t("engagement.candidates_takeaway", year=year, n=format_number(frame.candidates_total.iloc[0], t.lang),
             kind=t.code("engagement", by_kind.index[0]), kind_n=format_number(by_kind.iloc[0], t.lang))


@remembered
def candidates_by_municipality_chart(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Horizontal stacked bars: candidates per municipality, by kind of engagement."""
    return by_municipality_chart(frame, t, names, "candidates", "candidates", "engagement", engagement_colors(),
                                 "engagement.axis_candidates", min_height=380)


def candidates_by_municipality_takeaway(frame: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    if frame.empty:
        return ""
    signed = frame[frame.engagement == "signed_contract"]
    places = signed.municipality_code.nunique()
    if signed.empty:
        return t("engagement.candidates_municipality_takeaway_none",
                 n=format_number(frame.municipality_code.nunique(), t.lang))
    return t("engagement.candidates_municipality_takeaway", places=format_number(places, t.lang),
             n=format_number(frame.municipality_code.nunique(), t.lang),
             signed=format_number(signed.candidates.sum(), t.lang))



@remembered
def reach_chart(frame: pd.DataFrame, t: Translator) -> go.Figure:
    """Stacked bars: people reached per month of the year, by channel."""
    traces = monthly_bars(frame, "outreach", "channel", "people_reached", t,
                          "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>")
    layout = {"barmode": "stack",
              # 12.000 rather than 12k: the reader's own separators
              "yaxis": {"title": {"text": t("engagement.axis_reached")}, "tickformat": ",d"},
              "xaxis": {"type": "category"}}
    return figure(traces, t.lang, layout=layout)


def reach_takeaway(frame: pd.DataFrame, t: Translator, year: int) -> str:
    if frame.empty or not frame.people_reached.sum():
        return ""
    by_channel = frame.groupby("channel").people_reached.sum().sort_values(ascending=False, kind="stable")
    total = by_channel.sum()
    return t("engagement.reach_takeaway", year=year, n=format_number(total, t.lang),
             channel=t.code("channel", by_channel.index[0]), share=format_percent(by_channel.iloc[0] / total, t.lang))



def total_labels(x: list, totals: list, lang: str) -> dict:
    """The total of each stacked bar written above it."""
    return trace("scatter", x=x, y=totals, mode="text", text=[format_number(v, lang) if v else "" for v in totals],
                      textposition="top center", showlegend=False, hoverinfo="skip", cliponaxis=False)


def whole_number_ticks(top, axis: str = "y") -> dict:
    """Counts have no halves: with small values, one tick per whole number (a layout fragment)."""
    if top is not None and top <= 10:
        return {f"{axis}axis": dict(tick0=0, dtick=1, tickformat=",d")}
    return {}


def bar_height(bars: int, per_bar: int = 30) -> int:
    """Enough height for horizontal bars to keep their labels readable."""
    return max(260, 110 + per_bar * bars)


def with_labels(frame: pd.DataFrame, t: Translator, names: dict[str, str] | None = None,
                **code_columns) -> pd.DataFrame:
    """A download copy with a readable label beside each code column (codes kept for joins)."""
    out = frame.copy()
    if names is not None and "municipality_code" in out:
        out.insert(out.columns.get_loc("municipality_code") + 1, "municipality",
                   [names.get(c, c) if isinstance(c, str) else t("engagement.network") for c in out.municipality_code])
    for column, group in code_columns.items():
        out.insert(out.columns.get_loc(column) + 1, f"{column}_label", [t.code(group, c) for c in out[column]])
    return out
