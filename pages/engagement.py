"""Angazhimi qytetar / Civic engagement: events, participants, who took part, women and young
people against the targets, candidates engaged and people reached."""
import streamlit as st

from popdash.app.shell import chart_block, get_context, scope_label
from popdash.i18n.numbers import format_number
from popdash.views import engagement as eng, privacy

ctx = get_context()
t = ctx.t
names = ctx.names


def share_card(column, label: str, share, goal) -> None:
    with column.container(border=True):
        st.metric(label, eng.share_card_text(share, t))
        st.caption(eng.target_note(goal, t, ctx.year))


st.title(t("engagement.title"))
st.caption(t("engagement.caption", scope=scope_label(ctx), year=ctx.year))
st.markdown(t("engagement.intro"))

summary = ctx.run("attendance_summary_by_municipality")
total = eng.network_row(summary)
shares = eng.protected_shares(ctx.run("participation_shares_by_year"))

columns = st.columns(5)
for column, (key, value) in zip(columns, eng.headline(summary).items()):
    with column.container(border=True):
        st.metric(t(f"engagement.metric_{key}"), format_number(value, ctx.lang))
for column, (key, (share, goal)) in zip(columns[3:], eng.share_figures(shares, ctx.year).items()):
    share_card(column, t(f"engagement.metric_share_{key}"), share, goal)
st.caption(t("engagement.unique_vs_visits"))

st.header(t("engagement.section_events"), divider="gray")
by_month, by_year, by_place = st.tabs([t(f"engagement.tab_{tab}") for tab in ("month", "year", "municipality")])
with by_month:
    frame = ctx.run("events_by_month")
    chart_block(ctx, frame, lambda: eng.events_by_month_takeaway(frame, t, ctx.year),
                lambda: eng.events_by_month_chart(frame, t),
                lambda: eng.with_labels(frame, t, event_type="event_type"), "events-by-month", "events_month")
with by_year:
    years = ctx.run("events_by_year")
    chart_block(ctx, years, lambda: eng.events_by_year_takeaway(years, t, ctx.year),
                lambda: eng.events_by_year_chart(years, t, ctx.year),
                lambda: eng.with_labels(years, t, event_type="event_type"), "events-by-year", "events_year")
with by_place:
    places = ctx.run("events_by_municipality")
    chart_block(ctx, places, lambda: eng.events_by_municipality_takeaway(places, t, names),
                lambda: eng.events_by_municipality_chart(places, t, names),
                lambda: eng.with_labels(places, t, names, event_type="event_type"), "events-by-municipality",
                "events_municipality")

st.header(t("engagement.section_participants"), divider="gray")
attendance = eng.protected_attendance(summary)
chart_block(ctx, attendance, lambda: eng.attendance_takeaway(total, t, ctx.year),
            lambda: eng.attendance_chart(attendance, t, names),
            lambda: eng.with_labels(attendance, t, names), "participants-by-municipality", "attendance")
if privacy.any_hidden(attendance, ["unique_participants", "visits"]):
    st.caption(t("engagement.privacy_note"))

st.header(t("engagement.section_groups"), divider="gray")
st.caption(t("engagement.groups_intro"))
for tab, dimension in zip(st.tabs([t(f"engagement.dimension_{d}") for d in eng.DIMENSIONS]), eng.DIMENSIONS):
    with tab:
        groups = eng.protected_groups(ctx.run("participants_by_group", dimension=dimension), dimension)
        chart_block(ctx, groups, lambda: eng.group_takeaway(groups, dimension, t),
                    lambda: eng.group_chart(groups, dimension, t),
                    lambda: eng.group_download(groups, dimension, t), f"participants-by-{dimension}",
                    f"group_{dimension}")
st.caption(t("engagement.privacy_note"))

st.header(t("engagement.section_shares"), divider="gray")
st.caption(t("engagement.shares_note"))
chart_block(ctx, shares, lambda: eng.shares_takeaway(shares, t, ctx.year), lambda: eng.shares_chart(shares, t, ctx.year),
            lambda: shares, "women-and-young-people", "shares")

st.header(t("engagement.section_candidates"), divider="gray")
left, right = st.columns(2)
with left:
    st.subheader(t("engagement.candidates_election_title"))
    engaged = ctx.run("candidates_by_engagement")
    chart_block(ctx, engaged, lambda: eng.candidates_takeaway(engaged, t, ctx.year),
                lambda: eng.candidates_by_engagement_chart(engaged, t),
                lambda: eng.with_labels(engaged, t, election="election", engagement="engagement"),
                "candidates-by-engagement", "candidates_engagement")
with right:
    st.subheader(t("engagement.candidates_municipality_title"))
    engaged_places = ctx.run("candidates_by_municipality")
    chart_block(ctx, engaged_places, lambda: eng.candidates_by_municipality_takeaway(engaged_places, t, names),
                lambda: eng.candidates_by_municipality_chart(engaged_places, t, names),
                lambda: eng.with_labels(engaged_places, t, names, engagement="engagement"),
                "candidates-by-municipality", "candidates_municipality")
st.caption(t("engagement.candidates_note"))

st.header(t("engagement.section_reach"), divider="gray")
reach = ctx.run("reach_by_channel_month")
chart_block(ctx, reach, lambda: eng.reach_takeaway(reach, t, ctx.year), lambda: eng.reach_chart(reach, t),
            lambda: eng.with_labels(reach, t, channel="channel"), "people-reached-by-channel", "reach")
st.caption(t("engagement.reach_note"))
