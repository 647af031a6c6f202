"""Rezultatet / Results: the programme's results framework for donors — the summary for a
year, achievement against targets, each indicator in detail, the outcomes journal and the
IATI export."""
import streamlit as st

from popdash.app.journal_cards import show_journal
from popdash.app.shell import download_csv, empty_state, get_context
from popdash.exports import iati
from popdash.i18n.numbers import format_number
from popdash.i18n.safe_text import escape_markdown as safe
from popdash.views import outcomes_journal, results, results_charts, results_framework, results_tables

ctx = get_context()
t = ctx.t
framework = results_framework.load_framework()
table = results.results_table(ctx.run, framework=framework)

st.title(t("results.title"))
st.caption(t("results.caption", year=ctx.year))
if not ctx.all_selected:
    st.info(t("results.network_note"), icon=":material/info:")
if results.year_rows(table, ctx.year).empty:
    empty_state(ctx)
    st.stop()

# The summary a donor reads first: one screen.
observed_year = outcomes_journal.outcomes_for(ctx.year, run=ctx.run)
summary = results.donor_summary(ctx.year, ctx.lang, table=table, framework=framework, outcomes=observed_year)
st.subheader(t("results.summary.title", year=ctx.year))
for column, (label, value) in zip(st.columns(4), [
    (t("results.metric.met"), summary.counts["met"]),
    (t("results.metric.nearly_met"), summary.counts["nearly_met"]),
    (t("results.metric.not_met"), summary.counts["not_met"]),
    (t("results.metric.outcomes"), len(observed_year)),
]):
    column.metric(label, format_number(value, ctx.lang))
st.markdown(f"**{safe(summary.headline)}**")
achieved_column, short_column = st.columns(2)
# No fixed height: a box that scrolls on its own cannot be reached from the keyboard (WCAG 2.1.1).
with achieved_column.container(border=True):
    st.markdown(f"**{t('results.summary.achieved_title')}**")
    lines = ([summary.outcomes] if summary.outcomes else []) + [line.text for line in summary.achieved]
    st.markdown("\n".join(f"- {safe(line)}" for line in lines) if lines else t("results.summary.none_met", year=ctx.year))
with short_column.container(border=True):
    st.markdown(f"**{t('results.summary.short_title')}**")
    if summary.shortfalls:
        st.markdown("\n".join(f"- {safe(line.text)}\n\n  *{safe(line.reason)}*" for line in summary.shortfalls))
    else:
        st.markdown(t("results.summary.none_short", year=ctx.year))
    if summary.untargeted:
        st.caption(safe(summary.untargeted))

st.subheader(t("results.section.achievement", year=ctx.year))
st.caption(safe(results_charts.achievement_takeaway(table, framework, ctx.year, ctx.lang)))
st.plotly_chart(results_charts.achievement_chart(table, framework, ctx.year, ctx.lang), width="stretch",
                key="achievement")
st.caption(t("results.section.achievement_note"))
download_csv(ctx, results_tables.download_frame(table, framework, ctx.lang), "results-framework",
             key="download_results")

st.subheader(t("results.section.framework", year=ctx.year))
st.caption(t("results.section.framework_note"))
st.markdown(results_tables.framework_outline(framework, ctx.lang))
st.table(results_tables.framework_table(table, framework, ctx.year, ctx.lang), hide_index=True, border="horizontal")

st.subheader(t("results.section.detail"))
code = st.selectbox(t("results.section.pick"), [i.code for i in framework.indicators], key="results_indicator",
                    format_func=lambda c: f"{c} · {framework.indicator(c).name(ctx.lang)}")
indicator = framework.indicator(code)
st.markdown(f"**{t('results.section.definition')}.** {safe(indicator.definition(ctx.lang))}")
st.caption(t("results.section.properties", unit=t(f"results.unit.{indicator.unit}"),
             ascending=t("results.yes" if indicator.ascending else "results.no"),
             aggregatable=t("results.yes" if indicator.aggregatable else "results.no")))
table_column, chart_column = st.columns([2, 3])
with table_column:
    st.table(results_tables.history_table(table, code, ctx.lang), hide_index=True, border="horizontal")
    notes = results_tables.history_notes(table, code, ctx.lang)
    if notes:
        st.markdown(f"**{t('results.col.note')}**")
        st.markdown("\n".join(f"- {safe(note)}" for note in notes))
with chart_column:
    st.caption(safe(results_charts.history_takeaway(table, indicator, ctx.year, ctx.lang)))
    st.plotly_chart(results_charts.history_chart(table, indicator, ctx.lang), width="stretch", key="history")
    download_csv(ctx, results.indicator_rows(table, code), f"indicator-{code}", key="download_history")

st.markdown(f"**{t('results.section.breakdown', year=ctx.year)}**")
dimensions = [d.dimension for d in indicator.disaggregations]
if not dimensions:
    st.caption(t("results.section.no_breakdown"))
tabs = st.tabs([t(f"results.dimension.{d}") for d in dimensions]) if dimensions else []
for dimension, tab in zip(dimensions, tabs):
    with tab:
        chosen = ctx.municipalities if dimension == "municipality" else None
        frame = results.breakdown(ctx.run, indicator, dimension, ctx.year, municipalities=chosen)
        if frame.empty:
            empty_state(ctx)
            continue
        st.caption(safe(results_charts.breakdown_takeaway(frame, indicator, dimension, ctx.lang, ctx.names)))
        st.plotly_chart(results_charts.breakdown_chart(frame, indicator, dimension, ctx.lang, ctx.names),
                        width="stretch", key=f"breakdown_{dimension}")
        if indicator.people:
            st.caption(t("results.section.privacy_note"))
        if indicator.disaggregation(dimension).valid:
            st.caption(t("results.section.insufficient_note"))
        download_csv(ctx, frame, f"indicator-{code}-{dimension}", key=f"download_breakdown_{dimension}")

st.subheader(t("results.journal.title"))
st.caption(t("results.journal.intro"))
every_year = st.toggle(t("results.journal.all_years"), key="results_journal_all_years")
journal = outcomes_journal.outcomes_for(None if every_year else ctx.year, municipalities=ctx.chosen or None,
                                run=ctx.run)
show_journal(ctx, journal, None if every_year else ctx.year, key="results")

st.subheader(t("iati.title"))
years = results_framework.data_years(ctx.run)
st.caption(t("iati.caption", first=years[0], last=years[-1], identifier=framework.iati["identifier"]))
st.download_button(t("iati.download"), data=lambda: iati.build_iati_xml(ctx.run, None, ctx.lang),
                   file_name="pop-iati-activity.xml", mime="application/xml", key="download_iati",
                   on_click="ignore", icon=":material/download:")
