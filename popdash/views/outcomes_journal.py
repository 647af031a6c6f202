"""The outcomes journal: changes observed in what local actors do (outcome harvesting), read
from the data version, filtered for a page or the scorecard.

The journal is read straight from data/versions/<id>/outcomes.parquet when that file exists
and is empty otherwise, so it works before and after an `outcomes` table joins
data/schema.toml (its columns are OUTCOME_COLUMNS).
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from popdash.data import db

# Column -> type, in the order of the table definition (kept in step with the schema file).
OUTCOME_COLUMNS = {
    "outcome_id": "string",
    "municipality_code": "string",
    "observed_date": "date",
    "actor_type": "string",
    "actor_sq": "string",
    "actor_en": "string",
    "change_sq": "string",
    "change_en": "string",
    "significance": "string",
    "contribution_sq": "string",
    "contribution_en": "string",
    "evidence": "string",
    "priority_id": "string",
    "recommendation_id": "string",
}
ACTOR_TYPES = ("council", "mayor_office", "directorate", "citizens_group", "media", "other")
SIGNIFICANCE = ("high", "medium", "low")
ARROW_TYPES = {"string": pa.string(), "date": pa.date32()}


def empty_outcomes() -> pd.DataFrame:
    """A journal with no entries and the right columns."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in OUTCOME_COLUMNS})


def arrow_schema() -> pa.Schema:
    return pa.schema([pa.field(name, ARROW_TYPES[kind]) for name, kind in OUTCOME_COLUMNS.items()])


def write_outcomes(frame: pd.DataFrame, version_dir) -> None:
    """Write a journal as outcomes.parquet into a data version directory (tests, imports)."""
    table = pa.Table.from_pandas(frame.reindex(columns=list(OUTCOME_COLUMNS)), schema=arrow_schema(),
                                 preserve_index=False)
    pq.write_table(table, version_dir / "outcomes.parquet")


def load_outcomes(version: str | None = None) -> pd.DataFrame:
    """The journal of a data version (default: the current one), oldest first; read through
    the query layer, so it is cached per data version like every other table."""
    frame = db.run("outcomes_list", version=version).reindex(columns=list(OUTCOME_COLUMNS))
    frame["observed_date"] = pd.to_datetime(frame.observed_date).dt.date
    return frame


def outcomes_for(year: int | None = None, municipalities=None, version: str | None = None,
                 frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Outcomes observed in a year (None: every year) in the given municipalities (None: all),
    newest first: what the Results page and the scorecard show."""
    journal = load_outcomes(version) if frame is None else frame
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
        details = [in_language(item, "contribution", t.lang)]
        details += [t("results.journal.relates", ids=", ".join(related))] if related else []
        place = names.get(item.municipality_code, item.municipality_code)
        actor = actor_label(in_language(item, "actor", t.lang), t(f"results.code.actor_type.{item.actor_type}"))
        evidence = item.evidence if isinstance(item.evidence, str) else ""
        entries.append({
            "heading": " · ".join([item.observed_date.isoformat(), place, actor]),
            "significance": t("results.journal.significance", level=t(f"results.code.significance.{item.significance}")),
            "change": in_language(item, "change", t.lang),
            "details": " · ".join(d for d in details if d),
            "evidence": evidence if evidence.startswith(("https://", "http://")) else None,
        })
    return entries


def in_language(item, column: str, lang: str) -> str:
    """A text of an outcome in the reader's language, the Albanian where none was written."""
    for name in (f"{column}_{lang}", f"{column}_sq"):
        value = item.get(name)
        if isinstance(value, str) and value:
            return value
    return ""
