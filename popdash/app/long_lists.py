"""Long lists drawn in part on a page: the list's count, a note when only part of it is drawn,
and a "show more" button that draws more rows until the view (filters, search) changes. Which
rows and how many is decided by popdash.views.listing; this module draws the controls."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from popdash.app.shell import Context
from popdash.i18n.numbers import format_number
from popdash.views import listing


def rows_to_draw(ctx: Context, name: str, listed: pd.DataFrame, view: tuple, count_key: str, cut_key: str) -> int:
    """How many rows of a long list to draw for this view (a "show more" counts until the view
    changes), with the list's count and, when only part of it is drawn, the note that says so."""
    rows = listing.drawn_rows(st.session_state.get(f"{name}_rows"), view)
    n = format_number(len(listed), ctx.lang)
    st.caption(ctx.t.plural(count_key, len(listed), count=n))
    if listing.is_cut(listed, rows):
        st.caption(ctx.t(cut_key, shown=format_number(rows, ctx.lang), n=n))
    return rows


def show_more(ctx: Context, name: str, listed: pd.DataFrame, view: tuple, rows: int, label_key: str) -> None:
    """Under a list drawn in part: a button that draws listing.LIST_ROWS more rows."""
    if listing.is_cut(listed, rows):
        more = format_number(min(listing.LIST_ROWS, len(listed) - rows), ctx.lang)
        st.button(ctx.t(label_key, n=more), key=f"{name}_more", icon=":material/expand_more:",
                  on_click=st.session_state.__setitem__, args=(f"{name}_rows", (view, listing.more(rows))))
