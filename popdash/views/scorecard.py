"""The municipality scorecard: figure builders, display tables and one-line takeaways, each
from data frames the named queries return (no data loading here)."""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from popdash.i18n import Translator, localized
from popdash.i18n.numbers import format_change, format_date, format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, palette, transparency

SCORE_COLORS = {"full": "#0072B2", "half": "#56B4E9", "zero": "#D55E00", "not_observed": "#d9d9d9"}
# Shape and colour both carry the status (blue/violet/orange/grey: no red-green); Material
# icons ship with Streamlit, unlike glyphs such as ◐ that the reader's font may lack.
DUTY_MARKS = {"met": ":blue[:material/check_circle:]", "partly": ":violet[:material/contrast:]",
              "not_met": ":orange[:material/cancel:]", "not_observed": ":gray[:material/help:]"}
PILLARS = ("infrastructure", "governance", "economy", "social")
RESPONSES = ("accepted", "partly", "rejected", "no_answer")
LEGAL_MARK = "§"
# Stacked bars list their legend bottom-up by default; read it left to right, first segment first.
LEGEND = dict(orientation="h", traceorder="normal", yanchor="bottom", y=1.0, xanchor="left", x=0)
RESPONSE_BADGES = {"accepted": "blue", "partly": "violet", "rejected": "orange", "no_answer": "gray"}


def pick_labels(index: pd.DataFrame, year: int, members, names: dict, t: Translator) -> list[tuple[str, str]]:
    """(code, "Name · 81") per member for the list of scorecards, by name; the score says
    'insufficient' or 'no data' where the rule withholds it."""
    labels = []
    for code in sorted(members, key=lambda c: names.get(c, c)):
        row = transparency.year_row(index, year, code)
        name = escape_markdown(names.get(code, code))  # a button label is markdown
        labels.append((code, f"{name} · {transparency.score_label(row, 'index_score', t).lower()}"))
    return labels


def county_name(counties: dict, code: str, lang: str) -> str:
    """A county's name from the shipped geometry's properties (name_sq / name_en)."""
    for feature in counties["features"]:
        if feature["properties"]["code"] == code:
            return localized(feature["properties"], "name", lang)
    return code


def index_basis(row: pd.Series | None, network: pd.Series | None, t: Translator) -> str:
    """What an index rests on: meetings, observed weight, and the network average it is set against."""
    if row is None or pd.isna(row.index_score):
        return t("scorecard.basis_none")
    text = t("scorecard.basis", n=int(row.meetings_scored), coverage=format_percent(row.coverage, t.lang))
    if not bool(row.sufficient):
        text += " " + t("scorecard.basis_insufficient", minimum=transparency.min_meetings())
    elif network is not None and pd.notna(network.index_score):
        text += " " + t("scorecard.basis_network", value=format_number(network.index_score, t.lang),
                        n=int(network.municipalities))
    return text


def network_row(network: pd.DataFrame, year: int) -> pd.Series | None:
    """The network average's row for a year, or None."""
    rows = network[network.year == year]
    return None if rows.empty else rows.iloc[0]


