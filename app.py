"""POP Network impact dashboard: page config, filters, navigation."""
import streamlit as st

from popdash.ui import build_context, show_notices

# A local icon: a Material icon as page_icon would be fetched from the internet as the favicon.
st.set_page_config(page_title="Rrjeti POP", page_icon="popdash/assets/icon.png", layout="wide")

ctx = build_context()
t = ctx.t
pages = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/engagement.py", title=t("engagement.nav_title"), icon=":material/groups:", url_path="angazhimi"),
    st.Page("pages/council.py", title=t("council.nav_title"), icon=":material/account_balance:", url_path="keshilli"),
    st.Page("pages/contracts.py", title=t("contracts.nav_title"), icon=":material/handshake:", url_path="kontratat"),
    st.Page("pages/map.py", title=t("map.nav_title"), icon=":material/map:", url_path="harta"),
    st.Page("pages/scorecard.py", title=t("scorecard.nav_title"), icon=":material/assignment:", url_path="bashkia"),
]
page = st.navigation(pages)
st.sidebar.caption(t("app.footer"))
show_notices(ctx)
page.run()
