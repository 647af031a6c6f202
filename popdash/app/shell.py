"""The Streamlit side shared by all pages: the view context, the sidebar filters kept in the
URL, the sample-data banner, downloads and empty states."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from popdash.app.filters import Filters, parse_filters, to_params
from popdash.data import named_queries, store
from popdash.data.named_queries import VersionRunner, runner
from popdash.exports import spreadsheets
from popdash.i18n import LANGUAGES, Translator, localized
from popdash.i18n.safe_text import escape_markdown

CONTEXT_KEY = "_view_context"
FILTER_PARAMS = ("lang", "year", "municipality")
FILTER_STATE = "_filters"


@dataclass(frozen=True)
class Context:
    """What every page needs for one run: language, year, municipalities, pinned data version."""
    lang: str
    year: int
    chosen: tuple[str, ...]          # municipalities picked in the sidebar (empty: all)
    municipalities: tuple[str, ...]  # the codes queries use: the choice, or all members of the year
    all_codes: tuple[str, ...]       # every municipality that was ever in the programme
    version: str
    t: Translator
    names: dict[str, str]            # municipality code -> name in the view's language
    is_sample: bool

    @property
    def run(self) -> VersionRunner:
        """Named queries on this run's data version, with the view's filters bound:
        `ctx.run(query, **params)`. Pages pass it to the domain code (popdash.views,
        popdash.exports), which reads data only through the runner it is given."""
        return runner(self.version, year=self.year, municipalities=list(self.municipalities), lang=self.lang)

    @property
    def trend_municipalities(self) -> tuple[str, ...]:
        """For queries over several years: the choice, or the network as it was each year
        (Kamëz and Pogradec count in 2023 although they left the programme since)."""
        return self.chosen or self.all_codes

    @property
    def all_selected(self) -> bool:
        return not self.chosen

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def municipality_names(version: str, lang: str) -> dict[str, str]:
    frame = named_queries.run("municipalities", version=version)
    return dict(zip(frame.municipality_code, localized(frame, "name", lang)))


def members_by_year(version: str) -> dict[int, list[str]]:
    frame = named_queries.run("members_by_year", version=version)
    return {int(y): list(g.municipality_code) for y, g in frame.groupby("year")}


def build_context() -> Context:
    """Read the URL once per session, render the sidebar filters, write the URL back.

    Streamlit drops query parameters and the sidebar widgets' values when the page changes, so
    the filters live in the session (FILTER_STATE, updated by the widgets' callbacks), are
    given to the widgets on every run, and are written back to the URL.
    """
    version = store.current_version()
    years = [int(y) for y in named_queries.run("data_years", version=version).year]
    members = members_by_year(version)
    state = st.session_state
    if FILTER_STATE not in state:
        initial = parse_filters(st.query_params.to_dict(), years, members)
        state[FILTER_STATE] = {"lang": initial.lang, "year": initial.year, "municipality": list(initial.municipalities)}
        state["_url_problems"] = initial.problems
    chosen = state[FILTER_STATE]
    if chosen["year"] not in years:
        chosen["year"] = max(years)
    year_members = members.get(chosen["year"], [])
    chosen["municipality"] = [c for c in chosen["municipality"] if c in year_members]
    for key in FILTER_PARAMS:
        state[key] = chosen[key]
    t = Translator(chosen["lang"])
    names = municipality_names(version, t.lang)
    sidebar = st.sidebar
    sidebar.radio(t("filters.language"), LANGUAGES, key="lang", horizontal=True, on_change=remember, args=("lang",),
                  format_func=lambda code: {"sq": "Shqip", "en": "English"}[code])
    sidebar.selectbox(t("filters.year"), years, key="year", on_change=remember, args=("year",))
    sidebar.multiselect(t("filters.municipalities"), year_members, key="municipality", on_change=remember,
                        args=("municipality",), format_func=lambda code: names.get(code, code),
                        placeholder=t("filters.all_municipalities"))
    filters = Filters(state["lang"], int(state["year"]), tuple(state["municipality"]))
    sync_url(to_params(filters))
    context = Context(
        lang=t.lang, year=filters.year, chosen=filters.municipalities,
        municipalities=filters.municipalities or tuple(year_members), all_codes=tuple(names),
        version=version, t=t, names=names, is_sample=bool(store.read_manifest(version).get("sample")),
    )
    state[CONTEXT_KEY] = context
    return context


def remember(key: str) -> None:
    """Widget callback: keep the sidebar choice in the session's filters."""
    st.session_state[FILTER_STATE][key] = st.session_state[key]


def choose_municipalities(codes: list[str]) -> None:
    """Set the sidebar's municipality choice from a page's widget callback (e.g. a map click)."""
    st.session_state[FILTER_STATE]["municipality"] = list(codes)


def sync_url(params: dict[str, str]) -> None:
    """Write the view's filters into the URL, leaving parameters that pages own alone."""
    for key in FILTER_PARAMS:
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]


def get_context() -> Context:
    """The context app.py built for this run (pages are only run through app.py)."""
    return st.session_state[CONTEXT_KEY]


def show_notices(ctx: Context) -> None:
    """The sample-data banner and any URL values that were ignored."""
    if ctx.is_sample:
        st.info(ctx.t("notice.sample_data"), icon=":material/science:")
    problems = st.session_state.get("_url_problems", ())
    if problems:
        # Whatever a link carries is shown as text, never rendered (an image would be fetched).
        values = escape_markdown(", ".join(f"{p}={v}" for p, v in problems))
        st.warning(ctx.t("notice.url_ignored", values=values), icon=":material/link_off:")


def scope_label(ctx: Context) -> str:
    if ctx.all_selected:
        return ctx.t("scope.network", n=len(ctx.municipalities))
    return ", ".join(ctx.name(c) for c in ctx.chosen)


def download_csv(ctx: Context, frame: pd.DataFrame, name: str, key: str) -> None:
    """The data behind a chart as CSV (UTF-8 with BOM so Excel shows ë and ç).

    The file is written only when the button is pressed: building every CSV of a page on every
    rerun cost more than drawing it (so the frame must not be changed after this call). The
    personal-column check is cheap and runs now, so a page that would offer personal data fails
    when it is drawn, not when someone downloads.
    """
    spreadsheets.refuse_personal(frame)
    st.download_button(ctx.t("common.download_csv"), lambda: spreadsheets.to_csv_bytes(frame),
                       file_name=f"{name}-{ctx.year}.csv", mime="text/csv", key=key, icon=":material/download:",
                       on_click="ignore")


def empty_state(ctx: Context) -> None:
    st.info(ctx.t("common.no_data"), icon=":material/filter_alt_off:")


def chart_block(ctx: Context, frame: pd.DataFrame, takeaway, figure, download, name: str, key: str) -> None:
    """Takeaway, chart and CSV download, or the empty state; the builders (`takeaway`, `figure`,
    `download`: callables) run only with data."""
    if frame.empty:
        empty_state(ctx)
        return
    st.markdown(takeaway())
    st.plotly_chart(figure(), width="stretch", key=key, config={"displaylogo": False})
    download_csv(ctx, download(), name, key=f"download_{key}")
