"""Downloads for any page: the page's data as one Excel workbook, and the story of the view
(slide deck, factsheet, data) built only when the button is pressed."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from popdash.app.shell import Context
from popdash.exports import spreadsheets

UNSAFE_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\ and at most 31 characters."""
    base = UNSAFE_SHEET_CHARACTERS.sub(" ", str(name)).strip()[:31] or "data"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The frames as one .xlsx, one sheet each (personal columns refused, formulas neutralised)."""
    taken: set[str] = set()
    named = {sheet_name(name, taken): frame for name, frame in sheets.items()}
    for frame in named.values():
        # Refuse personal columns before the writer opens: a failure inside it is masked by
        # openpyxl's own error about a workbook with no sheet.
        spreadsheets.safe_frame(frame)
    return spreadsheets.to_excel_bytes(named)


def page_download(ctx: Context, sheets: dict[str, pd.DataFrame], name: str, key: str | None = None) -> None:
    """A "download this page's data as Excel" button; the workbook is built on click.

    `sheets` maps a sheet name (already in the reader's language) to the frame behind a chart
    or table of the page; `name` is the file's base name (the year is appended).
    """
    for frame in sheets.values():
        spreadsheets.refuse_personal(frame)  # now, not on click: a page offering personal data fails when drawn
    st.download_button(
        ctx.t("forum.download_page"), lambda: workbook(sheets), file_name=f"{name}-{ctx.year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key or f"page_download_{name}", icon=":material/table_view:", on_click="ignore",
    )


def story_downloads(ctx: Context, story, key: str = "story") -> None:
    """The view's story as a PowerPoint deck, a one-page PDF factsheet and an Excel workbook."""
    from popdash.exports.factsheet import build_factsheet
    from popdash.exports.slides import build_deck

    t = ctx.t
    suffix = "-".join([str(story.year)] + ([story.municipality] if story.municipality else []))
    st.download_button(
        t("forum.download_deck"), lambda: build_deck(story, story.lang),
        file_name=f"{t('slides.file_name')}-{suffix}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=f"{key}_deck", icon=":material/slideshow:", on_click="ignore", width="stretch",
    )
    st.download_button(
        t("forum.download_factsheet"),
        lambda: build_factsheet(story.year, story.lang, run=ctx.run, story=story),
        file_name=f"{t('factsheet.file_name')}-{suffix}.pdf", mime="application/pdf",
        key=f"{key}_factsheet", icon=":material/picture_as_pdf:", on_click="ignore", width="stretch",
    )
    sheets = {t(f"forum.sheet.{name}"): frame for name, frame in story.tables.items()}
    for frame in sheets.values():
        spreadsheets.refuse_personal(frame)
    st.download_button(
        t("forum.download_data"), lambda: workbook(sheets), file_name=f"{t('forum.data_file_name')}-{suffix}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_data", icon=":material/table_view:", on_click="ignore", width="stretch",
    )
