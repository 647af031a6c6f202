"""Karta e bashkisë / Municipality scorecard: one municipality's council transparency, social
contract, reports and events. /bashkia?municipality=SHK opens Shkodër's directly."""
import streamlit as st

from popdash.app.journal_cards import show_journal
from popdash.app.shell import choose_municipalities, download_csv, get_context, members_by_year
from popdash.i18n import in_language, localized
from popdash.i18n.numbers import date_column_format, format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import geometry, municipal_map, outcomes_journal, scorecard, transparency

CHOICE_KEY = "scorecard_choice"

ctx = get_context()
t = ctx.t
members = members_by_year(ctx.version).get(ctx.year, [])


def choose() -> None:
    """Widget callback: make the picked municipality the sidebar's choice."""
    # Only a callback may change the sidebar's filter (before the script draws it); the rerun
    # that follows writes municipality=CODE into the URL.
    pick(st.session_state.get(CHOICE_KEY))


def pick(code: str | None) -> None:
    """Widget callback: make `code` the sidebar's choice (none: back to the list)."""
    choose_municipalities([code] if code else [])


rubric = transparency.rubric_params()
code = ctx.chosen[0] if ctx.chosen else None
st.session_state[CHOICE_KEY] = code
if code is None:
    st.title(t("scorecard.title_generic"))
    st.caption(t("scorecard.choose_caption", year=ctx.year))
    st.selectbox(t("scorecard.choose"), members, key=CHOICE_KEY, on_change=choose,
                 format_func=ctx.name, placeholder=t("scorecard.choose_placeholder"))
    st.markdown(f"**{t('scorecard.pick_title', year=ctx.year)}**")
    year_index = ctx.run("transparency_index_by_municipality", municipalities=members, **rubric)
    for column, (member, label) in zip(st.columns(4) * len(members),
                                       scorecard.pick_labels(year_index, ctx.year, members, ctx.names, t)):
        column.button(label, key=f"scorecard_pick_{member}", on_click=pick, args=(member,), width="stretch")
    st.page_link("pages/map.py", label=t("scorecard.back_to_map"), icon=":material/map:")
    st.stop()

one = [code]
info = ctx.run("partners_by_municipality", municipalities=one).iloc[0]
name = localized(info, "name", ctx.lang)
subject = in_language(info.name_sq_definite, info.name_en, ctx.lang)  # "Shkodra ka…" reads right
partner = localized(info, "partner", ctx.lang)
index = ctx.run("transparency_index_by_municipality", municipalities=one, **rubric)
network = ctx.run("transparency_index_network", **rubric)
row = transparency.year_row(index, ctx.year)
net = scorecard.network_row(network, ctx.year)
contract = ctx.run("priorities_addressed_by_municipality", municipalities=one).iloc[0]
people = ctx.run("participants_by_municipality", municipalities=one).iloc[0]

county = scorecard.county_name(geometry.load_counties(), info.county_code, ctx.lang)
head, locator = st.columns([4, 1], vertical_alignment="center")
with head:
    st.title(t("scorecard.title", name=escape_markdown(name)))
    st.markdown(t("scorecard.partner", partner=escape_markdown(partner)))
    st.caption(t("scorecard.caption", county=county, year=ctx.year, first=int(info.first_year),
                 last=int(info.last_year)))
layer = geometry.load_municipalities()
if layer:
    with locator:
        shown = transparency.shown_score(row, "index_score")
        fill = municipal_map.band_color(None if shown is None else round(shown), transparency.band_bounds())
        st.plotly_chart(municipal_map.build_locator_map(layer, geometry.load_counties(), geometry.load_outline(), code, name, fill),
                        key="scorecard_locator", width="stretch",
                        config={"topojsonURL": geometry.EMPTY_TOPOJSON_URL, "displayModeBar": False, "staticPlot": True})
        st.caption(t("scorecard.locator", name=escape_markdown(name), county=county))
top = st.columns([3, 2])
top[0].selectbox(t("scorecard.switch"), members, key=CHOICE_KEY, on_change=choose, format_func=ctx.name)
if len(ctx.chosen) > 1:
    st.caption(t("scorecard.first_of_chosen", names=", ".join(escape_markdown(ctx.name(c)) for c in ctx.chosen)))
top[1].page_link("pages/map.py", label=t("scorecard.back_to_map"), icon=":material/map:")



def score_metric(label: str, column: str, note: str) -> None:
    """A score card: the number with its gap to the network, or a dash and the reason
    (insufficient data, no data) where the rule withholds the number."""
    if transparency.shown_score(row, column) is None:
        st.metric(label, "–", delta=transparency.score_label(row, column, t), delta_color="off", delta_arrow="off")
    else:
        st.metric(label, transparency.score_label(row, column, t),
                  delta=scorecard.index_delta(row, net, column, t), delta_color="normal")
    st.caption(note)


cards = st.columns(4)
with cards[0].container(border=True):
    score_metric(t("index.index_score"), "index_score", scorecard.index_basis(row, net, t))
with cards[1].container(border=True):
    score_metric(t("index.legal_minimum_score"), "legal_minimum_score", t("scorecard.legal_minimum_help"))
with cards[2].container(border=True):
    st.metric(t("scorecard.meetings_monitored"), format_number(row.meetings if row is not None else 0, ctx.lang))
    st.caption(t("scorecard.meetings_help", minimum=rubric["min_meetings"]))
