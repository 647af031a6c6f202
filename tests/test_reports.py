"""Reports and recommendations: uptake, response times and the lists, checked against values
computed by hand on a small fixture; and the page itself."""
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from popdash.data import db
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, format_percent
from popdash.views import reports as rep
from tests.conftest import write_dataset
from pages import chart_specs, metrics, open_page

BOTH = ["SHK", "FIE"]


def d(text):
    return date.fromisoformat(text) if text else None


def fixture_tables() -> dict[str, pd.DataFrame]:
    """Shkodër 2025: accepted after 10 days, partly after 20, rejected after 30, one unanswered.
    Fier 2025: accepted after 4 days, one unanswered. Shkodër 2024: one accepted."""
    reports = pd.DataFrame({
        "report_id": ["R1", "R2", "R3"],
        "municipality_code": ["SHK", "FIE", "SHK"],
        "published_date": [d("2025-10-01"), d("2025-10-05"), d("2024-10-01")],
        "title": ["Raporti 2025", "Raporti Fier 2025", "Raporti 2024"],
        "url": ["https://example.org/r1", None, "https://example.org/r3"],
    })
    recommendations = pd.DataFrame([
        ("a", "R1", "Publikoni procesverbalet", "accepted", d("2025-10-11")),
        ("b", "R1", "Transmetoni mbledhjet", "partly", d("2025-10-21")),
        ("c", "R1", "Njoftoni mbledhjet", "rejected", d("2025-10-31")),
        ("d", "R1", "Zgjasni konsultimin", "no_answer", None),
        ("e", "R2", "Publikoni vendimet", "accepted", d("2025-10-09")),
        ("f", "R2", "Përgjigjuni kërkesave", "no_answer", None),
        ("g", "R3", "Publikoni rendin e ditës", "accepted", d("2024-10-15")),
    ], columns=["recommendation_id", "report_id", "text_sq", "response", "response_date"])
    events = pd.DataFrame({  # data_years needs a year with data
        "event_id": ["E1", "E2"], "municipality_code": ["SHK", "SHK"],
        "event_date": [d("2024-03-01"), d("2025-03-01")], "event_type": ["forum", "forum"], "title": ["F", "F"],
    })
    municipalities = pd.DataFrame({
        "municipality_code": ["SHK", "FIE"], "name_sq": ["Shkodër", "Fier"], "name_sq_definite": ["Shkodra", "Fieri"],
        "name_en": ["Shkodër", "Fier"], "county_code": ["AL-10", "AL-04"], "seat_lat": [42.07, 40.72],
        "seat_lon": [19.51, 19.56], "population": [None, None],
    })
    memberships = pd.DataFrame({
        "municipality_code": ["SHK", "FIE"], "start_year": [2019, 2019], "end_year": [2027, 2027],
        "partner_sq": ["IRSH", "Epoka e Re"], "partner_en": ["IRSH", "New Epoch"],
    })
    return {"reports": reports, "recommendations": recommendations, "events": events,
            "municipalities": municipalities, "memberships": memberships}


@pytest.fixture
def small(data_root):
    write_dataset(data_root, fixture_tables())
    return data_root


def run(name, **params):
    return db.run(name, **{"year": 2025, "municipalities": BOTH, **params})


def test_uptake_counts_partly_and_keeps_silence_in_the_denominator(small):
    uptake = run("uptake_by_municipality")
    rows = rep.municipality_rows(uptake).set_index("municipality_code")
    assert rows.loc["SHK", "uptake"] == pytest.approx(2 / 4)
    assert rows.loc["SHK", "uptake_weighted"] == pytest.approx(1.5 / 4)
    assert rows.loc["FIE", "uptake"] == pytest.approx(1 / 2)
    assert rows.loc["FIE", "uptake_weighted"] == pytest.approx(1 / 2)
    total = rep.network_row(uptake)
    assert (total.recommendations, total.accepted, total.partly, total.rejected, total.no_answer) == (6, 2, 1, 1, 2)
    assert total.uptake == pytest.approx(3 / 6) and total.uptake_weighted == pytest.approx(2.5 / 6)


def test_response_time_leaves_unanswered_out_and_counts_them_apart(small):
    times = run("response_time_by_municipality")
    rows = rep.municipality_rows(times).set_index("municipality_code")
    assert (rows.loc["SHK", "answered"], rows.loc["SHK", "no_answer"], rows.loc["SHK", "median_days"]) == (3, 1, 20)
    assert (rows.loc["FIE", "answered"], rows.loc["FIE", "no_answer"], rows.loc["FIE", "median_days"]) == (1, 1, 4)
    total = rep.network_row(times)
    assert (total.answered, total.no_answer, total.median_days) == (4, 2, 15)  # median of 4, 10, 20, 30
    days = run("response_days_by_recommendation")
    assert sorted(days.days) == [4, 10, 20, 30]
    assert rep.response_time_takeaway(times, Translator("en"), {}) == (
        "Half of the answers came within 15 days (4 answered recommendations); 2 got no answer.")


