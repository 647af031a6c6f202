"""The view's filters (language, year, municipalities) read from and written to URL query
parameters. Pure functions: the Streamlit side lives in popdash.app.shell."""
from __future__ import annotations

from dataclasses import dataclass, field

from popdash.i18n import DEFAULT_LANGUAGE, LANGUAGES


@dataclass(frozen=True)
class Filters:
    lang: str
    year: int
    municipalities: tuple[str, ...]  # explicit choice; empty means all municipalities of the year
    problems: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (parameter, value) ignored


def first(value) -> str | None:
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def parse_filters(params: dict, years: list[int], members_by_year: dict[int, list[str]]) -> Filters:
    """Filters from query parameters; anything unknown falls back to the default and is reported.

    Defaults: Albanian, the latest year with data, all municipalities of that year.
    """
    problems = []
    lang = (first(params.get("lang")) or DEFAULT_LANGUAGE).strip().lower()
    if lang not in LANGUAGES:
        problems.append(("lang", lang))
        lang = DEFAULT_LANGUAGE
    latest = max(years) if years else 0
    raw_year = first(params.get("year"))
    year = latest
    if raw_year not in (None, ""):
        try:
            year = int(raw_year)
        except ValueError:
            year = -1
        if year not in years:
            problems.append(("year", raw_year))
            year = latest
    chosen = []
    raw = first(params.get("municipality")) or ""
    for code in (c.strip().upper() for c in raw.split(",") if c.strip()):
        if code in members_by_year.get(year, []) and code not in chosen:
            chosen.append(code)
        else:
            problems.append(("municipality", code))
    return Filters(lang, year, tuple(chosen), tuple(problems))


def to_params(filters: Filters) -> dict[str, str]:
    """Query parameters that reproduce the view (all municipalities: parameter left out)."""
    params = {"lang": filters.lang, "year": str(filters.year)}
    if filters.municipalities:
        params["municipality"] = ",".join(filters.municipalities)
    return params
