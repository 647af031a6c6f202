"""POP Network impact dashboard: page config, filters, navigation."""
import streamlit as st

from popdash import logs
from popdash.app.shell import build_context, show_notices

logs.configure()  # once per process; later runs of this script only re-read the level

# A local icon: a Material icon as page_icon would be fetched from the internet as the favicon.
st.set_page_config(page_title="Rrjeti POP", page_icon="popdash/app/assets/icon.png", layout="wide")

# The page menu heads the sidebar, above the filters that build_context draws there.
menu = st.sidebar.container(key="page_menu")
ctx = build_context()
t = ctx.t
pages = {
    t("nav.section_impact"): [
        st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
        st.Page("pages/map.py", title=t("map.nav_title"), icon=":material/map:", url_path="harta"),
        st.Page("pages/scorecard.py", title=t("scorecard.nav_title"), icon=":material/assignment:", url_path="bashkia"),
        st.Page("pages/results.py", title=t("results.nav_title"), icon=":material/flag:", url_path="rezultatet"),
    ],
    t("nav.section_stories"): [
        st.Page("pages/council.py", title=t("council.nav_title"), icon=":material/account_balance:", url_path="keshilli"),
        st.Page("pages/contracts.py", title=t("contracts.nav_title"), icon=":material/handshake:", url_path="kontratat"),
        st.Page("pages/engagement.py", title=t("engagement.nav_title"), icon=":material/groups:", url_path="angazhimi"),
        st.Page("pages/reports.py", title=t("reports.nav_title"), icon=":material/description:", url_path="raportet"),
    ],
    t("nav.section_tools"): [
        st.Page("pages/forum.py", title=t("forum.nav"), icon=":material/co_present:", url_path="forumi"),
        st.Page("pages/methodology.py", title=t("methodology.nav_title"), icon=":material/menu_book:", url_path="metodologjia"),
        st.Page("pages/data.py", title=t("data.nav"), icon=":material/database:", url_path="te-dhenat"),
        st.Page("pages/upload.py", title=t("upload.nav"), icon=":material/upload_file:", url_path="ngarko"),
    ],
}
# Streamlit's own sidebar menu nests its section headers inside the <ul> of links, which screen
# readers cannot follow (axe: list, listitem). The menu is drawn here instead, as links under
# headings, and the router is hidden.
page = st.navigation(pages, position="hidden")
with menu:
    for section, section_pages in pages.items():
        st.markdown(f"**{section}**")
        for entry in section_pages:
            st.page_link(entry, width="stretch")
    st.divider()
st.sidebar.caption(t("app.footer"))
show_notices(ctx)
page.run()
