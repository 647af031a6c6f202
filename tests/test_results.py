"""The results framework: the framework file against the queries, actuals, targets and status,
the new indicators' queries checked by hand, breakdowns, the donor summary, the outcomes
journal and the Results page in both languages."""
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import municipalities_frame, write_dataset
from popdash.data import db, store
from popdash.data.named_queries import runner
from popdash.data.outcomes import write_outcomes
from popdash.dev.sample import SEED, YEARS as SAMPLE_YEARS
from popdash.dev.sample_outcomes import sample_outcomes
from popdash.i18n import translate
from popdash.i18n.numbers import format_number
from popdash.i18n.safe_text import escape_markdown
from popdash.views import outcomes_journal, results, results_format, results_framework
from popdash.views.key_figures import KEY_FIGURE_NAMES
from pages import APP, open_page

YEARS = [2023, 2024, 2025]
NEW_METRICS = ["transparency_index", "priorities_addressed_share", "recommendation_uptake"]



def test_framework_file_fits_the_queries_and_the_sample_data(sample_root):
    framework = results_framework.validate_framework(runner())
    metrics = {i.metric for i in framework.indicators}
    assert set(KEY_FIGURE_NAMES) | set(NEW_METRICS) <= metrics
    assert [s.level for s in framework.statements][0] == "objective"
    assert {s.level for s in framework.statements} == {"objective", "outcome", "output"}


def test_every_framework_indicator_has_baseline_target_and_actual_for_2023_to_2025(sample_root):
    table = results.results_table(runner())
    for metric in list(KEY_FIGURE_NAMES) + NEW_METRICS:
        rows = table[(table.metric == metric) & table.year.isin(YEARS)]
        assert sorted(rows.year) == YEARS, metric
        assert rows.actual.notna().all(), metric
        assert rows.target.notna().all(), metric
        assert rows.baseline.notna().all() and rows.baseline_year.notna().all(), metric


def test_actuals_are_each_years_network_figures(sample_root):
    table = results.results_table(runner()).set_index(["metric", "year"])
    members = results_framework.members_by_year(runner())
    for year in YEARS:
        figures = db.run("key_figures_by_year", municipalities=members[year]).set_index("year").loc[year]
        for key in KEY_FIGURE_NAMES:
            assert table.loc[(key, year), "actual"] == pytest.approx(float(figures[key])), (key, year)
    # 2023 had twelve municipalities, 2025 ten: each year is counted with its own members.
    assert table.loc[("municipalities_monitored", 2023), "actual"] == 12
    assert table.loc[("unique_participants", 2025), "actual"] == 2984
    index = db.run("transparency_index_network", **results_framework.query_params()).set_index("year")
    assert table.loc[("transparency_index", 2024), "actual"] == pytest.approx(index.loc[2024, "index_score"])


def test_status_thresholds():
    assert results.status_of(100, 100) == "met"
    assert results.status_of(90, 100) == "nearly_met"
    assert results.status_of(89.9, 100) == "not_met"
    assert results.status_of(5, 0) == "no_target"
    assert results.status_of(5, None) == "no_target"
    assert results.status_of(None, 10) == "no_data"
    assert results.status_of(8, 10, ascending=False) == "met"  # lower is better
    assert results.status_of(11, 10, ascending=False) == "nearly_met"
    assert results_format.format_achieved(0.9996, "en") == "99%"  # never reads as met when it is not
    assert results_format.format_achieved(1.0, "sq") == "100%"


def test_sample_status_of_2025(sample_root):
    table = results.year_rows(results.results_table(runner()), 2025).set_index("metric")
    assert table.loc["public_forums", "status"] == "not_met"  # 7 of 8
    assert table.loc["public_forums", "achieved"] == pytest.approx(7 / 8)
    assert table.loc["meetings_monitored", "status"] == "met"  # 120 of 120
    assert table.loc["share_young", "status"] == "nearly_met"


