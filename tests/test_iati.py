"""The IATI export: valid against the official 2.03 activity schema (vendored in
popdash/exports/iati_schemas/), the same actuals as the Results page, breakdowns as
dimensions, outcomes as qualitative results, and the command line."""
import xml.etree.ElementTree as ET

import pytest
from streamlit.testing.v1 import AppTest

from conftest import write_dataset
from popdash import cli
from popdash.data import db, store
from popdash.data.named_queries import runner
from popdash.data.outcomes import write_outcomes
from popdash.exports import iati
from popdash.i18n import translate
from popdash.dev.sample import SEED, YEARS as SAMPLE_YEARS
from popdash.dev.sample_outcomes import sample_outcomes
from popdash.views import outcomes_journal, results, results_format, results_framework
from pages import APP

YEARS = [2023, 2024, 2025]


@pytest.fixture(scope="module")
def iati_root(tmp_path_factory, sample_frames):
    """The sample data with its outcomes journal, shared by this module's tests (the files
    are only read), so each file is built once."""
    root = tmp_path_factory.mktemp("iati")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        write_dataset(root, sample_frames, sample=True, version="sample")
        write_outcomes(sample_outcomes(sample_frames, SEED, SAMPLE_YEARS), store.version_dir())
        yield root
    db.clear_cache()


@pytest.fixture(scope="module")
def files(iati_root):
    """The activity file in each language, for all years."""
    return {lang: iati.build_iati_xml(runner(), None, lang) for lang in ("sq", "en")}


@pytest.fixture(scope="module")
def schema():
    pytest.importorskip("lxml", reason="lxml is needed to validate against the IATI schema")
    path = iati.schema_path()
    assert path is not None, "the vendored IATI 2.03 schema is missing: popdash/exports/iati_schemas/"
    return path


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_activity_file_is_valid_iati_2_03(files, schema, lang):
    assert iati.validate(files[lang], schema) == []


def test_a_broken_file_is_reported_invalid(files, schema):
    xml = files["sq"].replace(b"<activity-status", b"<activity-state")
    assert iati.validate(xml, schema)


def test_identification_and_languages(files):
    root = ET.fromstring(files["en"])
    activity = root.find("iati-activity")
    assert root.get("version") == "2.03"
    assert activity.findtext("iati-identifier") == "SE-0-SE-6-16072-POP"
    assert activity.find("reporting-org").get("ref") == "SE-0"
    assert activity.find("related-activity").attrib == {"ref": "SE-0-SE-6-16072", "type": "1"}
    titles = activity.findall("title/narrative")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [n.get(lang) for n in titles] == ["en", "sq"]
    assert titles[1].text == results_framework.load_framework().programme["title_sq"]
    kinds = [r.get("type") for r in activity.findall("result")]
    assert kinds[0] == "3" and "2" in kinds and "1" in kinds  # impact, outcomes, outputs


def test_the_file_holds_the_pages_actuals(files):
    """Read the file back and compare with the Results page, year by year (AppTest)."""
    written = iati.read_actuals(files["en"]).set_index(["code", "year"])
    framework = results_framework.load_framework()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/results.py").run()
    for year in YEARS:
        at.sidebar.selectbox(key="year").set_value(year).run()
        assert not at.exception
        shown = at.table[0].value.set_index("Code")[f"Actual {year}"]
        assert len(shown) == len(framework.indicators)
        for indicator in framework.indicators:
            value = iati.from_iati_value(written.loc[(indicator.code, year), "value"], indicator.unit)
            assert results_format.format_value(value, indicator.unit, "en") == shown.loc[indicator.code], (indicator.code, year)


def test_baselines_targets_and_breakdowns(iati_root):
    root = ET.fromstring(iati.build_iati_xml(runner(), (2025, 2025), "sq"))
    indicators = {i.find("reference").get("code"): i for i in root.iter("indicator") if i.find("reference") is not None}
    forums = indicators["OP2.2"]
    assert forums.find("baseline").attrib == {"year": "2022", "value": "8"}
    period = forums.find("period")
    assert period.find("period-start").get("iso-date") == "2025-01-01"
    assert period.find("target").get("value") == "8"
    total = [a for a in period.findall("actual") if a.find("dimension") is None]
    assert [a.get("value") for a in total] == ["7"]
    assert "Korç" in total[0].find("comment/narrative").text  # the note explains the shortfall
    people = indicators["OC2.1"]
    assert people.get("aggregation-status") == "0" and people.get("measure") == "1"
    actuals = people.find("period").findall("actual")
    by_sex = {a.find("dimension").get("value"): int(a.get("value")) for a in actuals
              if a.find("dimension") is not None and a.find("dimension").get("name") == "sex"}
    assert sum(by_sex.values()) == 2984 and set(by_sex) == {"female", "male", "other or not stated"}
    assert any(a.find("dimension") is not None and a.find("dimension").get("name") == "age" for a in actuals)
    located = [a for a in actuals if a.find("location") is not None]
    assert len(located) == 10 and located[0].find("dimension").get("name") == "municipality"
    share = indicators["OC1.1"]
    assert share.get("measure") == "2"
    assert float(share.find("period/actual").get("value")) == pytest.approx(
        100 * results.results_table(runner(), years=[2025]).set_index("code").loc["OC1.1", "actual"], abs=0.05)


def test_outcomes_become_a_qualitative_result(files):
    journal = outcomes_journal.outcomes_for(run=runner())
    root = ET.fromstring(files["en"])
    qualitative = [i for i in root.iter("indicator") if i.get("measure") == "5"]
    assert len(qualitative) == 1
    actuals = qualitative[0].findall("period/actual")
    assert len(actuals) == len(journal)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    first = actuals[0]
    narratives = {n.get(lang): n.text for n in first.findall("comment/narrative")}
    earliest = journal.sort_values(["observed_date", "outcome_id"]).iloc[0]
    assert earliest.change_en in narratives["en"] and earliest.change_sq in narratives["sq"]
    assert first.find("document-link").get("url") == earliest.evidence
    names = {d.get("name") for d in first.findall("dimension")}
    assert {"municipality", "actor", "significance"} <= names
    assert translate("en", "iati.outcomes_title") in ET.tostring(root, encoding="unicode")


def test_no_participant_code_leaves_in_the_file(files, sample_frames):
    text = files["sq"].decode("utf-8")
    codes = sample_frames["attendance"].participant_code.unique()[:200]
    assert not any(code in text for code in codes)


def test_command_line_writes_the_file(iati_root, tmp_path, capsys, schema):
    target = tmp_path / "pop.xml"
    assert cli.main(["export-iati", "-o", str(target), "--lang", "en", "--from", "2024", "--to", "2025", "--validate"]) == 0
    root = ET.fromstring(target.read_bytes())
    years = {p.find("period-start").get("iso-date")[:4] for p in root.iter("period")}
    assert years == {"2024", "2025"}
    assert "written" in capsys.readouterr().out
