"""The results as the page's tables: the framework's indicators for a year, its outline, one
indicator over the years with its notes (status cells coloured), and the download."""
from __future__ import annotations

import pandas as pd

from popdash.i18n import localized, translate
from popdash.i18n.safe_text import escape_markdown
from popdash.views.results import indicator_rows, year_rows
from popdash.views.results_format import (STATUS_COLORS, STATUS_INK, format_achieved, format_value, status_cell,
                                          status_label, text_or_empty)
from popdash.views.results_framework import Framework, Statement


def style_statuses(display: pd.DataFrame, statuses: list[str], column: str):
    """The table with its status cells in the status colours (a pandas Styler)."""
    def paint(cells: pd.Series) -> list[str]:
        return [f"background-color: {STATUS_COLORS[s]}; color: {STATUS_INK[s]}; font-weight: 600" for s in statuses]
    return display.style.apply(paint, subset=[column])


def display_table(table: pd.DataFrame, framework: Framework, year: int, lang: str,
                  statement: str | None = None) -> pd.DataFrame:
    """The indicators of the framework (or of one objective, outcome or output) for one year,
    in the framework's order, as the page shows them (headers and values in the reader's
    language)."""
    t = lambda key, **v: translate(lang, key, **v)  # noqa: E731
    rows = []
    for _, r in year_rows(table, year).iterrows():
        if statement is not None and r.result != statement:
            continue
        ind = framework.indicator(r.code)
        baseline = format_value(r.baseline, r.unit, lang)
        if r.baseline_year is not None and not pd.isna(r.baseline_year) and baseline != "–":
            baseline = f"{baseline} ({int(r.baseline_year)})"
        rows.append({
            t("results.col.code"): r.code,
            # st.table renders cells as markdown: text from the framework file is escaped.
            t("results.col.indicator"): escape_markdown(ind.name(lang)),
            t("results.col.unit"): t(f"results.unit.{r.unit}"),
            t("results.col.baseline"): baseline,
            t("results.col.target", year=year): format_value(r.target, r.unit, lang),
            t("results.col.actual", year=year): format_value(r.actual, r.unit, lang),
            t("results.col.achieved"): format_achieved(r.achieved, lang),
            t("results.col.status"): status_cell(r.status, lang),
        })
    return pd.DataFrame(rows)


def framework_table(table: pd.DataFrame, framework: Framework, year: int, lang: str, statement: str | None = None):
    """display_table with its status cells coloured (a pandas Styler), or None when empty."""
    display = display_table(table, framework, year, lang, statement)
    if display.empty:
        return None
    rows = year_rows(table, year)
    statuses = (rows if statement is None else rows[rows.result == statement]).status.tolist()
    return style_statuses(display, statuses, translate(lang, "results.col.status"))


def framework_outline(framework: Framework, lang: str) -> str:
    """The objective, outcomes and outputs as a nested Markdown list (outputs under the
    outcome they serve)."""
    def item(statement: Statement, indent: str = "") -> str:
        level = translate(lang, f"results.level.{statement.level}")
        return f"{indent}- **{level} {statement.code}** · {escape_markdown(statement.text(lang))}"
    lines = [item(s) for s in framework.statements if s.level == "objective"]
    for outcome in (s for s in framework.statements if s.level == "outcome"):
        lines.append(item(outcome, "  "))
        lines += [item(o, "    ") for o in framework.statements if o.parent == outcome.code]
    return "\n".join(lines)


def history_table(table: pd.DataFrame, code: str, lang: str):
    """One indicator over the years: target, actual, share achieved and status (a pandas
    Styler with the status cells coloured)."""
    t = lambda key, **v: translate(lang, key, **v)  # noqa: E731
    rows = indicator_rows(table, code)
    return style_statuses(pd.DataFrame({
        t("results.col.year"): rows.year.astype(str).to_numpy(),
        t("results.col.target_plain"): [format_value(v, u, lang) for v, u in zip(rows.target, rows.unit)],
        t("results.col.actual_plain"): [format_value(v, u, lang) for v, u in zip(rows.actual, rows.unit)],
        t("results.col.achieved"): [format_achieved(v, lang) for v in rows.achieved],
        t("results.col.status"): [status_cell(s, lang) for s in rows.status],
    }), rows.status.tolist(), t("results.col.status"))


def history_notes(table: pd.DataFrame, code: str, lang: str) -> list[str]:
    """The explanations recorded for an indicator, one line per year that has one."""
    rows = indicator_rows(table, code)
    notes = zip(rows.year, localized(rows, "note", lang))
    return [f"{year}: {text_or_empty(note)}" for year, note in notes if text_or_empty(note)]


def download_frame(table: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    """The whole framework with raw numbers, for the CSV download."""
    out = table.copy()
    out.insert(1, "indicator", [framework.indicator(c).name(lang) for c in out.code])
    out["status_label"] = [status_label(s, lang) for s in out.status]
    return out
