"""Raportet dhe rekomandimet / Reports and recommendations: reports published, the
municipalities' responses, uptake, how long answers took, and the list of reports."""
import streamlit as st

from popdash.app import long_lists
from popdash.app.shell import chart_block, download_csv, empty_state, get_context, scope_label
from popdash.i18n.numbers import date_column_format, format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import listing, reports as rep

ctx = get_context()
t = ctx.t
names = ctx.names
DATE_FORMAT = date_column_format(ctx.lang)


st.title(t("reports.title"))
st.caption(t("reports.caption", scope=scope_label(ctx), year=ctx.year))
st.markdown(t("reports.intro"))

by_year = ctx.run("reports_by_municipality")
responses = ctx.run("recommendations_by_response")
uptake = ctx.run("uptake_by_municipality")
times = ctx.run("response_time_by_municipality")
days = ctx.run("response_days_by_recommendation")
reports = ctx.run("reports_list")
figures = rep.headline(uptake, times, reports)

cards = (
    ("reports", format_number(figures["reports"], ctx.lang), None),
    ("recommendations", format_number(figures["recommendations"], ctx.lang), None),
    ("uptake", format_percent(figures["uptake"], ctx.lang), t("reports.uptake_card_note")),
    ("uptake_weighted", format_percent(figures["uptake_weighted"], ctx.lang), t("reports.weighted_card_note")),
    ("median_days", format_number(figures["median_days"], ctx.lang),
     t("reports.no_answer_card_note", n=format_number(figures["no_answer"], ctx.lang))),
)
for column, (key, value, note) in zip(st.columns(len(cards)), cards):
    with column.container(border=True):
        st.metric(t(f"reports.metric_{key}"), value)
        if note:
            st.caption(note)
st.info(t("reports.formula", year=ctx.year), icon=":material/function:")

st.header(t("reports.section_published"), divider="gray")
st.caption(t("reports.grid_note"))
chart_block(ctx, by_year, lambda: rep.reports_grid_takeaway(by_year, t, ctx.year, len(ctx.municipalities)),
            lambda: rep.reports_grid_chart(by_year, t, names, ctx.year),
            lambda: rep.with_names(by_year, t, names),
            "reports-by-municipality", "reports_grid")

st.header(t("reports.section_responses"), divider="gray")
left, right = st.columns(2)
with left:
    st.subheader(t("reports.responses_title"))
    chart_block(ctx, responses, lambda: rep.responses_takeaway(responses, t, ctx.year),
                lambda: rep.responses_chart(responses, t, names),
                lambda: rep.with_names(responses, t, names),
                "recommendations-by-response", "responses")
with right:
    st.subheader(t("reports.uptake_title"))
    chart_block(ctx, uptake, lambda: rep.uptake_takeaway(uptake, t, ctx.year) + " " + rep.uptake_extremes(uptake, t, names),
                lambda: rep.uptake_chart(uptake, t, names),
                lambda: rep.with_names(uptake, t, names),
                "uptake-by-municipality", "uptake")

st.header(t("reports.section_time"), divider="gray")
st.caption(t("reports.time_note"))
chart_block(ctx, days, lambda: rep.response_time_takeaway(times, t, names),
            lambda: rep.response_time_chart(days, times, t, names),
            lambda: rep.with_names(times, t, names),
            "response-time-by-municipality", "response_time")

st.header(t("reports.section_list"), divider="gray")
if reports.empty:
    empty_state(ctx)
else:
    search = st.text_input(t("reports.search_label"), key="reports_search", type="search",
                           placeholder=t("reports.search_placeholder"))
    table = rep.search_reports(rep.reports_table(reports, t, names), search)
    view = (ctx.version, ctx.year, ctx.municipalities, search)
    if table.empty:
        st.info(t("reports.list_empty", search=escape_markdown(search)), icon=":material/search_off:")
    else:
        rows = long_lists.rows_to_draw(ctx, "reports_list", table, view, "reports.list_count", "reports.list_cut")
        columns = {
            "municipality": st.column_config.TextColumn(t("reports.col_municipality")),
            "published_date": st.column_config.DateColumn(t("reports.col_published"), format=DATE_FORMAT),
            "title": st.column_config.TextColumn(t("reports.col_title"), width="medium"),
            "url": st.column_config.LinkColumn(t("reports.col_link"), display_text=t("reports.open_link")),
            "recommendations": st.column_config.NumberColumn(t("reports.col_total"), width="small",
                                                             help=t("reports.col_total_help")),
            "accepted": st.column_config.NumberColumn(t("reports.col_accepted"), width="small"),
            "partly": st.column_config.NumberColumn(t("reports.col_partly"), width="small"),
            "rejected": st.column_config.NumberColumn(t("reports.col_rejected"), width="small"),
            "no_answer": st.column_config.NumberColumn(t("reports.col_no_answer"), width="small"),
            "uptake": st.column_config.TextColumn(t("reports.col_uptake"), width="small",
                                                  help=t("reports.uptake_card_note")),
            "report_id": None,
        }
        st.dataframe(listing.first_rows(table, rows), hide_index=True, width="stretch", key="reports_table",
                     column_config=columns)
        long_lists.show_more(ctx, "reports_list", table, view, rows, "reports.show_more")
        download_csv(ctx, table, "reports", key="download_reports_table")

    st.subheader(t("reports.recommendations_title"))
    choices = rep.report_choices(reports, t, names)
    # One picker per year: a report chosen in one year is not among the next year's options.
    chosen = st.selectbox(t("reports.pick_report"), list(choices), format_func=choices.get,
                          key=f"report_pick_{ctx.year}")
    found = st.text_input(t("reports.search_recommendations_label"), key="recommendations_search", type="search",
                          placeholder=t("reports.search_recommendations_placeholder"))
    recommendations = rep.search_recommendations(
        rep.recommendations_table(ctx.run("recommendations_list", report=chosen), t, names), found)
    view = (ctx.version, ctx.year, ctx.municipalities, chosen, found)
    if recommendations.empty and found.strip():
        st.info(t("reports.recommendations_empty", search=escape_markdown(found)), icon=":material/search_off:")
    else:
        rows = long_lists.rows_to_draw(ctx, "recommendations_list", recommendations, view, "reports.recommendations_count",
                            "reports.recommendations_cut")
        st.caption(t("reports.text_language_note"))
        columns = {
            "municipality": st.column_config.TextColumn(t("reports.col_municipality")),
            "recommendation": st.column_config.TextColumn(t("reports.col_recommendation"), width="large"),
            "response": st.column_config.TextColumn(t("reports.col_response")),
            "response_date": st.column_config.DateColumn(t("reports.col_response_date"), format=DATE_FORMAT),
            "days": st.column_config.NumberColumn(t("reports.col_days")),
            "report_id": None,
            "recommendation_id": None,
        }
        st.dataframe(listing.first_rows(recommendations, rows), hide_index=True, width="stretch",
                     key="recommendations_table", placeholder="–", column_config=columns)
        long_lists.show_more(ctx, "recommendations_list", recommendations, view, rows, "reports.show_more")
        download_csv(ctx, recommendations, "recommendations", key="download_recommendations_table")