def of_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of a frame with a year column that belong to one year."""
    return frame[frame.year == year]


def trend_table(index: pd.DataFrame, network: pd.DataFrame) -> pd.DataFrame:
    """The trend's data for download: the municipality's index by year, with the network
    average's score and municipalities beside it (the network's columns suffixed _network
    where the names clash)."""
    return index.merge(network[["year", "index_score", "municipalities"]], on="year", how="left",
                       suffixes=("", "_network"))


def has_indicators(indicators: pd.DataFrame) -> bool:
    """Do the indicator scores hold any duty that could be observed (an opportunity)?"""
    return not indicators.empty and bool(indicators.opportunities.any())


def two_columns(lines: list[str]) -> tuple[list[str], list[str]]:
    """Lines split for two columns, the first column the longer by one where the count is odd."""
    half = (len(lines) + 1) // 2
    return lines[:half], lines[half:]


def index_delta(row: pd.Series | None, network: pd.Series | None, column: str, t: Translator) -> str | None:
    """'+12 vs the network average' for a metric, or None when either side has no score."""
    own = transparency.shown_score(row, column)
    if own is None or network is None or pd.isna(network[column]):
        return None
    return t("scorecard.versus_network", change=format_change(round(own) - round(network[column]), t.lang))


def trend_chart(index: pd.DataFrame, network: pd.DataFrame, t: Translator, year: int, name: str) -> go.Figure:
    """The municipality's index by year against the network average; years with too few
    meetings appear as hollow grey points labelled 'insufficient', never as a solid value."""
    data = index.sort_values("year")
    years = [str(y) for y in data.year]
    solid = data.index_score.where(data.sufficient)
    fig = go.Figure()
    net = network.sort_values("year")
    fig.add_trace(go.Scatter(
        x=[str(y) for y in net.year], y=net.index_score, mode="lines+markers", name=t("scorecard.network_average"),
        line=dict(color=palette.NETWORK, dash="dash", width=2), marker=dict(size=7),
        customdata=net.municipalities,
        hovertemplate=t("scorecard.network_average") + " %{x}: %{y:.0f} (%{customdata})<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=years, y=solid, mode="lines+markers+text", name=name, connectgaps=False,
        line=dict(color=palette.CATEGORICAL[0], width=3),
        marker=dict(size=[14 if y == str(year) else 9 for y in years], color=palette.CATEGORICAL[0]),
        text=[format_number(v, t.lang) if pd.notna(v) else "" for v in solid], textposition="top center",
        customdata=data.meetings_scored,
        hovertemplate="%{x}: %{y:.0f} · " + t("index.meetings_count", n="%{customdata}") + "<extra></extra>",
    ))
    weak = data[~data.sufficient & data.index_score.notna()]
    if not weak.empty:
        fig.add_trace(go.Scatter(
            x=[str(y) for y in weak.year], y=weak.index_score, mode="markers+text", name=t("index.insufficient"),
            marker=dict(size=12, color="#ffffff", line=dict(color="#8c8c8c", width=2)),
            text=[t("index.insufficient_short")] * len(weak), textposition=[edge_position(str(y), years) for y in weak.year],
            textfont=dict(color="#6b6b6b"), customdata=weak.meetings_scored,
            hovertemplate="%{x}: " + t("index.insufficient") + " · " + t("index.meetings_count", n="%{customdata}")
                          + "<extra></extra>",
        ))
    charts.style(fig, t.lang, height=340)
    fig.update_yaxes(range=[0, 105], title=t("index.index_score"), dtick=20)
    fig.update_xaxes(type="category")
    return fig


def edge_position(category: str, categories: list[str]) -> str:
    """A text position below a point that stays inside the plot at the first and last category."""
    if categories and category == categories[0] and len(categories) > 1:
        return "bottom right"
    if categories and category == categories[-1] and len(categories) > 1:
        return "bottom left"
    return "bottom center"


def trend_takeaway(index: pd.DataFrame, network: pd.DataFrame, t: Translator, year: int, name: str) -> str:
    """Where the year's index stands against the network and against the previous year."""
    row = transparency.year_row(index, year)
    own = transparency.shown_score(row)
    if row is None or pd.isna(row.index_score):
        return t("scorecard.trend_no_data", name=name, year=year)
    if own is None:
        return t("scorecard.trend_insufficient", name=name, year=year, n=int(row.meetings_scored),
                 minimum=transparency.min_meetings())
    parts = []
    net = network_row(network, year)
    if net is not None and pd.notna(net.index_score):
        gap = round(own) - round(net.index_score)
        key = "scorecard.trend_above" if gap > 0 else "scorecard.trend_below" if gap < 0 else "scorecard.trend_equal"
        parts.append(t(key, name=name, year=year, value=format_number(own, t.lang),
                       network=format_number(net.index_score, t.lang), gap=format_number(abs(gap), t.lang)))
    previous = transparency.shown_score(transparency.year_row(index, year - 1))
    if previous is not None:
        parts.append(t("scorecard.trend_change", previous=year - 1,
                       change=format_change(round(own) - round(previous), t.lang)))
    return " ".join(parts) or format_number(own, t.lang)