def test_targets_table_wins_and_sample_targets_need_sample_data(data_root):
    """A framework target marked sample is ignored on real data; the targets table wins."""
    targets = pd.DataFrame({"metric": ["meetings_monitored"], "year": [2025], "target": [50.0],
                            "baseline_year": [2022], "baseline": [40.0]})
    meetings = pd.DataFrame({"meeting_id": ["TIR-1"], "municipality_code": ["TIR"], "meeting_date": [date(2025, 3, 1)],
                             "meeting_type": ["ordinary"], "notice_days": [6], "decisions_published_days": [5],
                             "evidence": [None]})
    memberships = pd.DataFrame({"municipality_code": ["TIR"], "start_year": [2024], "end_year": [2027],
                                "partner_sq": ["A"], "partner_en": ["A"]})
    municipalities = pd.DataFrame({"municipality_code": ["TIR"], "name_sq": ["Tiranë"], "name_sq_definite": ["Tirana"],
                                   "name_en": ["Tirana"], "county_code": ["AL-11"], "seat_lat": [41.3],
                                   "seat_lon": [19.8], "population": [1]})
    write_dataset(data_root, {"targets": targets, "meetings": meetings, "memberships": memberships,
                              "municipalities": municipalities})
    table = results.results_table(runner()).set_index("metric")
    assert table.loc["meetings_monitored", "target"] == 50
    assert table.loc["meetings_monitored", "actual"] == 1
    assert table.loc["meetings_monitored", "status"] == "not_met"
    assert pd.isna(table.loc["transparency_index", "target"])  # sample-only target left out
    assert pd.isna(table.loc["public_forums", "note_en"])  # sample-only note left out


@pytest.fixture
def contracts_fixture(data_root):
    """Tiranë: contract of 2019 (P1, P2), assessed 2022 and 2023; contract of 2023 (Q1, Q2, Q3)
    first assessed in 2024. Durrës: contract of 2023 (D1) assessed in 2024.
    Reports: Tiranë 2024 with 4 recommendations (accepted, partly, rejected, no_answer),
    Durrës 2024 with 1 (accepted)."""
    contracts = pd.DataFrame({
        "contract_id": ["TIR-2019", "TIR-2023", "DUR-2023"], "municipality_code": ["TIR", "TIR", "DUR"],
        "cycle": ["2019-2023", "2023-2027", "2023-2027"], "signatory_role": ["mayor"] * 3, "signatory": [None] * 3,
        "signed_date": [date(2019, 5, 1), date(2023, 4, 20), date(2023, 4, 25)], "signed_when": ["before_election"] * 3,
    })
    priorities = pd.DataFrame({
        "priority_id": ["P1", "P2", "Q1", "Q2", "Q3", "D1"],
        "contract_id": ["TIR-2019", "TIR-2019", "TIR-2023", "TIR-2023", "TIR-2023", "DUR-2023"],
        "pillar": ["social"] * 6, "text_sq": ["x"] * 6,
    })
    assessments = pd.DataFrame({
        "priority_id": ["P1", "P2", "P1", "P2", "Q1", "Q2", "Q3", "D1"],
        "assessed_date": [date(2022, 9, 15), date(2022, 9, 15), date(2023, 9, 15), date(2023, 9, 15),
                          date(2024, 9, 15), date(2024, 9, 15), date(2024, 9, 15), date(2024, 9, 15)],
        "status": ["none", "partial", "full", "partial", "partial", "none", "none", "full"],
        "evidence": [None] * 8, "source": [None] * 8,
    })
    reports = pd.DataFrame({"report_id": ["TIR-R", "DUR-R"], "municipality_code": ["TIR", "DUR"],
                            "published_date": [date(2024, 10, 1), date(2024, 10, 2)], "title": ["r", "r"],
                            "url": [None, None]})
    recommendations = pd.DataFrame({
        "recommendation_id": ["T1", "T2", "T3", "T4", "D1"], "report_id": ["TIR-R"] * 4 + ["DUR-R"],
        "text_sq": ["x"] * 5, "response": ["accepted", "partly", "rejected", "no_answer", "accepted"],
        "response_date": [date(2024, 11, 1)] * 3 + [None, date(2024, 11, 2)],
    })
    write_dataset(data_root, {"social_contracts": contracts, "priorities": priorities, "assessments": assessments,
                              "reports": reports, "recommendations": recommendations,
                              "municipalities": municipalities_frame("TIR", "DUR")})
    return data_root


