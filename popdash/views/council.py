"""Council monitoring: figures, chart builders and data-written takeaways for the council page
(meetings monitored, how often each transparency duty was met, the index over the years)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from popdash.data import rubric
from popdash.i18n import Translator, localized
from popdash.i18n.numbers import format_change, format_number, format_percent, month_names
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, palette
from popdash.views.figure_cache import remembered

NETWORK = "network"
# Glyphs every font has (the data grid draws on a canvas and cannot fall back to another font).
SCORE_SYMBOLS = {"full": "✓", "half": "½", "zero": "✗", "not_observed": "–"}
MEETING_INDICATORS = ["I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08"]
FULL_COLOR = palette.CATEGORICAL[0]
HALF_COLOR = palette.CATEGORICAL[4]


def scores_for_year(scores: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year of indicator_scores_by_municipality, with the shares of the observed
    meetings (or periods) that met each duty: not observed is left out, as in the index."""
    frame = scores[scores.year == year].copy()
    return with_observed_shares(frame)


def with_observed_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """share_full and share_half over the observed scores (full + half + zero)."""
    observed = frame.observed.where(frame.observed > 0)
    frame["share_full"] = frame.n_full / observed
    frame["share_half"] = frame.n_half / observed
    return frame


def legal_minimum_codes(scores: pd.DataFrame) -> set[str]:
    """Indicators the law sets (legal_minimum in data/rubric.toml)."""
    return set(scores.loc[scores.legal_minimum.astype(bool), "indicator_code"])


def min_meetings() -> int:
    """Fewest monitored meetings a score may rest on (data/rubric.toml)."""
    return rubric.min_meetings()


def indicator_label(code: str, t: Translator, legal: set[str] = frozenset()) -> str:
    """"I01 · Notice ≥ 5 days", with § after the duties the law sets."""
    mark = " §" if code in legal else ""
    return f"{code} · {t(f'indicator.{code}.label')}{mark}"


def ordered_names(codes, names: dict[str, str]) -> list[str]:
    """Municipality codes sorted by their name in the reader's language."""
    return sorted(dict.fromkeys(codes), key=lambda c: names.get(c, c))


def observed_months(by_month: pd.DataFrame) -> int:
    """Months of the year up to the last one with any monitored meeting: later months may
    simply not have happened yet, so they are not counted as gaps."""
    with_meetings = by_month.loc[by_month.meetings > 0, "month"]
    return int(with_meetings.max()) if not with_meetings.empty else 0


def meetings_summary(by_month: pd.DataFrame) -> dict:
    """Meetings monitored, municipalities with at least one, and municipality-months without
    a monitored meeting (up to the last month with data)."""
    last = observed_months(by_month)
    totals = by_month.groupby("municipality_code").meetings.sum()
    gaps = by_month[(by_month.month <= last) & (by_month.meetings == 0)]
    return {
        "meetings": int(totals.sum()),
        "municipalities": int((totals > 0).sum()),
        "gap_months": len(gaps),
        "gap_municipalities": gaps.municipality_code.nunique(),
        "last_month": last,
        "totals": totals,
    }


def describe_meetings(by_month: pd.DataFrame, t: Translator, names: dict[str, str], year: int) -> str:
    """One line: how many meetings, where most, where months went unmonitored."""
    summary = meetings_summary(by_month)
    if summary["meetings"] == 0:
        return t("council.meetings_none", year=year)
    totals = summary["totals"]
    top = totals.idxmax()
    if len(totals) == 1:
        text = t("council.meetings_takeaway_one", name=escape_markdown(names.get(top, top)), year=year,
                 meetings=format_number(summary["meetings"], t.lang))
        if summary["gap_months"]:
            return text + " " + t("council.meetings_gaps_one", months=summary["gap_months"])
        return text + " " + t("council.meetings_no_gaps_one")
    text = t("council.meetings_takeaway", meetings=format_number(summary["meetings"], t.lang), year=year,
             municipalities=summary["municipalities"], top=escape_markdown(names.get(top, top)),
             top_meetings=format_number(totals.max(), t.lang))
    if summary["gap_months"]:
        return text + " " + t("council.meetings_gaps", municipalities=summary["gap_municipalities"],
                              months=summary["gap_months"])
    return text + " " + t("council.meetings_no_gaps")


