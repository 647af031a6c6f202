"""The outcomes journal: changes observed in what local actors do (outcome harvesting), read
from the data version through the runner a page or command gives (the `outcomes_list` query),
filtered for a page or the scorecard.

The journal as stored (its columns, OUTCOME_COLUMNS, and the file) belongs to the data layer:
popdash.data.outcomes.
"""
from __future__ import annotations

import pandas as pd

from popdash.data.named_queries import Runner
from popdash.data.outcomes import OUTCOME_COLUMNS
from popdash.i18n import localized_text
from popdash.i18n.numbers import format_date

ACTOR_TYPES = ("council", "mayor_office", "directorate", "citizens_group", "media", "other")
SIGNIFICANCE = ("high", "medium", "low")


def empty_outcomes() -> pd.DataFrame:
    """A journal with no entries and the right columns."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in OUTCOME_COLUMNS})


def load_outcomes(run: Runner) -> pd.DataFrame:
    """The journal of the runner's data version, oldest first; read through the query layer,
    so it is cached per data version like every other table."""
    frame = run("outcomes_list").reindex(columns=list(OUTCOME_COLUMNS))
    frame["observed_date"] = pd.to_datetime(frame.observed_date).dt.date
    return frame


def outcomes_for(year: int | None = None, municipalities=None, run: Runner | None = None,
                 frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Outcomes observed in a year (None: every year) in the given municipalities (None: all),
    newest first: what the Results page and the scorecard show. From the journal given as
    `frame`, else read with `run` (ctx.run on a page)."""
    if frame is None and run is None:
        raise TypeError("outcomes_for needs the journal (frame) or a runner to read it (run)")
    journal = load_outcomes(run) if frame is None else frame
    if journal.empty:
        return journal.copy()
    keep = pd.Series(True, index=journal.index)
    if year is not None:
        keep &= pd.to_datetime(journal.observed_date).dt.year == int(year)
    if municipalities is not None:
        keep &= journal.municipality_code.isin(list(municipalities))
    return journal[keep].sort_values(["observed_date", "outcome_id"], ascending=False, kind="stable").reset_index(drop=True)


def count_by_significance(frame: pd.DataFrame) -> dict[str, int]:
    """How many outcomes of each significance (every level present, zeros included)."""
    counts = frame.significance.value_counts() if not frame.empty else pd.Series(dtype=int)
    return {level: int(counts.get(level, 0)) for level in SIGNIFICANCE}


def actor_label(actor, kind: str) -> str:
    """The actor's name with its kind, once when they say the same thing."""
    if not isinstance(actor, str) or not actor or actor.casefold() == kind.casefold():
        return kind
    return f"{actor} ({kind})"


def journal_takeaway(frame: pd.DataFrame, year: int | None, t) -> str:
    """One line on the outcomes shown: how many, where, how many of high significance."""
    if frame.empty:
        return t("results.journal.empty")
    levels = count_by_significance(frame)
    key = "results.journal.takeaway_year" if year is not None else "results.journal.takeaway_all"
    return t(key, year=year, n=len(frame), municipalities=frame.municipality_code.nunique(), high=levels["high"])


def journal_entries(frame: pd.DataFrame, t, names: dict[str, str]) -> list[dict]:
    """The journal as cards (t: a Translator): a heading (date, place, actor, significance),
    what changed, how the network contributed and what it relates to, and the evidence link
    when it is a web address. Plain text: the page escapes it for markdown."""
    entries = []
    for _, item in frame.iterrows():
        related = [value for value in (item.priority_id, item.recommendation_id) if isinstance(value, str) and value]
        details = [localized_text(item, "contribution", t.lang)]
        details += [t("results.journal.relates", ids=", ".join(related))] if related else []
        place = names.get(item.municipality_code, item.municipality_code)
        actor = actor_label(localized_text(item, "actor", t.lang), t(f"results.code.actor_type.{item.actor_type}"))
        evidence = item.evidence if isinstance(item.evidence, str) else ""
        entries.append({
            "heading": " · ".join([format_date(item.observed_date, t.lang), place, actor]),
            "significance": t("results.journal.significance", level=t(f"results.code.significance.{item.significance}")),
            "change": localized_text(item, "change", t.lang),
            "details": " · ".join(d for d in details if d),
            "evidence": evidence if evidence.startswith(("https://", "http://")) else None,
        })
    return entries