with cards[3].container(border=True):
    st.metric(t("scorecard.priorities_addressed"), format_percent(contract.share_addressed, ctx.lang))
    st.caption(t("scorecard.priorities_help", assessed=int(contract.assessed)) if contract.assessed
               else t("scorecard.contract_none"))

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("scorecard.trend_title"))
    st.markdown(scorecard.trend_takeaway(index, network, t, ctx.year, escape_markdown(subject)))
    st.plotly_chart(scorecard.trend_chart(index, network, t, ctx.year, name), width="stretch", key="trend")
    download_csv(ctx, scorecard.trend_table(index, network), f"transparency-{code}", key="download_trend")
with right:
    st.subheader(t("scorecard.dimensions_title", year=ctx.year))
    if transparency.shown_score(row) is None:
        st.info(scorecard.trend_takeaway(index, network, t, ctx.year, escape_markdown(subject)), icon=":material/info:")
    else:
        st.markdown(scorecard.dimensions_takeaway(row, t))
        st.plotly_chart(scorecard.dimensions_chart(row, net, t), width="stretch", key="dimensions")
        download_csv(ctx, scorecard.of_year(index, ctx.year), f"dimensions-{code}", key="download_dimensions")

st.subheader(t("scorecard.indicators_title", year=ctx.year))
indicators = ctx.run("indicator_scores_by_municipality", municipalities=one, **rubric)
indicators = scorecard.of_year(indicators, ctx.year)
if not scorecard.has_indicators(indicators):
    st.info(t("scorecard.indicators_none"), icon=":material/filter_alt_off:")
else:
    st.markdown(scorecard.duties_takeaway(indicators, t))
    if transparency.shown_score(row) is None:
        st.caption(t("scorecard.indicators_insufficient", minimum=rubric["min_meetings"]))
    st.markdown(f"**{t('scorecard.duties_title')}**")
    for column, part in zip(st.columns(2), scorecard.two_columns(scorecard.legal_duty_lines(indicators, t))):
        column.markdown("  \n".join(part))
    st.caption(t("scorecard.duties_caption", **transparency.band_bounds(), **scorecard.DUTY_MARKS))
    st.plotly_chart(scorecard.indicators_chart(indicators, t), width="stretch", key="indicators")
    st.caption(t("scorecard.indicators_caption", mark=scorecard.LEGAL_MARK))
    download_csv(ctx, indicators, f"indicators-{code}", key="download_indicators")

st.subheader(t("scorecard.meetings_title", year=ctx.year))
meetings = ctx.run("meeting_scores_by_meeting", municipalities=one, **rubric)
if meetings.empty:
    st.info(t("scorecard.meetings_none"), icon=":material/filter_alt_off:")
else:
    st.markdown(scorecard.meetings_takeaway(meetings, t))
    st.dataframe(scorecard.meetings_frame(meetings, t), hide_index=True, width="stretch", column_config={
        "date": st.column_config.DateColumn(t("scorecard.column.date"), format=date_column_format(ctx.lang)),
        "type": st.column_config.TextColumn(t("scorecard.column.type")),
        "notice_days": st.column_config.NumberColumn(t("scorecard.column.notice_days"), format="%d"),
        "decisions_published_days": st.column_config.NumberColumn(t("scorecard.column.published_days"), format="%d"),
        "score": st.column_config.ProgressColumn(t("scorecard.column.meeting_score"), min_value=0, max_value=100,
                                                 format="%d"),
        "not_observed": st.column_config.NumberColumn(t("scorecard.column.not_observed"), format="%d"),
        "evidence": st.column_config.LinkColumn(t("scorecard.column.evidence"), display_text=t("scorecard.open_link")),
        "note": st.column_config.TextColumn(t("scorecard.column.note")),
    })
    download_csv(ctx, meetings, f"meetings-{code}", key="download_meetings")

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("scorecard.contract_title"))
    st.caption(scorecard.contract_caption(contract, t))
    st.markdown(scorecard.contract_takeaway(contract, t))
    pillars = ctx.run("priorities_addressed_by_pillar", municipalities=one)
    if not pillars.empty:
        st.plotly_chart(scorecard.pillar_chart(pillars, t), width="stretch", key="pillars")
        download_csv(ctx, pillars, f"social-contract-{code}", key="download_pillars")
with right:
    st.subheader(t("scorecard.reports_title", year=ctx.year))
    responses = ctx.run("responses_by_recommendation", municipalities=one)
    if responses.empty:
        st.info(t("scorecard.reports_none", year=ctx.year), icon=":material/filter_alt_off:")
    else:
        st.markdown(scorecard.responses_takeaway(responses, t))
        for block in scorecard.report_lines(responses, t):
            st.markdown(block)
        download_csv(ctx, responses, f"recommendations-{code}", key="download_recommendations")

st.subheader(t("scorecard.events_title", year=ctx.year))
events = ctx.run("events_by_municipality_type", municipalities=one)
st.markdown(scorecard.events_takeaway(people, events, t))
if not events.empty:
    figures = st.columns(4)
    figures[0].metric(t("scorecard.events_count"), format_number(people.events, ctx.lang))
    figures[1].metric(t("metric.unique_participants"), format_number(people.unique_participants, ctx.lang))
    figures[2].metric(t("scorecard.visits"), format_number(people.visits, ctx.lang))
    figures[3].metric(t("scorecard.per_thousand"), format_number(people.participants_per_thousand, ctx.lang, 1))
    st.plotly_chart(scorecard.events_chart(events, t), width="stretch", key="events")
    download_csv(ctx, events, f"events-{code}", key="download_events")
st.subheader(t("results.journal.title"))
show_journal(ctx, outcomes_journal.outcomes_for(None, municipalities=[code], run=ctx.run), None, key="scorecard")

st.caption(t("scorecard.share_link", code=code))
