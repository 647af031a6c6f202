"""The results framework for donors: the logframe file (data/results_framework.toml), each
indicator's actual against its baseline and target, its status, its breakdowns by sex, age
band and municipality, and the donor summary written from them."""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from popdash.data import named_queries, rubric
from popdash.data.named_queries import Runner, VersionRunner
from popdash.i18n import in_language, localized, translate
from popdash.i18n.numbers import format_number, format_percent
from popdash.i18n.safe_text import escape_markdown
from popdash.paths import DATA_DIR
from popdash.views import charts, outcomes_journal as journal, palette, privacy
from popdash.views.figure_cache import remembered

FRAMEWORK_FILE = DATA_DIR / "results_framework.toml"
LEVELS = ("objective", "outcome", "output")
UNITS = ("count", "percent", "index")
DIMENSIONS = ("sex", "age_band", "municipality")
STATUSES = ("met", "nearly_met", "not_met", "no_target", "no_data")
NEARLY_MET = 0.9  # share of the target from which a figure counts as nearly met
# Status colours are Okabe & Ito's blue, orange and vermillion (never red against green),
# and each status also has its own bar pattern and a written label.
STATUS_COLORS = {"met": "#0072B2", "nearly_met": "#E69F00", "not_met": "#D55E00", "no_target": "#999999",
                 "no_data": "#BBBBBB"}
STATUS_INK = {"met": "#ffffff", "nearly_met": "#000000", "not_met": "#000000", "no_target": "#000000",
              "no_data": "#000000"}
STATUS_SYMBOLS = {"met": "✓", "nearly_met": "≈", "not_met": "✗", "no_target": "–", "no_data": "–"}
STATUS_PATTERNS = {"met": "", "nearly_met": "/", "not_met": "x", "no_target": ".", "no_data": "."}
BAR_CAP = 1.5  # bars stop at 150% of the target so one large figure does not squash the rest
GROUP_ORDER = {"sex": ["F", "M", "X"], "age_band": ["15-17", "18-29", "30-44", "45-64", "65+", "unknown"]}
# Codes reach tables rendered as markdown and IATI references: plain letters, digits and dots.
CODE_PATTERN = re.compile(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)*")
METRIC_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
TABLE_COLUMNS = ["code", "metric", "level", "result", "unit", "year", "baseline_year", "baseline", "target",
                 "actual", "achieved", "status", "note_sq", "note_en"]


class FrameworkError(ValueError):
    """The results framework file does not fit the queries or the data model."""


@dataclass(frozen=True)
class Statement:
    """The overall objective, an outcome or an output."""
    code: str
    level: str
    statement_sq: str
    statement_en: str
    parent: str | None = None  # the outcome an output serves

    def text(self, lang: str) -> str:
        return in_language(self.statement_sq, self.statement_en, lang)


@dataclass(frozen=True)
class Disaggregation:
    """How one indicator breaks down along one dimension: a query run for one year."""
    dimension: str
    query: str
    column: str
    key: str
    params: tuple = ()
    valid: str | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    metric: str
    level: str
    result: str
    unit: str
    ascending: bool
    aggregatable: bool
    query: str
    column: str
    name_sq: str
    name_en: str
    definition_sq: str
    definition_en: str
    people: bool = False
    disaggregations: tuple[Disaggregation, ...] = ()

    def name(self, lang: str) -> str:
        return in_language(self.name_sq, self.name_en, lang)

    def definition(self, lang: str) -> str:
        return in_language(self.definition_sq, self.definition_en, lang)

    def disaggregation(self, dimension: str) -> Disaggregation | None:
        return next((d for d in self.disaggregations if d.dimension == dimension), None)


