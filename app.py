"""POP Network impact dashboard: page config, filters, navigation."""
import streamlit as st

from popdash.ui import build_context, show_notices

st.set_page_config(page_title="Rrjeti POP", page_icon=":material/account_balance:", layout="wide")

ctx = build_context()
t = ctx.t
pages = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
]
page = st.navigation(pages)
st.sidebar.caption(t("app.footer"))
show_notices(ctx)
page.run()
