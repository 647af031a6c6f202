"""The results against the framework: each indicator's actual against its baseline and target
per year, its status, its breakdowns by sex, age band and municipality, and the donor summary
written from them. The framework itself is popdash.views.results_framework."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from popdash.data import named_queries
from popdash.data.named_queries import Runner, VersionRunner
from popdash.i18n import localized, translate
from popdash.views import outcomes_journal as journal, privacy
from popdash.views.figure_cache import remembered
from popdash.views.results_format import format_achieved, format_value, status_label, text_or_empty
from popdash.views.results_framework import (Framework, Indicator, data_years, load_framework, members_by_year,
                                             query_params)

STATUSES = ("met", "nearly_met", "not_met", "no_target", "no_data")
NEARLY_MET = 0.9  # share of the target from which a figure counts as nearly met
GROUP_ORDER = {"sex": ["F", "M", "X"], "age_band": ["15-17", "18-29", "30-44", "45-64", "65+", "unknown"]}
TABLE_COLUMNS = ["code", "metric", "level", "result", "unit", "year", "baseline_year", "baseline", "target",
                 "actual", "achieved", "status", "note_sq", "note_en"]


def achievement(actual, target, ascending: bool = True) -> float | None:
    """Share of the target achieved (1.0 = met): actual / target, or target / actual when lower
    is better; None where there is no positive target or no actual."""
    if actual is None or target is None or pd.isna(actual) or pd.isna(target) or target <= 0:
        return None
    if ascending:
        return float(actual) / float(target)
    return float(target) / float(actual) if actual > 0 else math.inf


def status_of(actual, target, ascending: bool = True) -> str:
    """met (>= 100%), nearly_met (>= 90%), not_met, no_target or no_data."""
    if actual is None or pd.isna(actual):
        return "no_data"
    share = achievement(actual, target, ascending)
    if share is None:
        return "no_target"
    return "met" if share >= 1 else "nearly_met" if share >= NEARLY_MET else "not_met"


def framework_entries(framework: Framework, kind: str, is_sample: bool) -> pd.DataFrame:
    """[[targets]] or [[notes]] of the file; sample entries only while sample data is loaded."""
    entries = [e for e in getattr(framework, kind) if is_sample or not e.get("sample", False)]
    columns = {"targets": ["metric", "year", "target", "baseline_year", "baseline"],
               "notes": ["metric", "year", "note_sq", "note_en"]}[kind]
    return pd.DataFrame(entries).reindex(columns=columns)


def planned_values(framework: Framework, run: Runner, is_sample: bool) -> pd.DataFrame:
    """Per metric and year: target, baseline and notes, the data's targets table first."""
    table = run("targets_by_year")
    targets = pd.concat([table, framework_entries(framework, "targets", is_sample)], ignore_index=True)
    targets = targets.drop_duplicates(["metric", "year"], keep="first")
    notes = framework_entries(framework, "notes", is_sample)
    if {"note_sq", "note_en"} <= set(table.columns):  # once the targets table carries notes
        notes = pd.concat([table[["metric", "year", "note_sq", "note_en"]].dropna(subset=["note_sq", "note_en"], how="all"),
                           notes], ignore_index=True).drop_duplicates(["metric", "year"], keep="first")
        targets = targets.drop(columns=["note_sq", "note_en"])
    planned = targets.merge(notes, on=["metric", "year"], how="outer")
    planned["year"] = planned.year.astype(int)
    return planned


def actual_values(framework: Framework, run: Runner, years: list[int]) -> dict[tuple[str, int], float | None]:
    """(metric, year) -> the network's actual: each query run with that year's members.

    The by-year queries return every year at once, so years with the same members share one
    run (ten years of a stable network are one or a few runs, not ten)."""
    members = members_by_year(run)
    params = query_params()
    values = {}
    frames: dict[tuple, pd.DataFrame] = {}
    for year in years:
        chosen = sorted(members.get(year, []))
        for ind in framework.indicators:
            key = (ind.query, tuple(chosen), year if "year" in named_queries.query_parameters(ind.query) else None)
            if key not in frames:
                frames[key] = run(ind.query, year=year, municipalities=chosen, **params)
            row = frames[key][frames[key].year == year]
            value = row.iloc[0][ind.column] if not row.empty else None
            values[(ind.metric, year)] = None if value is None or pd.isna(value) else float(value)
    return values