@dataclass(frozen=True)
class Framework:
    programme: dict
    iati: dict
    statements: tuple[Statement, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[dict, ...] = ()
    notes: tuple[dict, ...] = ()

    def statement(self, code: str) -> Statement:
        return next(s for s in self.statements if s.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def indicators_of(self, statement_code: str) -> list[Indicator]:
        return [i for i in self.indicators if i.result == statement_code]


def parse_framework(raw: dict) -> Framework:
    """The framework from the file's TOML tree; structural problems raise FrameworkError."""
    problems: list[str] = []
    try:
        statements = [Statement(raw["objective"]["code"], "objective", raw["objective"]["statement_sq"],
                                raw["objective"]["statement_en"])]
        statements += [Statement(o["code"], "outcome", o["statement_sq"], o["statement_en"]) for o in raw.get("outcomes", [])]
        statements += [Statement(o["code"], "output", o["statement_sq"], o["statement_en"], o["outcome"])
                       for o in raw.get("outputs", [])]
        indicators = [parse_indicator(spec, problems) for spec in raw.get("indicators", [])]
    except KeyError as missing:
        raise FrameworkError(f"results framework: missing field {missing}") from None
    levels = {s.code: s.level for s in statements}
    for code in [s.code for s in statements] + [i.code for i in indicators]:
        if not CODE_PATTERN.fullmatch(str(code)):
            problems.append(f"code {code!r}: use letters, digits and dots only (e.g. OC1.2)")
    for ind in indicators:
        if not METRIC_PATTERN.fullmatch(str(ind.metric)):
            problems.append(f"indicator {ind.code}: metric {ind.metric!r} must be lower-case letters, digits and _")
    for kind, codes in (("statement", [s.code for s in statements]), ("indicator", [i.code for i in indicators]),
                        ("metric", [i.metric for i in indicators])):
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            problems.append(f"duplicate {kind} codes: {', '.join(duplicates)}")
    for output in (s for s in statements if s.level == "output"):
        if levels.get(output.parent) != "outcome":
            problems.append(f"output {output.code}: outcome {output.parent!r} is not an outcome of the framework")
    for ind in indicators:
        if ind.result not in levels:
            problems.append(f"indicator {ind.code}: result {ind.result!r} is not a statement of the framework")
        elif levels[ind.result] != ind.level:
            problems.append(f"indicator {ind.code}: level {ind.level!r} but {ind.result} is an {levels[ind.result]}")
    metrics = {i.metric: i for i in indicators}
    for kind in ("targets", "notes"):
        for entry in raw.get(kind, []):
            ind = metrics.get(entry.get("metric"))
            if ind is None:
                problems.append(f"[[{kind}]] metric {entry.get('metric')!r} is not an indicator's metric")
            elif kind == "targets" and ind.unit == "percent" and float(entry.get("target", 0)) > 1:
                problems.append(f"[[targets]] {ind.metric} {entry.get('year')}: shares are fractions (0.5 = 50%)")
    if problems:
        raise FrameworkError("results framework: " + "; ".join(problems))
    return Framework(dict(raw.get("programme", {})), dict(raw.get("iati", {})), tuple(statements), tuple(indicators),
                     tuple(raw.get("targets", [])), tuple(raw.get("notes", [])))


def parse_indicator(spec: dict, problems: list[str]) -> Indicator:
    code = spec["code"]
    if spec["level"] not in LEVELS:
        problems.append(f"indicator {code}: level {spec['level']!r} is not one of {', '.join(LEVELS)}")
    if spec["unit"] not in UNITS:
        problems.append(f"indicator {code}: unit {spec['unit']!r} is not one of {', '.join(UNITS)}")
    breakdowns = []
    for dimension, d in spec.get("disaggregations", {}).items():
        if dimension not in DIMENSIONS:
            problems.append(f"indicator {code}: disaggregation {dimension!r} is not one of {', '.join(DIMENSIONS)}")
        breakdowns.append(Disaggregation(dimension, d["query"], d["column"], d["key"],
                                         tuple(sorted(d.get("params", {}).items())), d.get("valid")))
    return Indicator(
        code=code, metric=spec["metric"], level=spec["level"], result=spec["result"], unit=spec["unit"],
        ascending=bool(spec["ascending"]), aggregatable=bool(spec["aggregatable"]), query=spec["query"],
        column=spec["column"], name_sq=spec["name_sq"], name_en=spec["name_en"], definition_sq=spec["definition_sq"],
        definition_en=spec["definition_en"], people=bool(spec.get("people", False)), disaggregations=tuple(breakdowns),
    )


@lru_cache(maxsize=4)
def cached_framework(path: str, stamp: int) -> Framework:
    return parse_framework(tomllib.loads(Path(path).read_text(encoding="utf-8")))


def load_framework(path: Path | None = None) -> Framework:
    """The framework file, parsed (cached until the file changes)."""
    path = Path(path or FRAMEWORK_FILE)
    return cached_framework(str(path), path.stat().st_mtime_ns)


def query_params() -> dict:
    """Parameters every framework query may take beyond the filters (the rubric's settings)."""
    return rubric.query_params()


def validate_framework(run: Runner, path: Path | None = None) -> Framework:
    """Check the framework file against the named queries and the runner's data version: every
    query exists, returns the named columns and, for actuals, a year column; codes are
    unique. Raises FrameworkError listing every problem."""
    framework = load_framework(path)
    known = set(named_queries.query_names())
    years = data_years(run)
    probe = {"municipalities": list(all_municipalities(run)), "year": years[-1] if years else 2025, **query_params()}
    problems = []
    checks = [(i.code, i.query, [i.column, "year"], ()) for i in framework.indicators]
    checks += [(f"{i.code} by {d.dimension}", d.query, [d.column, d.key] + ([d.valid] if d.valid else []), d.params)
               for i in framework.indicators for d in i.disaggregations]
    for label, query, columns, params in checks:
        if query not in known:
            problems.append(f"{label}: no query named {query!r} in queries/")
            continue
        try:
            frame = run(query, **{**probe, **dict(params)})
        except Exception as error:  # a query that fails to run is reported, not raised alone
            problems.append(f"{label}: query {query!r} failed: {error}")
            continue
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            problems.append(f"{label}: query {query!r} has no column {', '.join(map(repr, absent))}")
    if problems:
        raise FrameworkError("results framework: " + "; ".join(problems))
    return framework


def data_years(run: Runner) -> list[int]:
    """Calendar years with monitoring data, oldest first."""
    return sorted(int(y) for y in run("data_years").year)


def members_by_year(run: Runner) -> dict[int, list[str]]:
    frame = run("members_by_year")
    return {int(y): list(g.municipality_code) for y, g in frame.groupby("year")}


def all_municipalities(run: Runner) -> list[str]:
    return list(run("municipalities").municipality_code)


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


def text_or_empty(value) -> str:
    """A text cell as a string: missing (None or NaN) becomes ""."""
    return value if isinstance(value, str) else ""


def format_value(value, unit: str, lang: str) -> str:
    """An indicator's value as readers expect it: counts whole, shares as %, index points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "percent":
        return format_percent(value, lang, 1)
    return format_number(value, lang, 1 if unit == "index" else 0)


def format_achieved(share, lang: str) -> str:
    """Share of the target achieved, rounded down so that 99.6% never reads as 100% (met)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    if math.isinf(share):
        return "–"
    return format_percent(math.floor(share * 100 + 1e-9) / 100, lang)


def status_label(status: str, lang: str) -> str:
    return translate(lang, f"results.status.{status}")


def status_cell(status: str, lang: str) -> str:
    """A status as a table shows it: a symbol and the word, so it reads without colour."""
    return f"{STATUS_SYMBOLS[status]} {status_label(status, lang)}"


def style_statuses(display: pd.DataFrame, statuses: list[str], column: str):
    """The table with its status cells in the status colours (a pandas Styler)."""
    def paint(cells: pd.Series) -> list[str]:
        return [f"background-color: {STATUS_COLORS[s]}; color: {STATUS_INK[s]}; font-weight: 600" for s in statuses]
    return display.style.apply(paint, subset=[column])


def group_label(dimension: str, group: str, lang: str, names: dict[str, str] | None = None) -> str:
    if dimension == "municipality":
        return (names or {}).get(group, group)
    return translate(lang, f"results.code.{dimension}.{group}")


def year_rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    return table[table.year == year]


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


def indicator_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """One indicator's rows of the results table, oldest year first."""
    return table[table.code == code].sort_values("year")


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


def wrap(text: str, width: int = 46) -> str:
    """Break a long label into lines for a chart axis."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


@remembered
def achievement_chart(table: pd.DataFrame, framework: Framework, year: int, lang: str):
    """Each indicator's share of its target achieved in a year, coloured and patterned by
    status, with the 90% and 100% lines."""
    rows = year_rows(table, year).set_index("code").reindex([i.code for i in framework.indicators]).reset_index()
    labels = [wrap(f"{c} · {framework.indicator(c).name(lang)}") for c in rows.code]
    fig = go.Figure()
    for status in STATUSES:
        part = rows.status == status
        if not part.any():
            continue
        shares = rows.achieved[part]
        fig.add_trace(go.Bar(
            y=[label for label, keep in zip(labels, part) if keep],
            x=[min(s, BAR_CAP) * 100 if s is not None and pd.notna(s) else 0 for s in shares],
            orientation="h", name=status_label(status, lang),
            marker=dict(color=STATUS_COLORS[status],
                        pattern=dict(shape=STATUS_PATTERNS[status], fgcolor="#ffffff", fgopacity=0.5)),
            text=[f"{format_achieved(s, lang)} · {status_label(status, lang)}" if s is not None and pd.notna(s)
                  else status_label(status, lang) for s in shares],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        ))
    for mark in (NEARLY_MET * 100, 100):
        fig.add_vline(x=mark, line_dash="dot" if mark < 100 else "solid", line_color="#333333", line_width=1)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", tickfont=dict(size=12))
    fig.update_xaxes(range=[0, BAR_CAP * 100 + 45], ticksuffix="%", tickvals=[0, 50, 90, 100, 150],
                     title=translate(lang, "results.chart.achieved_axis", year=year))
    fig = charts.style(fig, lang, height=70 + 34 * len(rows))
    fig.update_layout(barmode="overlay", bargap=0.3)
    return fig


def chart_value(value, unit: str):
    """Values on a chart axis: shares in percent points."""
    if value is None or pd.isna(value):
        return None
    return float(value) * 100 if unit == "percent" else float(value)


@remembered
def history_chart(table: pd.DataFrame, indicator: Indicator, lang: str):
    """One indicator over the years: actual bars coloured by status, targets as marks, the
    baseline as a dashed line."""
    rows = table[table.code == indicator.code].sort_values("year")
    years = rows.year.astype(str).tolist()
    suffix = "%" if indicator.unit == "percent" else ""
    fig = go.Figure(go.Bar(
        x=years, y=[chart_value(v, indicator.unit) for v in rows.actual], name=translate(lang, "results.chart.actual"),
        marker=dict(color=[STATUS_COLORS[s] for s in rows.status],
                    pattern=dict(shape=[STATUS_PATTERNS[s] for s in rows.status], fgcolor="#ffffff", fgopacity=0.5)),
        text=[format_value(v, indicator.unit, lang) for v in rows.actual], textposition="inside",
        insidetextanchor="middle", hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=years, y=[chart_value(v, indicator.unit) for v in rows.target], mode="markers",
        name=translate(lang, "results.chart.target"),
        marker=dict(symbol="line-ew-open", size=40, color="#000000", line=dict(width=4, color="#000000")),
        text=[format_value(v, indicator.unit, lang) for v in rows.target],
        hovertemplate=translate(lang, "results.chart.target") + " %{x}: %{text}<extra></extra>",
    ))
    baseline = rows.dropna(subset=["baseline"])
    if not baseline.empty:
        first = baseline.iloc[0]
        # A legend entry rather than an annotation: a label on the line would sit on the bars.
        fig.add_trace(go.Scatter(
            x=years, y=[chart_value(first.baseline, indicator.unit)] * len(years), mode="lines",
            line=dict(dash="dash", color="#555555", width=2), hoverinfo="skip",
            name=translate(lang, "results.chart.baseline", year=int(first.baseline_year),
                           value=format_value(first.baseline, indicator.unit, lang)),
        ))
    fig.update_xaxes(type="category")
    fig.update_yaxes(ticksuffix=suffix, rangemode="tozero")
    return charts.style(fig, lang, height=340)


@remembered
def breakdown_chart(frame: pd.DataFrame, indicator: Indicator, dimension: str, lang: str,
                    names: dict[str, str] | None = None):
    """An indicator's values by sex, age band or municipality; hidden small counts and values
    resting on too little data are shown as such, never as numbers."""
    labels = [group_label(dimension, g, lang, names) for g in frame.group]
    texts, colours = [], []
    for _, r in frame.iterrows():
        if r.mark:
            texts.append(r.mark)
        elif not r.valid:
            texts.append(translate(lang, "results.insufficient"))
        else:
            texts.append(format_value(r.value, indicator.unit, lang))
        colour = palette.municipality_color(r.group) if dimension == "municipality" else palette.CATEGORICAL[0]
        colours.append(colour if r.valid and not r.mark else "#CCCCCC")
    values = [0 if (r.mark or pd.isna(r.value)) else chart_value(r.value, indicator.unit) for _, r in frame.iterrows()]
    horizontal = dimension == "municipality"
    bar = go.Bar(
        x=values if horizontal else labels, y=labels if horizontal else values,
        orientation="h" if horizontal else "v", marker_color=colours, text=texts,
        textposition="outside", cliponaxis=False, hovertemplate="%{text}<extra></extra>", showlegend=False,
    )
    fig = go.Figure(bar)
    suffix = "%" if indicator.unit == "percent" else ""
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(ticksuffix=suffix, rangemode="tozero")
    else:
        fig.update_yaxes(ticksuffix=suffix, rangemode="tozero")
        fig.update_xaxes(type="category")
    return charts.style(fig, lang, height=max(280, 60 + 30 * len(frame)) if horizontal else 300)


def achievement_takeaway(table: pd.DataFrame, framework: Framework, year: int, lang: str) -> str:
    """One line on how the year went against the targets, written from the figures."""
    rows = year_rows(table, year)
    targeted = rows[rows.status.isin(["met", "nearly_met", "not_met"])]
    if targeted.empty:
        return translate(lang, "results.takeaway.no_targets", year=year)
    met = int((targeted.status == "met").sum())
    if met == len(targeted):
        return translate(lang, "results.takeaway.all_met", year=year, n=met)
    worst = targeted.sort_values("achieved").iloc[0]
    return translate(lang, "results.takeaway.achievement", year=year, met=met, n=len(targeted),
                     name=framework.indicator(worst.code).name(lang), achieved=format_achieved(worst.achieved, lang))


def history_takeaway(table: pd.DataFrame, indicator: Indicator, year: int, lang: str) -> str:
    """One line on an indicator in the chosen year against its target and baseline."""
    row = table[(table.code == indicator.code) & (table.year == year)]
    if row.empty or row.iloc[0].status == "no_data":
        return translate(lang, "results.takeaway.history_no_data", name=indicator.name(lang), year=year)
    r = row.iloc[0]
    values = dict(name=indicator.name(lang), year=year, actual=format_value(r.actual, indicator.unit, lang))
    if r.status == "no_target":
        return translate(lang, "results.takeaway.history_no_target", **values)
    return translate(lang, "results.takeaway.history", **values, target=format_value(r.target, indicator.unit, lang),
                     achieved=format_achieved(r.achieved, lang), status=status_label(r.status, lang).lower())


def breakdown_takeaway(frame: pd.DataFrame, indicator: Indicator, dimension: str, lang: str,
                       names: dict[str, str] | None = None) -> str:
    """One line on a breakdown: the largest group and its share, or the highest and lowest."""
    shown = frame[(frame.mark == "") & frame.valid & frame.value.notna()]
    if shown.empty:
        return translate(lang, "results.takeaway.breakdown_empty")
    top = shown.sort_values("value", ascending=False).iloc[0]
    label = lambda g: group_label(dimension, g, lang, names)  # noqa: E731
    if dimension in ("sex", "age_band") and indicator.unit == "count":
        share = top.value / frame.value.sum() if (frame.mark == "").all() else None
        if share is None:
            return translate(lang, "results.takeaway.breakdown_largest", group=label(top.group),
                             value=format_value(top.value, indicator.unit, lang))
        return translate(lang, "results.takeaway.breakdown_share", group=label(top.group),
                         value=format_value(top.value, indicator.unit, lang), share=format_percent(share, lang))
    low = shown.sort_values("value").iloc[0]
    if len(shown) == 1:
        return translate(lang, "results.takeaway.breakdown_one", group=label(top.group),
                         value=format_value(top.value, indicator.unit, lang))
    return translate(lang, "results.takeaway.breakdown_range", top=label(top.group),
                     top_value=format_value(top.value, indicator.unit, lang), low=label(low.group),
                     low_value=format_value(low.value, indicator.unit, lang))
