"""Problems found in an import, located the way a person finds them in the spreadsheet
(file, sheet, row number as shown, column header as written) and described in their language."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from popdash.i18n import translate

ERROR = "error"
WARNING = "warning"
# What to fix comes first; where it is (sheet and file) is often the same on every line.
REPORT_COLUMNS = ("severity", "row", "column", "value", "expected", "sheet", "file")


@dataclass(frozen=True)
class Problem:
    """One problem; `key` names the message ingest.problem.<key>, `params` fill it in.

    A parameter may be a dict keyed by language ({"sq": ..., "en": ...}) where the text
    differs between languages (lists of allowed labels, municipality names).
    """
    severity: str
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    key: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str) -> str:
        """What was expected, in the reader's language."""
        values = {k: (v.get(lang, v.get("en")) if isinstance(v, dict) else v) for k, v in self.params.items()}
        return translate(lang, f"ingest.problem.{self.key}", **values)


def error(file: str, sheet: str, row: int | None, column: str, value: str, key: str, /, **params) -> Problem:
    """An error at a place; positional-only, so a message may have its own {sheet} or {row}."""
    return Problem(ERROR, file, sheet, row, column, value, key, params)


def warning(file: str, sheet: str, row: int | None, column: str, value: str, key: str, /, **params) -> Problem:
    return Problem(WARNING, file, sheet, row, column, value, key, params)


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    """The report as a table with translated column names, in spreadsheet order."""
    rows = [{
        "severity": translate(lang, f"ingest.severity.{p.severity}"),
        "file": p.file, "sheet": p.sheet,
        "row": p.row, "column": p.column, "value": p.value, "expected": p.message(lang),
    } for p in problems]
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns={c: translate(lang, f"ingest.report.{c}") for c in REPORT_COLUMNS})


def format_report(problems: list[Problem], lang: str) -> str:
    """The report as plain text lines for the command line."""
    lines = []
    for p in problems:
        where = " · ".join(part for part in (p.file, p.sheet, f"{translate(lang, 'ingest.report.row')} {p.row}" if p.row else "",
                                              p.column) if part)
        value = f" [{p.value}]" if p.value else ""
        lines.append(f"{translate(lang, f'ingest.severity.{p.severity}')}: {where}{value}: {p.message(lang)}")
    return "\n".join(lines)