def test_priorities_addressed_by_hand(contracts_fixture):
    by_year = db.run("results_priorities_addressed_by_year", municipalities=["TIR", "DUR"]).set_index("year")
    # 2022: Tiranë's 2019 contract, P1 none, P2 partial -> 1 of 2 addressed.
    assert by_year.loc[2022, "priorities_addressed_share"] == pytest.approx(0.5)
    # 2023: the 2023 contract is not assessed yet, so the 2019 one counts: P1 full, P2 partial.
    assert by_year.loc[2023, "priorities_addressed_share"] == pytest.approx(1.0)
    assert by_year.loc[2023, "priorities_weighted_score"] == pytest.approx(0.75)
    # 2024: Tiranë Q1 partial, Q2 none, Q3 none; Durrës D1 full -> 2 of 4.
    assert by_year.loc[2024, "priorities_assessed"] == 4
    assert by_year.loc[2024, "priorities_addressed_share"] == pytest.approx(0.5)
    only_tirana = db.run("results_priorities_addressed_by_year", municipalities=["TIR"]).set_index("year")
    assert only_tirana.loc[2024, "priorities_addressed_share"] == pytest.approx(1 / 3)


def test_recommendation_uptake_by_hand(contracts_fixture):
    by_year = db.run("results_recommendation_uptake_by_year", municipalities=["TIR", "DUR"]).set_index("year")
    # accepted + partly = 3 of 5 (rejected and no answer count in the denominator).
    assert by_year.loc[2024, "recommendations"] == 5
    assert by_year.loc[2024, "recommendation_uptake"] == pytest.approx(3 / 5)
    assert by_year.loc[2024, "recommendation_uptake_weighted"] == pytest.approx(2.5 / 5)


@pytest.mark.parametrize("year", YEARS)
def test_new_network_queries_agree_with_the_per_municipality_ones(sample_root, year):
    members = results_framework.members_by_year(runner())[year]
    per_municipality = db.run("priorities_addressed_by_municipality", year=year, municipalities=members)
    network = db.run("results_priorities_addressed_by_year", municipalities=members).set_index("year")
    addressed = (per_municipality.fully.sum() + per_municipality.partly.sum()) / per_municipality.assessed.sum()
    assert network.loc[year, "priorities_addressed_share"] == pytest.approx(addressed)
    uptake = db.run("uptake_by_municipality", year=year, municipalities=members)
    network = db.run("results_recommendation_uptake_by_year", municipalities=members).set_index("year")
    assert network.loc[year, "recommendation_uptake"] == pytest.approx(uptake[uptake.is_total].uptake.iloc[0])
    shares = db.run("results_participation_shares_by_municipality", year=year, municipalities=["SHK"])
    alone = db.run("participation_shares_by_year", municipalities=["SHK"]).set_index("year")
    assert shares.share_women.iloc[0] == pytest.approx(alone.loc[year, "share_women"])


def test_breakdowns_add_up_and_hide_small_counts(sample_root):
    framework = results_framework.load_framework()
    participants = framework.indicator("OC2.1")
    by_sex = results.breakdown(runner(), participants, "sex", 2025)
    assert list(by_sex.group) == ["F", "M", "X"]
    assert by_sex.value.sum() == 2984
    tiny = results.breakdown(runner(), participants, "sex", 2025, municipalities=["PUK"])
    counts = db.run("participants_by_group", year=2025, municipalities=["PUK"], dimension="sex").set_index("group_code")
    for _, row in tiny.iterrows():
        count = counts.loc[row.group, "participants"]
        if 1 <= count < 5:
            assert row.mark == "<5" and pd.isna(row.value)
    index = results.breakdown(runner(), framework.indicator("OBJ.1"), "municipality", 2023)
    assert not index.set_index("group").loc["KAM", "valid"]  # two meetings: insufficient


