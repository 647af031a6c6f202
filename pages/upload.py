"""Ngarko të dhëna / Upload data: coordinators sign in, upload filled templates, see every
problem at once or a preview of the changes, and confirm before anything is written."""
import math

import streamlit as st

from popdash.app import accounts as auth, identity, login_guard, sign_in, upload_session as session
from popdash.app.shell import get_context
from popdash.data import store
from popdash.i18n.safe_text import escape_markdown
from popdash.ingest import readers, templates
from popdash.ingest.problems import problems_frame

ctx = get_context()
t = ctx.t
state = st.session_state
st.title(t("upload.title"))
st.caption(t("upload.caption"))

try:
    accounts = auth.configured_accounts()
    idle_minutes = auth.configured_idle_minutes()
except auth.ConfigError as problem:
    st.error(t("upload.config_problem", problem=escape_markdown(str(problem))), icon=":material/error:")
    st.stop()
if not accounts:
    st.info(t("upload.not_configured"), icon=":material/lock:")
    st.markdown(t("upload.how_to_enable"))
    st.stop()

# With st.login configured ([auth] in the secrets) the organisation's identity provider signs
# coordinators in, mapped to an account by e-mail address; otherwise passwords, with failed
# attempts counted on the server.
oidc = identity.oidc_user()
session.follow_identity(state, accounts, oidc)
account = session.signed_in(state, accounts, idle_minutes)
if session.pop_expired(state):
    st.info(t("upload.idle.signed_out", minutes=f"{idle_minutes:g}"), icon=":material/timer_off:")
    if oidc is not None and oidc["is_logged_in"]:
        st.logout()  # else the provider's identity would sign the session straight back in
        st.stop()

if account is None and oidc is not None:
    st.caption(t("upload.oidc.intro"))
    if oidc["is_logged_in"]:
        st.error(t("upload.oidc.no_account", email=escape_markdown(str(oidc.get("email", "")))),
                 icon=":material/block:")
        st.button(t("upload.logout"), icon=":material/logout:", key="upload_oidc_logout", on_click=st.logout)
    else:
        st.button(t("upload.oidc.login"), type="primary", icon=":material/login:", key="upload_oidc_login",
                  on_click=st.login)
    st.stop()

if account is None:
    guard = login_guard.for_root(store.data_root())
    address = identity.client_address()
    until = guard.locked_until(address)
    if until is not None:
        st.error(t("upload.guard.locked", minutes=max(1, math.ceil((until - guard.clock()) / 60))),
                 icon=":material/block:")
        st.stop()
    with st.form("upload_login", width=420):
        st.subheader(t("upload.login_title"))
        username = st.text_input(t("upload.username"), autocomplete="username", key="upload_username")
        password = st.text_input(t("upload.password"), type="password", autocomplete="current-password",
                                 key="upload_password")
        submitted = st.form_submit_button(t("upload.login"), type="primary", icon=":material/login:")
    if submitted:
        outcome = sign_in.attempt(guard, accounts, username, password, address, store.data_root())
        if outcome.account is not None:
            session.remember(state, outcome.account)
            st.rerun()
        messages = {"": t("upload.login_failed"), "unavailable": t("upload.guard.unavailable"),
                    "wait": t("upload.guard.wait", seconds=math.ceil(outcome.retry_in)),
                    "locked": t("upload.guard.locked", minutes=max(1, math.ceil(outcome.retry_in / 60)))}
        st.error(messages[outcome.refused], icon=":material/error:")
    st.stop()

scope = (t("upload.scope_network") if account.is_network
         else t("upload.scope_municipality", name=escape_markdown(ctx.name(account.municipality))))
top = st.columns([4, 1], vertical_alignment="center")
top[0].markdown(t("upload.signed_in", user=escape_markdown(account.username), scope=scope))
if top[1].button(t("upload.logout"), icon=":material/logout:", key="upload_logout"):
    session.sign_out(state)
    if oidc is not None:
        st.logout()  # the provider's identity would sign the session straight back in
        st.stop()
    st.rerun()

outcome = session.pop_outcome(state)
if outcome:
    kind, version = outcome
    message = {"saved": t("upload.saved", version=version), "unchanged": t("upload.saved_unchanged"),
               "stale": t("upload.stale")}[kind]
    (st.warning if kind == "stale" else st.success)(message, icon=":material/check_circle:")

with st.container(border=True):
    st.caption(t("upload.template_help"))
    st.download_button(
        t("upload.template_download"),
        data=lambda: templates.empty_workbook(ctx.version),
        file_name="rrjeti-pop-shablloni.xlsx", on_click="ignore", icon=":material/download:", key="upload_template",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

limit = int(readers.MAX_FILE_MB)
uploaded = st.file_uploader(t("upload.files", limit=limit), type=["xlsx", "csv"], accept_multiple_files=True,
                            max_upload_size=limit, key=session.uploader_key(state))
replace = account.is_network and st.checkbox(t("upload.replace"), help=t("upload.replace_help"), key="upload_replace")
files = [(f.name, f.getvalue()) for f in uploaded or []]

if st.button(t("upload.check"), type="primary", disabled=not files, icon=":material/fact_check:", key="upload_check"):
    bar = st.progress(0.0, text=t("upload.progress.read"))
    session.check_files(state, account, files, replace,
                        progress=session.page_progress(lambda v, label: bar.progress(v, text=label), t,
                                                       session.CHECK_STAGES))
    bar.empty()

plan = session.current_plan(state, files)
widths = {"severity": "small", "row": "small", "expected": "large"}
report_columns = {t(f"ingest.report.{c}"): st.column_config.Column(width=w) for c, w in widths.items()}
if plan is not None:
    if plan.errors:
        st.error(t("upload.errors_title", n=len(plan.errors)), icon=":material/error:")
        st.caption(t("upload.errors_help"))
        st.dataframe(problems_frame(plan.errors, ctx.lang), hide_index=True, width="stretch", key="upload_errors",
                     column_config=report_columns)
    if plan.warnings:
        with st.expander(t("upload.warnings_title", n=len(plan.warnings)), expanded=not plan.errors):
            st.dataframe(problems_frame(plan.warnings, ctx.lang), hide_index=True, width="stretch",
                         key="upload_warnings", column_config=report_columns)
    if plan.ok:
        st.subheader(t("upload.preview_title"))
        st.dataframe(plan.summary(ctx.lang), hide_index=True, width="content", key="upload_summary")
        if not plan.has_changes:
            st.info(t("upload.no_changes"), icon=":material/info:")
        else:
            removed = sum(c.removed for c in plan.changes.values())
            if removed:
                st.warning(t("upload.replace_warning", n=removed), icon=":material/warning:")
            if plan.sample:
                st.caption(t("upload.sample_note"))
        buttons = st.columns([1, 1, 4])
        if buttons[0].button(t("upload.confirm"), type="primary", icon=":material/save:", key="upload_confirm"):
            bar = st.progress(0.0, text=t("upload.progress.write"))
            session.confirm(state, account, progress=session.page_progress(
                lambda v, label: bar.progress(v, text=label), t, session.WRITE_STAGES))
            st.rerun()
        if buttons[1].button(t("upload.cancel"), key="upload_cancel"):
            session.cancel(state)
            st.rerun()
