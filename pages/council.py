"""Monitorimi i këshillave bashkiake / Council monitoring: meetings monitored, how often each
transparency duty was met, the index over the years, and the list of meetings."""
import streamlit as st

from popdash.app.shell import download_csv, empty_state, get_context, scope_label
from popdash.i18n.numbers import date_column_format, format_number
from popdash.i18n.safe_text import escape_markdown
from popdash.views import council, listing, transparency

ctx = get_context()
t = ctx.t
st.title(t("council.title"))
st.caption(t("council.caption", scope=scope_label(ctx), year=ctx.year))
st.markdown(t("council.intro"))

rubric = transparency.rubric_params()
by_month = ctx.run("meetings_by_municipality_month")
scores = council.scores_for_year(ctx.run("indicator_scores_by_municipality", **rubric), ctx.year)
# The whole network of the year is the benchmark, whichever municipalities are chosen.
network_scores = council.scores_for_year(
    ctx.run("indicator_scores_by_municipality", **{**rubric, "municipalities": list(ctx.all_codes)}), ctx.year)
index = ctx.run("transparency_index_by_municipality", **{**rubric, "municipalities": list(ctx.trend_municipalities)})
network_index = ctx.run("transparency_index_network", **rubric)
legal = council.legal_minimum_codes(scores)
summary = council.meetings_summary(by_month)
minimum = council.min_meetings()

year_index = council.network_index_of(network_index, ctx.year)
columns = st.columns(4)
with columns[0].container(border=True):
    st.metric(t("council.metric_meetings"), format_number(summary["meetings"], ctx.lang))
with columns[1].container(border=True):
    st.metric(t("council.metric_municipalities"), format_number(summary["municipalities"], ctx.lang))
    st.caption(t("council.metric_municipalities_of", n=len(ctx.municipalities)))
with columns[2].container(border=True):
    st.metric(t("council.metric_gap_months"), format_number(summary["gap_months"], ctx.lang),
              help=t("council.metric_gap_months_help"))
with columns[3].container(border=True):
    st.metric(t("council.metric_index"), format_number(year_index["index_score"], ctx.lang) if year_index else "–",
              help=t("council.metric_index_help", min=minimum))
    if year_index:
        st.caption(t("council.metric_legal", score=format_number(year_index["legal_minimum_score"], ctx.lang)))

st.subheader(t("council.meetings_title", year=ctx.year))
if summary["meetings"] == 0:
    empty_state(ctx)
else:
    st.markdown(council.describe_meetings(by_month, t, ctx.names, ctx.year))
    st.plotly_chart(council.build_meetings_month_chart(by_month, t, ctx.names), width="stretch", key="council_months")
    st.caption(t("council.meetings_note"))
    download_csv(ctx, by_month, "meetings-by-month", key="download_council_months")

st.subheader(t("council.indicators_title"))
observed = council.observed_municipalities(scores)
if not observed:
    empty_state(ctx)
else:
    options = [council.NETWORK] + council.ordered_names(observed, ctx.names)
    scope = st.selectbox(t("council.scope_label"), options, key="council_scope", width=320,
                         format_func=lambda c: t("council.network") if c == council.NETWORK else ctx.name(c))
    scope_name = t("council.network") if scope == council.NETWORK else ctx.name(scope)
    shares = council.indicator_shares(network_scores if scope == council.NETWORK else scores, scope)
    st.markdown(council.describe_indicators(shares, t, scope_name))
    st.plotly_chart(council.build_indicator_bars(shares, t, legal), width="stretch", key="council_indicators")
    st.caption(t("council.indicators_note"))
    download_csv(ctx, shares, "indicator-shares", key="download_council_indicators")
    with st.expander(t("council.definitions")):
        st.markdown(council.describe_definitions(scores, t, legal))

st.subheader(t("council.heatmap_title"))
if not observed:
    empty_state(ctx)
else:
    st.markdown(council.describe_heatmap(scores, network_scores, t, ctx.names))
    st.plotly_chart(council.build_indicator_heatmap(scores, network_scores, t, ctx.names, legal), width="stretch",
                    key="council_heatmap")
    st.caption(t("council.heatmap_note"))
    download_csv(ctx, council.heatmap_export(scores, network_scores, t, ctx.names), "indicator-heatmap",
                 key="download_council_heatmap")

st.subheader(t("council.trend_title"))
trend = council.index_up_to(index, ctx.year)
if not council.has_index(trend):
    empty_state(ctx)
else:
    network_trend = council.index_up_to(network_index, ctx.year)
    st.markdown(council.describe_trend(trend, network_trend, t, ctx.names, ctx.year))
    st.plotly_chart(council.build_index_trend(trend, network_trend, t, ctx.names), width="stretch", key="council_trend")
    st.caption(t("council.trend_note", min=minimum))
    download_csv(ctx, trend, "transparency-index", key="download_council_trend")

st.subheader(t("council.list_title"))
search = st.text_input(t("council.search_label"), key="council_search", type="search",
                       placeholder=t("council.search_placeholder"))
meetings = ctx.run("meetings_list", search=search)
if meetings.empty:
    st.info(t("council.list_empty", search=escape_markdown(search)) if search.strip() else t("common.no_data"),
            icon=":material/search_off:")
else:
    st.caption(t("council.list_count", n=format_number(len(meetings), ctx.lang)) + " · " + t("council.list_legend"))
    if listing.is_cut(meetings):
        st.caption(t("council.list_cut", shown=format_number(listing.LIST_ROWS, ctx.lang),
                     n=format_number(len(meetings), ctx.lang)))
    indicator_columns = {
        code: st.column_config.TextColumn(code, help=f"{t(f'indicator.{code}.label')}: {t(f'indicator.{code}.definition')}",
                                          width=38, alignment="center")
        for code in council.MEETING_INDICATORS
    }
    st.dataframe(
        council.meetings_table(listing.first_rows(meetings), t), hide_index=True, width="stretch", key="council_meetings",
        placeholder="–",
        column_config={
            "date": st.column_config.DateColumn(t("council.column_date"),
                                                format=date_column_format(ctx.lang)),
            "municipality": st.column_config.TextColumn(t("council.column_municipality")),
            "type": st.column_config.TextColumn(t("council.column_type")),
            "notice_days": st.column_config.NumberColumn(t("council.column_notice_days"), help=t("council.column_notice_days_help"),
                                                         format=t("council.days_format"), width="small"),
            "decisions_days": st.column_config.NumberColumn(t("council.column_decisions_days"),
                                                            help=t("council.column_decisions_days_help"),
                                                            format=t("council.days_format"), width="small"),
            **indicator_columns,
            "met_full": st.column_config.NumberColumn(t("council.column_met_full"), help=t("council.column_met_full_help"),
                                                      width="small"),
            "evidence": st.column_config.LinkColumn(t("council.column_evidence"), display_text=t("council.open_link"), width="small"),
            "note": st.column_config.TextColumn(t("council.column_note")),
        },
    )
    download_csv(ctx, council.meetings_export(meetings), "meetings", key="download_council_meetings")