def results_table(run: VersionRunner, years: list[int] | None = None,
                  framework: Framework | None = None) -> pd.DataFrame:
    """One row per indicator and year: baseline, target, actual, share achieved, status, notes.
    The network's figures (each year's member municipalities): targets are set for it.
    `run` is a data-layer runner (ctx.run, or popdash.data.named_queries.runner()).

    Kept per data version, years, framework and rubric settings: a version never changes, and
    building the table row by row would otherwise be repeated on every rerun of the Results page."""
    framework = framework or load_framework()
    years = years if years is not None else data_years(run)
    # Every query below names its own parameters, so a page's bound filters are dropped: the
    # table is kept once per data version, not once per filter choice.
    return kept_results_table(run.token, query_params(), run.unbound(), tuple(years), framework).copy()


@remembered
def kept_results_table(data_token: str, rubric_settings: dict, run: VersionRunner, years: tuple,
                       framework: Framework) -> pd.DataFrame:
    """build_results_table, remembered. The data token and the rubric's settings are not used
    here: they are arguments so that the memory is keyed on them (the table depends on both)."""
    return build_results_table(run, list(years), framework, run.sample)


def build_results_table(run: Runner, years: list[int], framework: Framework, is_sample: bool) -> pd.DataFrame:
    planned = planned_values(framework, run, is_sample)
    actuals = actual_values(framework, run, years)
    rows = []
    for ind in framework.indicators:
        plan = planned[planned.metric == ind.metric]
        any_baseline = plan.dropna(subset=["baseline"]).sort_values("year").head(1)
        for year in years:
            row = plan[plan.year == year]
            found = row.iloc[0] if not row.empty else None
            baseline_row = found if found is not None and pd.notna(found.baseline) else (
                any_baseline.iloc[0] if not any_baseline.empty else None)
            target = None if found is None or pd.isna(found.target) else float(found.target)
            actual = actuals.get((ind.metric, year))
            rows.append({
                "code": ind.code, "metric": ind.metric, "level": ind.level, "result": ind.result, "unit": ind.unit,
                "year": year,
                "baseline_year": None if baseline_row is None or pd.isna(baseline_row.baseline_year)
                else int(baseline_row.baseline_year),
                "baseline": None if baseline_row is None else float(baseline_row.baseline),
                "target": target, "actual": actual,
                "achieved": achievement(actual, target, ind.ascending),
                "status": status_of(actual, target, ind.ascending),
                "note_sq": None if found is None or pd.isna(found.get("note_sq")) else str(found.note_sq),
                "note_en": None if found is None or pd.isna(found.get("note_en")) else str(found.note_en),
            })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def breakdown(run: Runner, indicator: Indicator, dimension: str, year: int, municipalities=None) -> pd.DataFrame:
    """The indicator's values for one year by the groups of a dimension: columns group, value,
    valid (enough data behind the value) and mark ("<5" or "*" where a count of people is
    hidden, its value then empty). Municipalities default to the year's members."""
    spec = indicator.disaggregation(dimension)
    columns = ["group", "value", "valid", "mark"]
    if spec is None:
        return pd.DataFrame(columns=columns)
    chosen = list(municipalities) if municipalities is not None else members_by_year(run).get(year, [])
    frame = run(spec.query, year=year, municipalities=chosen, **{**query_params(), **dict(spec.params)})
    if "year" in frame.columns:
        frame = frame[frame.year == year]
    frame = frame[frame[spec.key].notna()]
    out = pd.DataFrame({
        "group": frame[spec.key].astype(str).to_numpy(),
        "value": pd.to_numeric(frame[spec.column], errors="coerce").to_numpy(),
        "valid": frame[spec.valid].astype(bool).to_numpy() if spec.valid else True,
    })
    out["mark"] = ""
    if indicator.people and not out.empty:
        out["mark"] = privacy.suppression_marks(out, ["value"])["value"].to_numpy()
        out.loc[out.mark != "", "value"] = math.nan
    order = GROUP_ORDER.get(dimension)
    if order:
        out["rank"] = out.group.map({g: i for i, g in enumerate(order)}).fillna(len(order))
        out = out.sort_values(["rank", "group"]).drop(columns="rank")
    else:
        out = out.sort_values(["value", "group"], ascending=[False, True], na_position="last")
    return out.reset_index(drop=True)[columns]


