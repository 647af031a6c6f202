"""Karta e bashkisë / Municipality scorecard (work in progress)."""
import streamlit as st

from popdash.ui import get_context

ctx = get_context()
st.title(ctx.t("scorecard.nav_title"))
