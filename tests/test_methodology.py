"""The methodology page documents every indicator: the eight key figures of the SQL header,
the twelve rubric indicators with their weights, and the other indicators of the app, in both
languages."""
import pytest
from streamlit.testing.v1 import AppTest

from popdash.data.rubric import indicators as rubric_indicators, settings as rubric_settings
from popdash.i18n import Translator, catalogue
from popdash.views import methodology as method
from popdash.views.key_figures import KEY_FIGURE_NAMES
from tests.conftest import ROOT


def test_the_key_figures_are_those_the_sql_header_defines():
    assert method.key_figures_in_sql() == KEY_FIGURE_NAMES


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_every_indicator_has_a_formula_source_and_caveat(lang):
    texts = catalogue(lang)
    prefixes = [f"methodology.figure.{k}" for k in KEY_FIGURE_NAMES]
    prefixes += [f"methodology.item.{k}" for keys in method.SECTIONS.values() for k in keys]
    for prefix in prefixes:
        for part in ("formula", "source", "caveat"):
            assert f"{prefix}.{part}" in texts, f"{prefix}.{part} ({lang})"
    for key in (k for keys in method.SECTIONS.values() for k in keys):
        assert f"methodology.item.{key}.name" in texts
    for key in method.SOURCES:
        assert f"methodology.source.{key}" in texts


def test_rubric_table_follows_the_rubric_file():
    table = method.rubric_table(Translator("en"))
    rubric = rubric_indicators()
    assert table.code.tolist() == rubric.code.tolist()
    assert table.weight.tolist() == rubric.weight.tolist()
    assert table.law.iloc[0] == "Law 139/2015" and table.law.iloc[1] == "Good practice"
    assert method.rubric_totals(Translator("en")) == (
        f"{len(rubric)} indicators with weights summing to {rubric.weight.sum()}; the "
        f"{int(rubric.legal_minimum.sum())} legal minimums carry {rubric[rubric.legal_minimum].weight.sum()} of them.")


def test_settings_come_from_the_rubric_file():
    settings = rubric_settings()
    text = method.settings_markdown(Translator("sq"))
    assert "gjysmë = 0,5" in text
    assert f"{settings['min_meetings']} mbledhje" in text and f"nën {settings['band_medium']}" in text


def page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    return at.switch_page("pages/methodology.py").run()


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_lists_the_rubric_and_the_key_figures(sample_root, lang):
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    t = Translator(lang)
    table = at.dataframe[0].value
    rubric = rubric_indicators()
    assert dict(zip(table.code, table.weight)) == dict(zip(rubric.code, rubric.weight))
    assert len(table) == 12
    assert not table.indicator.str.startswith("indicator.").any(), "indicator labels are translated"
    text = "\n".join(m.value for m in at.markdown)
    for key in KEY_FIGURE_NAMES:
        assert f"**{t(f'metric.{key}')}**" in text
    for key in ("uptake", "suppression", "addressed", "transparency_index"):
        assert t(f"methodology.item.{key}.name") in text
    assert ("34,6%" if lang == "sq" else "34.6%") in text and "74" in text
    assert "139/2015" in text and "146/2014" in text and "119/2014" in text


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_the_accepted_forms_table_follows_the_templates(lang):
    t = Translator(lang)
    table = method.accepted_forms_table(t)
    from popdash.ingest import templates

    assert table.values.tolist() == templates.forms_rows(lang)
    scores = table[table.column == t("ingest.template.score_columns")].set_index("value").forms
    assert {"Po", "P", "x", "Yes", "1"} <= set(scores[t("ingest.label.score.full")].split(", "))
    assert {"Jo", "J", "No", "0"} <= set(scores[t("ingest.label.score.zero")].split(", "))


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_shows_how_imports_read_what_is_typed(sample_root, lang):
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    t = Translator(lang)
    forms = next(d.value for d in at.dataframe if "forms" in d.value.columns)
    assert forms.values.tolist() == method.accepted_forms_table(t).values.tolist()
    text = "\n".join(m.value for m in at.markdown)
    assert t("methodology.forms_intro") in text
    assert "Bashkia e Shkodrës" in text and "janar … dhjetor" in text
    assert ("20.000" if lang == "sq" else "20,000") in text