def test_framework_errors_are_clear(tmp_path, sample_root):
    text = results_framework.FRAMEWORK_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "framework.toml"
    broken.write_text(text.replace('column = "meetings_monitored"', 'column = "meetings_watched"', 1)
                      .replace('code = "OP1.3"', 'code = "OP1.2"'), encoding="utf-8")
    with pytest.raises(results_framework.FrameworkError) as error:
        results_framework.validate_framework(runner(), broken)
    message = str(error.value)
    assert "duplicate indicator codes: OP1.2" in message
    broken.write_text(text.replace('query = "transparency_index_network"', 'query = "no_such_query"'), encoding="utf-8")
    with pytest.raises(results_framework.FrameworkError, match="no query named 'no_such_query'"):
        results_framework.validate_framework(runner(), broken)
    broken.write_text(text.replace('column = "meetings_monitored"', 'column = "meetings_watched"', 1), encoding="utf-8")
    with pytest.raises(results_framework.FrameworkError, match="OP1.2: query 'key_figures_by_year' has no column 'meetings_watched'"):
        results_framework.validate_framework(runner(), broken)
    broken.write_text(text.replace("target = 0.60", "target = 60"), encoding="utf-8")
    with pytest.raises(results_framework.FrameworkError, match="shares are fractions"):
        results_framework.validate_framework(runner(), broken)


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_donor_summary_says_what_fell_short_and_why(sample_root, lang):
    summary = results.donor_summary(2025, lang, run=runner())
    assert summary.counts["met"] + summary.counts["nearly_met"] + summary.counts["not_met"] == 13
    worst = summary.shortfalls[0]
    assert worst.code == "OP2.2" and worst.status == "not_met"
    assert "Korç" in worst.reason  # the note explains the missing forum
    assert len(summary.achieved) == summary.counts["met"]
    sentences = summary.sentences()
    assert sentences[0] == summary.headline and worst.reason in sentences
    assert translate(lang, "results.summary.headline", year=2025, met=summary.counts["met"], total=13,
                     nearly=summary.counts["nearly_met"], not_met=summary.counts["not_met"]) == summary.headline
    assert summary.as_dict()["shortfalls"][0]["code"] == "OP2.2"


def test_outcomes_journal_reads_the_version_or_is_empty(sample_root, sample_frames):
    loaded = outcomes_journal.load_outcomes(runner())
    assert list(loaded.columns) == list(outcomes_journal.OUTCOME_COLUMNS)
    journal = sample_outcomes(sample_frames, SEED, SAMPLE_YEARS)
    assert len(loaded) == len(journal)  # the sample version carries the seeded journal
    assert journal.equals(sample_outcomes(sample_frames, SEED, SAMPLE_YEARS))  # seeded
    assert journal.outcome_id.is_unique
    assert set(journal.actor_type) <= set(outcomes_journal.ACTOR_TYPES)
    assert set(journal.dropna(subset=["recommendation_id"]).recommendation_id) <= set(sample_frames["recommendations"].recommendation_id)
    assert set(journal.dropna(subset=["priority_id"]).priority_id) <= set(sample_frames["priorities"].priority_id)
    write_outcomes(journal, store.version_dir())
    in_2025 = outcomes_journal.outcomes_for(2025, run=runner())
    assert len(in_2025) == int((pd.to_datetime(journal.observed_date).dt.year == 2025).sum())
    assert in_2025.observed_date.is_monotonic_decreasing
    first = journal.municipality_code.iloc[0]
    assert set(outcomes_journal.outcomes_for(None, [first], run=runner()).municipality_code) == {first}


