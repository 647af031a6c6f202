"""The methodology page's content: which indicators the app shows, in what order, the rubric
as a table, and how imports read what coordinators type. Texts live in
popdash/i18n/locales/<lang>/methodology.toml (the import rules in ingest.toml, shared with the
template's instructions)."""
from __future__ import annotations

import re

import pandas as pd

from popdash.data import named_queries, rubric
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number
from popdash.ingest import templates

# Indicators beyond the eight key figures, grouped as the page shows them.
SECTIONS = {
    "transparency": ["transparency_index", "legal_minimum", "dimension_scores", "coverage"],
    "contracts": ["status_shares", "addressed", "contract_score"],
    "reports": ["uptake", "uptake_weighted", "response_time"],
    "engagement": ["visits", "participant_groups", "share_women", "share_young", "candidates"],
    "privacy": ["suppression"],
}
DIMENSIONS = ("notice", "openness", "participation", "publication", "responsiveness")
SOURCES = ("law_139", "law_146", "law_119", "actionsee", "birn", "pop_2019_2020", "pop_2019_2023", "opc")
LAW = re.compile(r"Ligji\s+(\d+/\d{4})")


def key_figures_in_sql() -> list[str]:
    """The key figures defined in the header of queries/key_figures_by_year.sql, in order."""
    header = [line for line in named_queries.query_text("key_figures_by_year").splitlines() if line.startswith("--")]
    return [m.group(1) for line in header if (m := re.match(r"--\s{3}(\w+)\s{2,}", line))]


def entry_markdown(t: Translator, name: str, prefix: str) -> str:
    """One indicator as a paragraph: name, formula, data source and caveats."""
    return "\n".join([
        f"**{name}**  ",
        f"*{t('methodology.label_formula')}:* {t(f'{prefix}.formula')}  ",
        f"*{t('methodology.label_source')}:* {t(f'{prefix}.source')}  ",
        f"*{t('methodology.label_caveat')}:* {t(f'{prefix}.caveat')}",
    ])


def key_figure_markdown(t: Translator, key: str) -> str:
    return entry_markdown(t, t(f"metric.{key}"), f"methodology.figure.{key}")


def item_markdown(t: Translator, key: str) -> str:
    return entry_markdown(t, t(f"methodology.item.{key}.name"), f"methodology.item.{key}")


def law_label(law: str, t: Translator) -> str:
    """"Ligji 139/2015" in the reader's language; empty for good-practice indicators."""
    match = LAW.search(law or "")
    return t("methodology.law", number=match.group(1)) if match else t("methodology.no_law")


def rubric_table(t: Translator) -> pd.DataFrame:
    """data/rubric.toml as a readable table: code, indicator, level, weight, legal minimum,
    dimension, law."""
    indicators = rubric.indicators()
    return pd.DataFrame({
        "code": indicators.code,
        "indicator": [t(f"indicator.{code}.label") for code in indicators.code],
        "level": [t(f"methodology.level.{level}") for level in indicators.level],
        "weight": indicators.weight.astype(int),
        "legal_minimum": [t("methodology.yes") if v else t("methodology.no") for v in indicators.legal_minimum],
        "dimension": [t(f"methodology.dimension.{d}") for d in indicators.dimension],
        "law": [law_label(law, t) for law in indicators.law],
    })


def rubric_totals(t: Translator) -> str:
    """One sentence on the weights: their sum and the legal minimums' share."""
    indicators = rubric.indicators()
    return t("methodology.rubric_totals", n=len(indicators), total=format_number(indicators.weight.sum(), t.lang),
             legal=format_number(indicators[indicators.legal_minimum].weight.sum(), t.lang),
             legal_n=int(indicators.legal_minimum.sum()))


def settings_markdown(t: Translator) -> str:
    """The rubric's [settings]: scores, the minimum number of meetings, the index bands."""
    settings = rubric.settings()
    return t("methodology.settings_text",
             full=format_number(settings["score_full"], t.lang, 1),
             half=format_number(settings["score_half"], t.lang, 1),
             zero=format_number(settings["score_zero"], t.lang, 1), min_meetings=int(settings["min_meetings"]),
             medium=int(settings["band_medium"]), high=int(settings["band_high"]))


def accepted_forms_table(t: Translator) -> pd.DataFrame:
    """Every coded value of the templates with the forms an import accepts for it, as the
    template's instructions list them."""
    return pd.DataFrame(templates.forms_rows(t.lang), columns=["column", "value", "forms"])


def import_rules_markdown(t: Translator) -> str:
    """The template's rules on dates, municipalities, codes, long text and formulas, as a list."""
    return "\n".join(f"- {templates.rule_text(rule, t.lang)}" for rule in templates.IMPORT_RULES)
