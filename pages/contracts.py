"""Kontratat sociale / Social contracts: the citizens' priorities of the contract cycle by
status, over time and by pillar, and the list of priorities with their evidence."""
import streamlit as st

from popdash.app.shell import download_csv, empty_state, get_context, scope_label
from popdash.i18n.numbers import date_column_format, format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.views import contracts, listing

ctx = get_context()
t = ctx.t
st.title(t("contracts.title"))
st.caption(t("contracts.caption", scope=scope_label(ctx), year=ctx.year))
st.markdown(t("contracts.intro"))

cycles = ctx.run("contract_cycles_by_end_year")
options = contracts.cycle_options(cycles, ctx.year)
if not options:
    empty_state(ctx)
    st.stop()
if len(options) > 1:
    cycle_end = st.segmented_control(t("contracts.cycle_choice"), options, default=options[0], required=True,
                                     format_func=lambda e: contracts.cycle_label(cycles, e), key="contracts_cycle")
else:
    cycle_end = options[0]
cycle = contracts.cycle_label(cycles, cycle_end)

by_municipality = ctx.run("priority_status_by_municipality", cycle_end=cycle_end)
totals = contracts.status_shares(contracts.network_counts(by_municipality))
st.subheader(t("contracts.cycle_heading", cycle=cycle, year=ctx.year))
if totals["priorities"] == 0:
    empty_state(ctx)
    st.stop()

n = format_number(totals["priorities"], ctx.lang)
headline = st.columns(3)
with headline[0].container(border=True):
    st.metric(t("contracts.metric_addressed"), format_percent(totals["share_addressed"], ctx.lang))
    st.caption(t("contracts.of_priorities", count=format_number(totals["addressed"], ctx.lang), n=n))
with headline[1].container(border=True):
    st.metric(t("contracts.metric_weighted"), format_percent(totals["weighted_score"], ctx.lang))
    st.caption(t("contracts.metric_weighted_caption"))
with headline[2].container(border=True):
    st.metric(t("contracts.metric_priorities"), n)
    st.caption(t("contracts.in_municipalities", count=format_number(len(by_municipality), ctx.lang)))
for column, status in zip(st.columns(3), contracts.STATUSES):
    with column.container(border=True):
        st.metric(t.code("status", status), format_percent(totals[f"share_{status}"], ctx.lang))
        st.caption(t("contracts.of_priorities", count=format_number(totals[status], ctx.lang), n=n))
st.caption(t("contracts.formula", year=ctx.year, never=format_number(totals["never_assessed"], ctx.lang)))

st.subheader(t("contracts.by_municipality_title"))
st.markdown(contracts.describe_status_by_municipality(by_municipality, t, ctx.names))
st.plotly_chart(contracts.build_status_by_municipality(by_municipality, t, ctx.names), width="stretch",
                key="contracts_municipalities")
download_csv(ctx, contracts.with_shares(by_municipality), "priorities-by-municipality", key="download_contracts_municipalities")

st.subheader(t("contracts.history_title"))
history = ctx.run("priority_shares_by_assessment_date", cycle_end=cycle_end)
if history.empty:
    empty_state(ctx)
else:
    st.markdown(contracts.describe_history(history, t))
    st.plotly_chart(contracts.build_history(history, t), width="stretch", key="contracts_history")
    st.caption(t("contracts.history_note"))
    download_csv(ctx, contracts.with_shares(history), "priority-shares-by-date", key="download_contracts_history")

st.subheader(t("contracts.pillar_title"))
by_pillar = ctx.run("priorities_by_pillar", cycle_end=cycle_end)
if by_pillar.empty:
    empty_state(ctx)
else:
    st.markdown(contracts.describe_pillars(by_pillar, t))
    st.plotly_chart(contracts.build_pillars(by_pillar, t), width="stretch", key="contracts_pillars")
    download_csv(ctx, contracts.with_shares(by_pillar), "priorities-by-pillar", key="download_contracts_pillars")

st.subheader(t("contracts.list_title"))
status = st.segmented_control(t("contracts.filter_status"), contracts.STATUSES, key="contracts_status",
                              format_func=lambda s: t.code("status", s))
places = by_municipality.municipality_code.tolist()
municipality = None
if len(places) > 1:
    municipality = st.pills(t("contracts.filter_municipality"), sorted(places, key=ctx.name), key="contracts_municipality",
                            format_func=lambda c: escape_markdown(ctx.name(c)))
search = st.text_input(t("contracts.search_label"), key="contracts_search", type="search",
                       placeholder=t("contracts.search_placeholder"))
listed = contracts.search_priorities(
    ctx.run("priorities_list", cycle_end=cycle_end, statuses=[status] if status else contracts.STATUSES,
            municipalities=[municipality] if municipality else list(ctx.municipalities)),
    search, ctx.names)
st.markdown(contracts.describe_list(listed, t, status, municipality, ctx.names))
if listed.empty and search.strip():
    st.info(t("contracts.list_empty", search=escape_markdown(search)), icon=":material/search_off:")
elif listed.empty:
    empty_state(ctx)
else:
    if listing.is_cut(listed):
        st.caption(t("contracts.list_cut", shown=format_number(listing.LIST_ROWS, ctx.lang),
                     n=format_number(len(listed), ctx.lang)))
    st.dataframe(
        contracts.priorities_table(listing.first_rows(listed), t, ctx.names), hide_index=True, width="stretch",
        key="contracts_table", placeholder="–",
        column_config={
            "municipality": st.column_config.TextColumn(t("contracts.column_municipality")),
            "priority": st.column_config.TextColumn(t("contracts.column_priority"), width="large"),
            "pillar": st.column_config.TextColumn(t("contracts.column_pillar")),
            "status": st.column_config.TextColumn(t("contracts.column_status")),
            "assessed_date": st.column_config.DateColumn(t("contracts.column_assessed"),
                                                         format=date_column_format(ctx.lang)),
            "evidence": st.column_config.TextColumn(t("contracts.column_evidence")),
            "source": st.column_config.TextColumn(t("contracts.column_source")),
            "priority_id": st.column_config.TextColumn(t("contracts.column_id")),
        },
    )
    st.caption(t("contracts.list_note"))
    download_csv(ctx, listed, "priorities", key="download_contracts_list")