def year_rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    return table[table.year == year]


def indicator_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """One indicator's rows of the results table, oldest year first."""
    return table[table.code == code].sort_values("year")


@dataclass(frozen=True)
class SummaryLine:
    """One indicator in the donor summary: the figure against the target, and why."""
    code: str
    status: str
    text: str
    reason: str | None = None


@dataclass(frozen=True)
class DonorSummary:
    """What was achieved against the targets in a year, where the programme fell short and why."""
    year: int
    lang: str
    counts: dict
    headline: str
    achieved: tuple[SummaryLine, ...] = ()
    shortfalls: tuple[SummaryLine, ...] = ()
    outcomes: str | None = None
    untargeted: str | None = None
    extra: dict = field(default_factory=dict)

    def sentences(self) -> list[str]:
        """The summary as plain sentences, in reading order (for the factsheet and slides)."""
        out = [self.headline] + [line.text for line in self.achieved]
        if self.outcomes:
            out.append(self.outcomes)
        for line in self.shortfalls:
            out.append(line.text)
            if line.reason:
                out.append(line.reason)
        if self.untargeted:
            out.append(self.untargeted)
        return out

    def as_dict(self) -> dict:
        return {
            "year": self.year, "lang": self.lang, "counts": dict(self.counts), "headline": self.headline,
            "achieved": [line.__dict__ for line in self.achieved],
            "shortfalls": [line.__dict__ for line in self.shortfalls],
            "outcomes": self.outcomes, "untargeted": self.untargeted,
        }


def donor_summary(year: int, lang: str, table: pd.DataFrame | None = None, run: VersionRunner | None = None,
                  framework: Framework | None = None, outcomes: pd.DataFrame | None = None) -> DonorSummary:
    """The one-screen summary for donors: counts by status, one sentence per indicator that met
    its target, one per shortfall (worst first) with the note that explains it, and the
    outcomes observed. Computes the table and reads the outcomes with `run` when they are not
    given."""
    framework = framework or load_framework()
    table = table if table is not None else results_table(run, framework=framework)
    rows = year_rows(table, year)
    counts = {s: int((rows.status == s).sum()) for s in STATUSES}
    targeted = counts["met"] + counts["nearly_met"] + counts["not_met"]
    headline = translate(lang, "results.summary.headline", year=year, met=counts["met"], total=targeted,
                         nearly=counts["nearly_met"], not_met=counts["not_met"])
    achieved, shortfalls = [], []
    for _, r in rows.sort_values("achieved", na_position="last").iterrows():
        ind = framework.indicator(r.code)
        values = dict(name=ind.name(lang), actual=format_value(r.actual, r.unit, lang),
                      target=format_value(r.target, r.unit, lang), achieved=format_achieved(r.achieved, lang),
                      status=status_label(r.status, lang).lower())
        note = text_or_empty(localized(r, "note", lang))
        reason = translate(lang, "results.summary.reason", note=note) if note else None
        if r.status == "met":
            achieved.append(SummaryLine(r.code, r.status, translate(lang, "results.summary.met_line", **values), reason))
        elif r.status in ("nearly_met", "not_met"):
            text = translate(lang, "results.summary.short_line", **values)
            shortfalls.append(SummaryLine(r.code, r.status, text, reason or translate(lang, "results.summary.no_reason")))
    achieved.sort(key=lambda line: [i.code for i in framework.indicators].index(line.code))
    untargeted_names = [framework.indicator(c).name(lang) for c in rows[rows.status == "no_target"].code]
    untargeted = (translate(lang, "results.summary.untargeted", year=year, names="; ".join(untargeted_names))
                  if untargeted_names else None)
    observed = journal.outcomes_for(year, run=run) if outcomes is None else outcomes
    outcome_text = None
    if not observed.empty:
        by_level = journal.count_by_significance(observed)
        outcome_text = translate(lang, "results.summary.outcomes", year=year, n=len(observed),
                                 municipalities=observed.municipality_code.nunique(), high=by_level["high"])
    return DonorSummary(year, lang, counts, headline, tuple(achieved), tuple(shortfalls), outcome_text, untargeted)