def page(lang: str, **params) -> AppTest:
    return open_page("pages/results.py", lang, **params)


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_results_page_shows_the_framework_in_both_languages(sample_root, sample_frames, lang):
    write_outcomes(sample_outcomes(sample_frames, SEED, SAMPLE_YEARS), store.version_dir())
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == translate(lang, "results.title")
    table = results.results_table(runner())
    summary = results.donor_summary(2025, lang, table=table, run=runner())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate(lang, "results.metric.met")] == str(summary.counts["met"])
    assert metrics[translate(lang, "results.metric.not_met")] == str(summary.counts["not_met"])
    assert metrics[translate(lang, "results.metric.outcomes")] == str(len(outcomes_journal.outcomes_for(2025, run=runner())))
    shown = at.table[0].value.set_index(translate(lang, "results.col.code"))
    actual = translate(lang, "results.col.actual", year=2025)
    assert shown.loc["OC2.1", actual] == format_number(2984, lang)
    assert shown.loc["OP2.2", translate(lang, "results.col.status")].endswith(translate(lang, "results.status.not_met"))
    assert any(escape_markdown(summary.shortfalls[0].reason) in m.value for m in at.markdown)
    journal = outcomes_journal.outcomes_for(2025, run=runner())
    shown_text = " ".join(m.value for m in at.markdown)
    change = journal.change_en if lang == "en" else journal.change_sq
    assert len(journal) > 0 and all(escape_markdown(c) in shown_text for c in change)


def test_text_from_the_framework_file_is_shown_literally(sample_root, tmp_path, monkeypatch):
    hostile = "![x](http://evil.example/x.png) [click](http://evil.example/)"
    text = results_framework.FRAMEWORK_FILE.read_text(encoding="utf-8").replace(
        'note_en = "The forum planned in Korçë', f'note_en = "{hostile} The forum planned in Korçë')
    framework_file = tmp_path / "framework.toml"
    framework_file.write_text(text.replace('name_en = "Public forums"', f'name_en = "Public forums {hostile}"'),
                              encoding="utf-8")
    monkeypatch.setattr(results_framework, "FRAMEWORK_FILE", framework_file)
    at = page("en")
    assert not at.exception
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any(escape_markdown(hostile) in value for value in shown)
    assert not any("![x](http" in value for value in shown)
    names = at.table[0].value.set_index("Code").loc["OP2.2", "Indicator"]
    assert names == escape_markdown(f"Public forums {hostile}")


def test_results_page_follows_the_year_and_reports_the_network(sample_root):
    at = page("en", municipality="SHK")
    assert not at.exception
    assert any(translate("en", "results.network_note") == i.value for i in at.info)
    at.sidebar.selectbox(key="year").set_value(2023).run()
    shown = at.table[0].value.set_index("Code")
    # The framework stays the network's: 12 municipalities in 2023 although Shkodër is chosen.
    assert shown.loc["OP1.1", "Actual 2023"] == "12"


def test_outcome_columns_match_the_data_model_once_it_has_the_table():
    from popdash.data.schema import load_schema

    tables = load_schema()
    if "outcomes" not in tables:
        pytest.skip("data/schema.toml has no outcomes table yet")
    assert tables["outcomes"].column_names == list(outcomes_journal.OUTCOME_COLUMNS)


def test_scorecard_shows_its_municipality_outcomes(sample_root, sample_frames):
    journal = sample_outcomes(sample_frames, SEED, SAMPLE_YEARS)
    code = journal[pd.to_datetime(journal.observed_date).dt.year == 2025].municipality_code.iloc[0]
    own = journal[journal.municipality_code == code]
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["municipality"] = code
    at.run()
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert all(change in shown for change in own.change_sq)
    others = journal[journal.municipality_code != code].change_sq
    assert not any(change in shown for change in others if change not in set(own.change_sq))