def dimensions_chart(row: pd.Series, network: pd.Series | None, t: Translator) -> go.Figure:
    """The five dimensions (0-100) as horizontal bars, the network average as a tick."""
    labels = [t(f"index.dimension.{d}") for d in transparency.DIMENSIONS][::-1]
    values = [row[d] for d in transparency.DIMENSIONS][::-1]
    fig = go.Figure(go.Bar(
        x=[v if pd.notna(v) else 0 for v in values], y=labels, orientation="h", name=t("scorecard.this_municipality"),
        marker_color=palette.CATEGORICAL[0], text=[format_number(v, t.lang) if pd.notna(v) else t("index.no_data")
                                                   for v in values],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    if network is not None:
        fig.add_trace(go.Scatter(
            x=[network[d] for d in transparency.DIMENSIONS][::-1], y=labels, mode="markers",
            name=t("scorecard.network_average"),
            marker=dict(symbol="line-ns-open", size=26, color=palette.TARGET, line=dict(width=3, color=palette.TARGET)),
            hovertemplate=t("scorecard.network_average") + " · %{y}: %{x:.0f}<extra></extra>",
        ))
    charts.style(fig, t.lang, height=340)
    fig.update_xaxes(range=[0, 112], dtick=20)
    return fig


def dimensions_takeaway(row: pd.Series, t: Translator) -> str:
    """The strongest and the weakest of the five dimensions."""
    scored = {d: row[d] for d in transparency.DIMENSIONS if pd.notna(row[d])}
    if not scored:
        return t("scorecard.dimensions_none")
    best, worst = max(scored, key=scored.get), min(scored, key=scored.get)
    return t("scorecard.dimensions_takeaway", best=t(f"index.dimension.{best}"),
             best_value=format_number(scored[best], t.lang), worst=t(f"index.dimension.{worst}"),
             worst_value=format_number(scored[worst], t.lang))


def indicator_label(code: str, legal: bool, t: Translator) -> str:
    """An indicator's axis label: legal mark, code and short name."""
    return f"{LEGAL_MARK + ' ' if legal else ''}{code} · {t(f'index.indicator_short.{code}')}"


def indicator_order(indicators: pd.DataFrame) -> pd.DataFrame:
    """Legal duties first, then good practice; each in rubric order."""
    return indicators.sort_values(["legal_minimum", "indicator_code"], ascending=[False, True])


def indicators_chart(indicators: pd.DataFrame, t: Translator) -> go.Figure:
    """Per indicator, the share of meetings (or the period) scored full, half, zero or not
    observed: stacked bars adding up to 100%."""
    data = indicator_order(indicators).iloc[::-1]
    labels = [indicator_label(c, bool(legal), t) for c, legal in zip(data.indicator_code, data.legal_minimum)]
    segments = []
    for score in transparency.SCORES:
        counts = data[f"n_{score}"]
        shares = data[f"share_{score}"].fillna(0)
        segments.append(dict(
            x=shares, name=t(f"index.score.{score}"), marker_color=SCORE_COLORS[score],
            **charts.inside_labels([format_percent(s, t.lang) if s >= 0.12 else "" for s in shares]),
            textfont=dict(color="#ffffff" if score in ("full", "zero") else "#1a1a1a"),
            customdata=list(zip(counts, data.opportunities)),
            hovertemplate="%{y}<br>" + t(f"index.score.{score}") + ": %{customdata[0]} / %{customdata[1]}<extra></extra>",
        ))
    return charts.stacked_bars(labels, segments, t.lang, height=130 + 30 * len(data), after={
        "bargap": 0.25, "legend": LEGEND,
        "xaxis": {"range": [-0.005, 1.005], "tickformat": ".0%", "tickvals": [0, 0.25, 0.5, 0.75, 1], "fixedrange": True},
        "yaxis": {"fixedrange": True, "automargin": True}})


def legal_duty_lines(indicators: pd.DataFrame, t: Translator) -> list[str]:
    """One markdown line per legal duty: status mark and word, the duty, its score and the
    observations it rests on ("✔ I03 · Meeting open in practice — met · 93 · 14/14")."""
    rows = transparency.with_duty_status(indicator_order(indicators[indicators.legal_minimum]))
    lines = []
    for _, r in rows.iterrows():
        score = "" if r.status == "not_observed" else f" · {format_number(r.mean_score, t.lang)}"
        lines.append(f"{DUTY_MARKS[r.status]} **{r.indicator_code}** {t(f'index.indicator_short.{r.indicator_code}')}"
                     f" — {t(f'index.duty.{r.status}')}{score} · {int(r.observed)}/{int(r.opportunities)}")
    return lines


def duties_takeaway(indicators: pd.DataFrame, t: Translator) -> str:
    """How many legal duties were met, and which were not."""
    legal = transparency.with_duty_status(indicator_order(indicators[indicators.legal_minimum]))
    observed = legal[legal.status != "not_observed"]
    if observed.empty:
        return t("scorecard.duties_none")
    met = int((observed.status == "met").sum())
    text = t("scorecard.duties_met", met=met, total=len(legal))
    missed = observed[observed.status == "not_met"]
    if not missed.empty:
        text += " " + t("scorecard.duties_not_met",
                        duties="; ".join(t(f"index.indicator_short.{c}").lower() for c in missed.indicator_code))
    return text


def meetings_frame(meetings: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The meetings as a readable table (dates, type, days, score, evidence link)."""
    return pd.DataFrame({
        "date": pd.to_datetime(meetings.meeting_date).dt.date,
        "type": [t(f"scorecard.meeting_type.{m}") for m in meetings.meeting_type],
        "notice_days": meetings.notice_days,
        "decisions_published_days": meetings.decisions_published_days,
        "score": meetings.meeting_score.round(0),
        "not_observed": meetings.n_not_observed,
        # Evidence is a link or a note: only a web address becomes a link (a note offered as a
        # link would open nothing, or worse); a note is shown as text.
        "evidence": meetings.evidence.where(meetings.evidence.map(is_web_link)),
        "note": meetings.evidence.where(~meetings.evidence.map(is_web_link)),
    })


def meetings_takeaway(meetings: pd.DataFrame, t: Translator) -> str:
    """Meetings monitored and how many had the legal notice of at least 5 days."""
    known = meetings.notice_days.dropna()
    on_time = int((known >= 5).sum())
    return t("scorecard.meetings_takeaway", n=len(meetings), on_time=on_time, known=len(known),
             ordinary=int((meetings.meeting_type == "ordinary").sum()))


def pillar_chart(pillars: pd.DataFrame, t: Translator) -> go.Figure:
    """Per pillar of the social contract: priorities fully, partly and not addressed."""
    order = [p for p in PILLARS if p in set(pillars.pillar)][::-1]
    data = pillars.set_index("pillar").loc[order]
    labels = [t(f"scorecard.pillar.{p}") for p in order]
    segments = [dict(
        x=data[column], name=t(f"scorecard.status_short.{status}"), marker_color=palette.STATUS[status],
        **charts.inside_labels([str(v) if v else "" for v in data[column]]),
        hovertemplate="%{y}: %{x} " + t(f"scorecard.status.{status}").lower() + "<extra></extra>",
    ) for column, status in (("fully", "full"), ("partly", "partial"), ("not_addressed", "none"))]
    return charts.stacked_bars(labels, segments, t.lang, height=130 + 45 * len(order), after={
        "bargap": 0.3, "legend": LEGEND,
        "xaxis": {"title": {"text": t("scorecard.priorities_axis")}, "dtick": 1 if data.priorities.max() <= 8 else 2}})


def contract_takeaway(contract: pd.Series | None, t: Translator) -> str:
    """Share of the contract's priorities addressed, with its denominator and date."""
    if contract is None or pd.isna(contract.contract_id) or not contract.assessed:
        return t("scorecard.contract_none")
    return t("scorecard.contract_takeaway", share=format_percent(contract.share_addressed, t.lang),
             fully=int(contract.fully), partly=int(contract.partly), none=int(contract.not_addressed),
             assessed=int(contract.assessed), date=format_date(contract.last_assessed, t.lang))


def contract_caption(contract: pd.Series | None, t: Translator) -> str:
    """The contract's cycle, signatory role, date and whether it was signed before the election."""
    if contract is None or pd.isna(contract.contract_id):
        return ""
    return t("scorecard.contract_caption", cycle=contract.cycle,
             role=t(f"scorecard.signatory_role.{contract.signatory_role}"),
             date=format_date(contract.signed_date, t.lang),
             when=t(f"scorecard.signed_when.{contract.signed_when}"))


WEB_LINK = re.compile(r"https?://[^\s()<>\[\]]+")


def is_web_link(url) -> bool:
    """A plain http(s) address that can sit inside a markdown link without breaking out of it."""
    return isinstance(url, str) and WEB_LINK.fullmatch(url) is not None


def report_lines(responses: pd.DataFrame, t: Translator) -> list[str]:
    """Per report, a markdown block: title, date and link, then each recommendation with the
    municipality's answer as a coloured badge and the days it took."""
    blocks = []
    for _, report in responses.drop_duplicates("report_id").iterrows():
        link = f" · [{t('scorecard.open_report')}]({report.url})" if is_web_link(report.url) else ""
        lines = [f"**{escape_markdown(report.title)}** · {format_date(report.published_date, t.lang)}{link}"]
        recs = responses[(responses.report_id == report.report_id) & responses.recommendation_id.notna()]
        for _, rec in recs.iterrows():
            days = "" if pd.isna(rec.days_to_answer) else " " + t("scorecard.days_after", days=int(rec.days_to_answer))
            badge = f":{RESPONSE_BADGES.get(rec.response, 'gray')}-badge[{t(f'scorecard.response.{rec.response}')}]"
            lines.append(f"- {escape_markdown(rec.text_sq)} {badge}{days}")
        blocks.append("\n".join(lines))
    return blocks



def responses_takeaway(responses: pd.DataFrame, t: Translator) -> str:
    """How the municipality answered the year's recommendations."""
    recs = responses[responses.recommendation_id.notna()]
    if recs.empty:
        return t("scorecard.recommendations_none")
    counts = recs.response.value_counts()
    return t("scorecard.recommendations_takeaway", n=len(recs), accepted=int(counts.get("accepted", 0)),
             partly=int(counts.get("partly", 0)), rejected=int(counts.get("rejected", 0)),
             no_answer=int(counts.get("no_answer", 0)))


def events_chart(events: pd.DataFrame, t: Translator) -> go.Figure:
    """Events of the year by kind: how many, and how many people came (counts only)."""
    data = events.sort_values("events")
    labels = [t(f"scorecard.event_type.{e}") for e in data.event_type]
    fig = go.Figure(go.Bar(
        x=data.unique_participants, y=labels, orientation="h", marker_color=palette.CATEGORICAL[4],
        text=[t.plural("scorecard.events_bar", e, events=format_number(e, t.lang),
                people=format_number(p, t.lang)) for e, p in zip(data.events, data.unique_participants)],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    charts.style(fig, t.lang, height=120 + 40 * len(data))
    fig.update_xaxes(title=t("scorecard.people_axis"), range=[0, max(1, data.unique_participants.max()) * 1.45])
    fig.update_layout(showlegend=False)
    return fig


def events_takeaway(participants: pd.Series | None, events: pd.DataFrame, t: Translator) -> str:
    """Events, unique participants (share of women) and attendances of the year."""
    if participants is None or not participants.events:
        return t("scorecard.events_none")
    return t("scorecard.events_takeaway", events=format_number(participants.events, t.lang),
             people=format_number(participants.unique_participants, t.lang),
             visits=format_number(participants.visits, t.lang),
             women=format_percent(participants.women / participants.unique_participants
                                  if participants.unique_participants else None, t.lang))