@remembered
def build_meetings_month_chart(by_month: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """Municipality x month grid of monitored meetings, the count written in each cell."""
    order = ordered_names(by_month.municipality_code, names)
    grid = by_month.pivot(index="municipality_code", columns="month", values="meetings").reindex(order)
    totals = grid.sum(axis=1)
    months = [month_names(t.lang, "abbreviated", capitalize=True)[int(m) - 1] for m in grid.columns]
    rows = [f"{names.get(c, c)} ({format_number(totals[c], t.lang)})" for c in order]
    grid_trace = charts.trace(
        "heatmap",
        # Both ends fixed: with zmin alone Plotly rescales to the data and one meeting looks like none.
        z=grid.values, x=months, y=rows, colorscale=charts_scale(), zmin=0, zmax=max(2, int(grid.max().max())),
        text=grid.values, texttemplate="%{text}", xgap=2, ygap=2, showscale=False,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
    )
    return charts.figure([grid_trace], t.lang, height=44 * len(order) + 90,
                         layout={"yaxis": {"autorange": "reversed"}, "xaxis": {"side": "top"}})


def charts_scale() -> list:
    """The sequential colour-blind-safe scale as a Plotly colorscale."""
    steps = palette.SEQUENTIAL
    return [[i / (len(steps) - 1), c] for i, c in enumerate(steps)]


def indicator_shares(scores: pd.DataFrame, scope: str = NETWORK) -> pd.DataFrame:
    """Per indicator, how often it was met for the network (counts summed over the chosen
    municipalities) or for one municipality. Period-level indicators count municipalities."""
    frame = scores if scope == NETWORK else scores[scores.municipality_code == scope]
    counts = frame.groupby(["indicator_code", "level"], as_index=False)[
        ["opportunities", "observed", "n_full", "n_half", "n_zero", "n_not_observed"]].sum()
    return with_observed_shares(counts).sort_values("indicator_code").reset_index(drop=True)


@remembered
def build_indicator_bars(shares: pd.DataFrame, t: Translator, legal: set[str]) -> go.Figure:
    """Stacked horizontal bars per indicator: share met in full, then share met by half."""
    labels = [indicator_label(c, t, legal) for c in shares.indicator_code]
    units = [t("council.unit_meetings") if level == "meeting" else t("council.unit_municipalities")
             for level in shares.level]
    segments = []
    for column, key, color in (("share_full", "full", FULL_COLOR), ("share_half", "half", HALF_COLOR)):
        values = shares[column]
        segments.append(dict(
            x=values, name=t(f"council.share_{key}"), marker_color=color,
            **charts.inside_labels([format_percent(v, t.lang) if pd.notna(v) and v >= 0.06 else "" for v in values]),
            customdata=list(zip(shares.observed, units)),
            hovertemplate="%{y}<br>" + t(f"council.share_{key}") + ": %{x:.0%}<br>n = %{customdata[0]} %{customdata[1]}<extra></extra>",
        ))
    layout = {"legend": {"traceorder": "normal"}, "xaxis": {"range": [0, 1], "tickformat": ".0%"},
              "yaxis": {"autorange": "reversed"}}
    return charts.stacked_bars(labels, segments, t.lang, height=max(260, 34 * len(labels) + 90), layout=layout)


def describe_indicators(shares: pd.DataFrame, t: Translator, scope_name: str) -> str:
    """The meeting duty met in full most often and the one met least often (period-level
    indicators count municipalities, not meetings, so they are left out of the comparison)."""
    known = shares[(shares.level == "meeting") & shares.share_full.notna()]
    if known.empty:
        return t("council.indicators_none")
    best = known.loc[known.share_full.idxmax()]
    worst = known.loc[known.share_full.idxmin()]
    return t("council.indicators_takeaway", scope=escape_markdown(scope_name),
             best=t(f"indicator.{best.indicator_code}.label"), best_share=format_percent(best.share_full, t.lang),
             worst=t(f"indicator.{worst.indicator_code}.label"), worst_share=format_percent(worst.share_full, t.lang))


def wrap_name(name: str, width: int = 8) -> str:
    """A long name on two lines (Vau i<br>Dejës), so neighbouring column titles never touch."""
    if len(name) <= width or " " not in name:
        return name
    cut = name.rfind(" ", 0, len(name) // 2 + 2)
    cut = cut if cut > 0 else name.find(" ")
    return name[:cut] + "<br>" + name[cut + 1:]


def heatmap_frame(shares: pd.DataFrame, network: pd.DataFrame, names: dict[str, str], t: Translator) -> pd.DataFrame:
    """The chosen municipalities (by name) then the whole network of the year, each with its
    share met in full per indicator."""
    order = ordered_names(shares.municipality_code, names)
    # One stable sort rather than one filter per municipality (61 of them in a large network).
    rank = {code: i for i, code in enumerate(order)}
    rows = shares.iloc[shares.municipality_code.map(rank).argsort(kind="stable")]
    rows = rows.assign(column=[names.get(code, code) for code in rows.municipality_code])
    total = indicator_shares(network).assign(municipality_code=NETWORK, column=t("council.network"))
    return pd.concat([rows, total], ignore_index=True)


@remembered
def build_indicator_heatmap(shares: pd.DataFrame, network: pd.DataFrame, t: Translator, names: dict[str, str],
                            legal: set[str]) -> go.Figure:
    """Indicator x municipality grid of the share of meetings that met each duty in full,
    the whole network in the last column as the benchmark."""
    frame = heatmap_frame(shares, network, names, t)
    columns = list(dict.fromkeys(frame.column))
    codes = sorted(frame.indicator_code.unique())
    z = frame.pivot(index="indicator_code", columns="column", values="share_full").reindex(index=codes, columns=columns)
    half = frame.pivot(index="indicator_code", columns="column", values="share_half").reindex(index=codes, columns=columns)
    observed = frame.pivot(index="indicator_code", columns="column", values="observed").reindex(index=codes, columns=columns)
    text = [[format_percent(v, t.lang) if pd.notna(v) else "–" for v in row] for row in z.values]
    hover = [[t("council.heatmap_hover", full=format_percent(f, t.lang), half=format_percent(h, t.lang),
                n=format_number(n, t.lang)) for f, h, n in zip(rf, rh, rn)]
             for rf, rh, rn in zip(z.values, half.values, observed.values)]
    grid = charts.trace(
        "heatmap", z=z.values, x=[wrap_name(c) for c in columns], y=[indicator_label(c, t, legal) for c in codes],
        zmin=0, zmax=1,
        colorscale=charts_scale(), text=text, texttemplate="%{text}", customdata=hover, xgap=2, ygap=2,
        colorbar=dict(tickformat=".0%", thickness=12, len=0.8, title=dict(text=t("council.share_full_short"), side="right")),
        hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
    )
    # The line before the network's column, as add_vline draws it (without its costly lookups).
    divider = dict(type="line", x0=len(columns) - 1.5, x1=len(columns) - 1.5, xref="x", y0=0, y1=1, yref="y domain",
                   line=dict(color=palette.NETWORK, width=2))
    layout = {"yaxis": {"autorange": "reversed"}, "xaxis": {"side": "top", "tickangle": 0}, "shapes": [divider]}
    return charts.figure([grid], t.lang, height=max(300, 36 * len(codes) + 110), layout=layout)


def meeting_means(shares: pd.DataFrame) -> pd.Series:
    """Per municipality, the mean over the meeting duties of the share met in full."""
    meeting = shares[(shares.level == "meeting") & shares.share_full.notna()]
    return meeting.groupby("municipality_code").share_full.mean()


def describe_heatmap(shares: pd.DataFrame, network: pd.DataFrame, t: Translator, names: dict[str, str]) -> str:
    """Which municipality met the meeting duties in full most often and which least; for a
    single municipality, how it compares with the network."""
    means = meeting_means(shares)
    if means.empty:
        return t("council.indicators_none")
    best, worst = means.idxmax(), means.idxmin()
    if len(means) == 1:
        network_mean = indicator_shares(network).query("level == 'meeting'").share_full.mean()
        return t("council.heatmap_takeaway_one", name=escape_markdown(names.get(best, best)),
                 mean=format_percent(means[best], t.lang), network=format_percent(network_mean, t.lang))
    meeting = shares[(shares.municipality_code == best) & (shares.level == "meeting") & shares.share_full.notna()]
    strongest = meeting.loc[meeting.share_full.idxmax()]
    return " ".join([
        t("council.heatmap_takeaway", best=escape_markdown(names.get(best, best)),
          share=format_percent(strongest.share_full, t.lang),
          indicator=t(f"indicator.{strongest.indicator_code}.label").lower(), best_mean=format_percent(means[best], t.lang)),
        t("council.heatmap_takeaway_worst", worst=escape_markdown(names.get(worst, worst)),
          worst_mean=format_percent(means[worst], t.lang)),
    ])


@remembered
def build_index_trend(index: pd.DataFrame, network: pd.DataFrame, t: Translator, names: dict[str, str]) -> go.Figure:
    """The transparency index over the years: a thin line per municipality in its own colour,
    the network average bold; points resting on too few meetings drawn hollow."""
    scored = index[index.index_score.notna()].sort_values("year", kind="stable")
    groups = dict(list(scored.groupby("municipality_code", sort=False)))  # grouped once, not filtered per municipality
    sufficient, insufficient = t("council.sufficient"), t("council.insufficient")
    hover = ("%{fullData.name} %{x}: %{y:.0f}<br>" + t("council.hover_meetings")
             + ": %{customdata[0]} · %{customdata[1]}<extra></extra>")
    traces = []
    for code in ordered_names(index.municipality_code, names):
        rows = groups.get(code)
        if rows is None:
            continue
        color = palette.municipality_color(code)
        traces.append(charts.trace(
            "scatter", x=rows.year.astype(str), y=rows.index_score, mode="lines+markers",
            name=names.get(code, code),
            line=dict(color=color, width=1.6),
            marker=dict(color=[color if s else "white" for s in rows.sufficient], size=9,
                        symbol=["circle" if s else "circle-open" for s in rows.sufficient], line=dict(color=color, width=2)),
            customdata=[[format_number(m, t.lang), sufficient if s else insufficient]
                        for m, s in zip(rows.meetings_scored, rows.sufficient)],
            hovertemplate=hover,
        ))
    rows = network[network.index_score.notna()].sort_values("year")
    if not rows.empty:
        traces.append(charts.trace(
            "scatter", x=rows.year.astype(str), y=rows.index_score, mode="lines+markers",
            name=t("council.network_average"),
            line=dict(color=palette.NETWORK, width=5), marker=dict(size=11, color=palette.NETWORK),
            hovertemplate=t("council.network_average") + " %{x}: %{y:.0f}<extra></extra>",
        ))
    layout = {"yaxis": {"range": [0, 100], "title": {"text": t("council.index_axis")}}, "xaxis": {"type": "category"}}
    after = {"legend": dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left"), "margin": dict(r=10, t=20)}
    return charts.figure(traces, t.lang, height=460, layout=layout, after=after)


def describe_trend(index: pd.DataFrame, network: pd.DataFrame, t: Translator, names: dict[str, str], year: int) -> str:
    """The network's index this year against the first year, and the municipality whose
    index rose most (only scores resting on enough meetings are compared)."""
    net = network[network.index_score.notna()].sort_values("year")
    now = net[net.year == year]
    if now.empty:
        return t("council.trend_none", year=year)
    first = net.iloc[0]
    score = format_number(now.index_score.iloc[0], t.lang)
    if int(first.year) == year:
        text = t("council.trend_takeaway_single", year=year, score=score)
    else:
        text = t("council.trend_takeaway", year=year, score=score, first_year=int(first.year),
                 first_score=format_number(first.index_score, t.lang))
    trusted = index[index.sufficient & index.index_score.notna() & (index.year <= year)].sort_values("year")
    firsts = trusted.groupby("municipality_code").first()
    lasts = trusted[trusted.year == year].set_index("municipality_code")
    earlier = firsts.reindex(lasts.index)
    change = (lasts.index_score - earlier.index_score)[earlier.year < year]
    if change.empty:
        return text
    mover = change.idxmax()
    values = dict(name=escape_markdown(names.get(mover, mover)), change=format_change(change[mover], t.lang),
                  first_year=int(earlier.year[mover]))
    if len(change) == 1:
        return text + " " + t("council.trend_one", **values, first_score=format_number(earlier.index_score[mover], t.lang),
                              score=format_number(lasts.index_score[mover], t.lang), year=year)
    if change[mover] <= 0:
        return text + " " + t("council.trend_no_rise", first_year=values["first_year"])
    return text + " " + t("council.trend_mover", **values)


def meetings_table(meetings: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The meetings list for display: names and codes in the reader's language, each
    indicator's score as a symbol (legend on the page)."""
    name = localized(meetings, "name", t.lang)
    table = pd.DataFrame({
        "date": meetings.meeting_date,
        "municipality": name,
        "type": meetings.meeting_type.map(lambda c: t.code("meeting_type", c)),
        "notice_days": meetings.notice_days,
        "decisions_days": meetings.decisions_published_days,
    })
    for code in MEETING_INDICATORS:
        table[code] = meetings[code].map(lambda s: SCORE_SYMBOLS.get(s, "")) if code in meetings else ""
    table["met_full"] = meetings.met_full
    table["evidence"] = meetings.evidence_url
    notes = meetings.evidence_note.fillna("").str.cat(meetings.notes.fillna(""), sep=" ").str.strip()
    if notes.str.len().gt(0).any():  # a column of blanks would only push the links aside
        table["note"] = notes
    return table


def meetings_export(meetings: pd.DataFrame) -> pd.DataFrame:
    """The meetings list as downloaded: codes, not symbols, and no search helper columns."""
    return meetings.drop(columns=["name_sq", "name_en"], errors="ignore")


def describe_definitions(scores: pd.DataFrame, t: Translator, legal: set[str]) -> str:
    """A markdown list: each indicator's label, definition, weight and level."""
    rubric = scores.drop_duplicates("indicator_code").sort_values("indicator_code")
    lines = []
    for row in rubric.itertuples():
        level = t("council.definitions_meeting") if row.level == "meeting" else t("council.definitions_period")
        weight = t("council.definitions_weight", weight=format_number(row.weight, t.lang))
        lines.append(f"- **{indicator_label(row.indicator_code, t, legal)}**: "
                     f"{t(f'indicator.{row.indicator_code}.definition')} ({weight}, {level})")
    return "\n".join(lines)


def heatmap_export(scores: pd.DataFrame, network: pd.DataFrame, t: Translator, names: dict[str, str]) -> pd.DataFrame:
    """The numbers behind the heat map, network rows included, as downloaded."""
    frame = heatmap_frame(scores, network, names, t)
    return frame[["municipality_code", "indicator_code", "level", "observed", "n_full", "n_half", "n_zero",
                  "n_not_observed", "share_full", "share_half"]]


def network_index_of(network: pd.DataFrame, year: int) -> dict | None:
    """The network's index and legal-minimum sub-score for a year; None when there is none."""
    row = network[(network.year == year) & network.index_score.notna()]
    if row.empty:
        return None
    return {"index_score": float(row.index_score.iloc[0]), "legal_minimum_score": float(row.legal_minimum_score.iloc[0])}


def observed_municipalities(scores: pd.DataFrame) -> list[str]:
    """Municipalities with at least one indicator observed in the year."""
    return sorted(scores.loc[scores.observed > 0, "municipality_code"].unique())


def has_index(index: pd.DataFrame) -> bool:
    """Whether any index score exists to draw."""
    return bool(index.index_score.notna().any())


def index_up_to(index: pd.DataFrame, year: int) -> pd.DataFrame:
    """The index rows of the chosen year and the years before it."""
    return index[index.year <= year].reset_index(drop=True)
