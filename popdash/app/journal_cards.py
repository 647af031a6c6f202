"""The outcomes journal drawn as cards: shared by the Results page and the scorecard."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from popdash.app.shell import Context, download_csv
from popdash.i18n.safe_text import escape_markdown
from popdash.views import outcomes_journal


def show_journal(ctx: Context, journal: pd.DataFrame, year: int | None, key: str) -> None:
    """A takeaway, one card per outcome (data text escaped), and the CSV of the entries."""
    t = ctx.t
    st.markdown(outcomes_journal.journal_takeaway(journal, year, t))
    for entry in outcomes_journal.journal_entries(journal, t, ctx.names):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(entry['heading'])}** · {escape_markdown(entry['significance'])}")
            st.markdown(escape_markdown(entry["change"]))
            if entry["details"]:
                st.caption(escape_markdown(entry["details"]))
            if entry["evidence"]:
                st.link_button(t("results.journal.evidence_link"), entry["evidence"], icon=":material/open_in_new:")
    if not journal.empty:
        download_csv(ctx, journal, "outcomes", key=f"download_outcomes_{key}")
