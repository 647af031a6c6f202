"""Të dhënat / Data: how fresh and complete the data are per municipality, the history of
imports, and downloads of the full dataset (attendance aggregated) and the templates."""
from datetime import date

import streamlit as st

from popdash.app import accounts, upload_session
from popdash.app.shell import download_csv, empty_state, get_context
from popdash.data import audit_log, store
from popdash.exports import full_dataset
from popdash.i18n.numbers import date_column_format
from popdash.ingest import templates
from popdash.views import freshness

ctx = get_context()
t = ctx.t
st.title(t("data.title"))
st.caption(t("data.caption", year=ctx.year))

st.markdown(freshness.version_line(store.read_manifest(ctx.version), ctx.version, t, ctx.is_sample))
today = date.today()
date_column = st.column_config.DateColumn(format=date_column_format(ctx.lang))

st.subheader(t("data.freshness_title"))
fresh = ctx.run("data_freshness_by_municipality", today=today)
if fresh.empty:
    empty_state(ctx)
else:
    st.caption(freshness.freshness_takeaway(fresh, t, ctx.names))
    table = freshness.freshness_table(fresh, t, ctx.names)
    st.dataframe(table, hide_index=True, width="stretch", key="data_freshness",
                 column_config={c: date_column for c in table.columns if str(table[c].dtype).startswith("datetime")})
    download_csv(ctx, fresh.drop(columns=["name_sq", "name_en"]), "data-freshness", key="download_freshness")

st.subheader(t("data.gaps_title", year=ctx.year))
gaps = ctx.run("monitoring_gaps_by_municipality", today=today)
if gaps.empty:
    empty_state(ctx)
else:
    st.caption(freshness.gaps_takeaway(gaps, t, ctx.year, ctx.lang))
    st.dataframe(freshness.gaps_table(gaps, t, ctx.names), hide_index=True, width="stretch", key="data_gaps")
    download_csv(ctx, gaps, "monitoring-gaps", key="download_gaps")

st.subheader(t("data.audit_title"))
# The page is public (donors, citizens at a forum): who imported what is for coordinators, so
# user names show only in a session signed in on the Upload page.
try:
    signed_in = upload_session.signed_in(st.session_state, accounts.configured_accounts(),
                                         accounts.configured_idle_minutes()) is not None
except accounts.ConfigError:  # the Upload page explains the problem; here nobody is signed in
    signed_in = False
log = audit_log.log_table(store.data_root(), ctx.lang, with_users=signed_in)
if log.empty:
    st.info(t("data.audit_empty"), icon=":material/history:")
else:
    st.dataframe(log, hide_index=True, width="stretch", key="data_audit")
    if not signed_in:
        st.caption(t("data.audit_users_hidden"))
chain = audit_log.verify(store.data_root())
if not chain.intact:
    st.error(t("data.chain.broken", line=chain.bad_line, problem=t(f"audit.problem.{chain.problem}")),
             icon=":material/gpp_bad:")
elif chain.entries:
    st.caption(" ".join([t("data.chain.intact", n=chain.entries)]
                        + ([t("data.chain.legacy", legacy=chain.legacy)] if chain.legacy else [])))

st.subheader(t("data.downloads_title"))
st.caption(t("data.downloads_note"))
version = ctx.version
buttons = st.columns(4)
buttons[0].download_button(t("data.download_csv_zip"), data=lambda: full_dataset.csv_zip(ctx.run), file_name=f"rrjeti-pop-{version}.zip",
                           mime="application/zip", on_click="ignore", icon=":material/folder_zip:", key="data_csv_zip")
buttons[1].download_button(t("data.download_excel"), data=lambda: full_dataset.excel(ctx.run), file_name=f"rrjeti-pop-{version}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                           icon=":material/table_view:", key="data_excel")
buttons[2].download_button(
    t("data.download_template"),
    data=lambda: templates.empty_workbook(version),
    file_name="rrjeti-pop-shablloni.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore", icon=":material/download:", key="data_template")
buttons[3].download_button(
    t("data.download_template_csv"),
    data=lambda: templates.empty_csv_zip(version),
    file_name="rrjeti-pop-shablloni-csv.zip", mime="application/zip", on_click="ignore", icon=":material/download:",
    key="data_template_csv")
