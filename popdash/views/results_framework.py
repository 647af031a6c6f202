"""The results framework file (data/results_framework.toml): the programme's objective, outcomes
and outputs, the indicators that measure them and the queries behind each, parsed and checked
against the named queries and the data; and what those queries are run with (the rubric's
settings, the years with data, each year's member municipalities)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from popdash.data import named_queries, rubric
from popdash.data.named_queries import Runner
from popdash.i18n import in_language
from popdash.paths import DATA_DIR

FRAMEWORK_FILE = DATA_DIR / "results_framework.toml"
LEVELS = ("objective", "outcome", "output")
UNITS = ("count", "percent", "index")
DIMENSIONS = ("sex", "age_band", "municipality")
# Codes reach tables rendered as markdown and IATI references: plain letters, digits and dots.
CODE_PATTERN = re.compile(r"[A-Za-z0-9]+(\.[A-Za-z0-9]+)*")
METRIC_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


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