def test_reports_and_responses_per_municipality(small):
    grid = db.run("reports_by_municipality", municipalities=BOTH)
    assert sorted(zip(grid.year, grid.municipality_code, grid.reports, grid.recommendations)) == [
        (2024, "SHK", 1, 1), (2025, "FIE", 1, 2), (2025, "SHK", 1, 4)]
    responses = run("recommendations_by_response")
    assert responses.recommendations.sum() == 6
    assert rep.responses_takeaway(responses, Translator("en"), 2025) == (
        "Of the 6 recommendations in the reports of 2025: 2 accepted, 1 partly accepted, 1 rejected "
        "and 2 without an answer.")
    assert rep.reports_grid_takeaway(grid, Translator("sq"), 2025, 2) == (
        "Në vitin 2025 u publikuan 2 raporte, për 2 nga 2 bashkitë; 3 raporte që nga viti 2024.")


def test_lists_of_reports_and_recommendations(small):
    reports = run("reports_list")
    assert reports.report_id.tolist() == ["R2", "R1"], "newest first"
    r1 = reports.set_index("report_id").loc["R1"]
    assert (r1.recommendations, r1.accepted, r1.partly, r1.rejected, r1.no_answer) == (4, 1, 1, 1, 1)
    assert r1.uptake == pytest.approx(0.5)
    assert len(run("recommendations_list", report="")) == 6
    one = run("recommendations_list", report="R1")
    assert set(one.recommendation_id) == {"a", "b", "c", "d"}
    days = one.set_index("recommendation_id").days
    assert days.dropna().to_dict() == {"a": 10, "b": 20, "c": 30} and pd.isna(days["d"])
    table = rep.recommendations_table(one, Translator("sq"), {"SHK": "Shkodër"})
    assert set(table.response) == {"Pranuar", "Pranuar pjesërisht", "Refuzuar", "Pa përgjigje"}


def test_headline_and_ties_in_the_takeaway(small):
    uptake, times, reports = run("uptake_by_municipality"), run("response_time_by_municipality"), run("reports_list")
    figures = rep.headline(uptake, times, reports)
    assert figures["reports"] == 2 and figures["recommendations"] == 6
    assert figures["median_days"] == 15 and figures["no_answer"] == 2
    # Both municipalities took up half: no "highest" and "lowest" to name.
    assert rep.uptake_extremes(uptake, Translator("en"), {}) == ""


def test_a_year_without_reports_is_empty(small):
    assert run("uptake_by_municipality", year=2023).empty
    assert run("reports_list", year=2023).empty
    assert rep.headline(run("uptake_by_municipality", year=2023), run("response_time_by_municipality", year=2023),
                        run("reports_list", year=2023))["uptake"] is None


def page(lang: str, **params) -> AppTest:
    return open_page("pages/reports.py", lang, **params)



def test_page_on_the_fixture(small):
    at = page("en", year="2025")
    assert not at.exception, [e.value for e in at.exception]
    shown = metrics(at)
    assert shown["Reports published"] == "2"
    assert shown["Uptake"] == "50%"
    assert shown["Weighted uptake"] == format_percent(2.5 / 6, "en")
    assert shown["Days to answer (median)"] == "15"
    assert any("(accepted + partly accepted) ÷ all recommendations" in i.value for i in at.info)
    reports = at.dataframe[0].value
    assert pd.isna(reports.url.iloc[0]) and reports.url.iloc[1] == "https://example.org/r1"
    at.selectbox(key="report_pick_2025").set_value("R2").run()
    assert set(at.dataframe[1].value.recommendation_id) == {"e", "f"}


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_renders_with_populated_charts(sample_root, lang):
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    members = list(db.run("members_by_year").query("year == 2025").municipality_code)
    uptake = db.run("uptake_by_municipality", year=2025, municipalities=members)
    t = Translator(lang)
    assert metrics(at)[t("reports.metric_uptake")] == format_percent(rep.network_row(uptake).uptake, lang)
    specs = chart_specs(at)
    assert len(specs) == 4
    assert all(any(trace.get("x") or trace.get("z") for trace in spec["data"]) for spec in specs)
    assert len(at.dataframe[0].value) == len(db.run("reports_list", year=2025, municipalities=members))


def test_changing_year_and_municipality_changes_the_figures(sample_root):
    at = page("en")
    before = metrics(at)["Recommendations"]
    at.sidebar.selectbox(key="year").set_value(2024).run()
    members = list(db.run("members_by_year").query("year == 2024").municipality_code)
    total = rep.network_row(db.run("uptake_by_municipality", year=2024, municipalities=members))
    assert metrics(at)["Recommendations"] == format_number(total.recommendations, "en") != before
    at.sidebar.multiselect(key="municipality").set_value(["TIR"]).run()
    one = rep.network_row(db.run("uptake_by_municipality", year=2024, municipalities=["TIR"]))
    assert metrics(at)["Uptake"] == format_percent(one.uptake, "en")
    assert set(at.dataframe[0].value.municipality) == {"Tirana"}  # the English name
