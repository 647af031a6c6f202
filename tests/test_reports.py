"""Reports and recommendations: uptake, response times and the lists, checked against values
computed by hand on a small fixture; and the page itself."""
import io
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from browser_support import captured_media
from popdash.data import db
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, format_percent
from popdash.views import listing
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


def long_tables(seed: int = 13) -> dict[str, pd.DataFrame]:
    """The fixture's two municipalities with more reports and recommendations in 2025 than a page
    draws: LIST_ROWS + 23 reports, each with one to three recommendations; one report in ten is
    about "pjesëmarrja" (with ë, for the search)."""
    rng = np.random.default_rng(seed)
    n = listing.LIST_ROWS + 23
    ids = [f"R{i:04d}" for i in range(n)]
    published = [date(2025, 1, 1) + timedelta(days=int(x)) for x in rng.integers(0, 300, n)]
    reports = pd.DataFrame({
        "report_id": ids, "municipality_code": rng.choice(BOTH, n),
        "published_date": published,
        "title": [f"Buxhetimi me pjesëmarrje {i}" if i % 10 == 0 else f"Raporti {i}" for i in range(n)],
        "url": [f"https://example.org/{r}" for r in ids],
    })
    rows = []
    for report, day in zip(ids, published):
        for k in range(int(rng.integers(1, 4))):
            response = str(rng.choice(["accepted", "partly", "rejected", "no_answer"]))
            answered = None if response == "no_answer" else day + timedelta(days=int(rng.integers(1, 60)))
            rows.append((f"{report}-{k}", report, f"Rekomandimi {k} i {report}", response, answered))
    recommendations = pd.DataFrame(rows, columns=["recommendation_id", "report_id", "text_sq", "response",
                                                  "response_date"])
    return {**fixture_tables(), "reports": reports, "recommendations": recommendations}


@pytest.fixture
def long_lists(data_root):
    tables = long_tables()
    write_dataset(data_root, tables)
    return tables


def download_rows(media, at, key: str) -> pd.DataFrame:
    """The rows of a page's CSV download, read from the bytes the button would send."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    return pd.read_csv(io.BytesIO(media.payload(button)), encoding="utf-8-sig")


def test_long_lists_draw_their_first_rows_show_more_and_download_them_all(long_lists):
    reports = long_lists["reports"]
    recommendations = long_lists["recommendations"]  # every report is of 2025
    assert len(reports) > listing.LIST_ROWS and len(recommendations) > listing.LIST_ROWS
    t = Translator("en")
    with captured_media() as media:
        at = page("en", year="2025")
        assert not at.exception, [e.value for e in at.exception]
        drawn, recs = at.dataframe[0].value, at.dataframe[1].value
        assert len(drawn) == len(recs) == listing.LIST_ROWS
        # The reports newest first, as the query orders them: the most recent LIST_ROWS.
        assert drawn.published_date.tolist() == sorted(reports.published_date, reverse=True)[:listing.LIST_ROWS]
        captions = [c.value for c in at.caption]
        assert t("reports.list_cut", shown=format_number(listing.LIST_ROWS, "en"), n=str(len(reports))) in captions
        assert t("reports.recommendations_cut", shown=format_number(listing.LIST_ROWS, "en"),
                 n=str(len(recommendations))) in captions
        assert f"{len(reports)} reports" in captions  # the count is of the whole list
        more = {b.key: b.label for b in at.button}
        assert more["reports_list_more"] == t("reports.show_more", n="23")
        assert more["recommendations_list_more"] == t("reports.show_more",
                                                      n=str(min(listing.LIST_ROWS, len(recommendations) - listing.LIST_ROWS)))
        # The downloads hold every row, not only those drawn.
        assert sorted(download_rows(media, at, "download_reports_table").report_id) == sorted(reports.report_id)
        assert sorted(download_rows(media, at, "download_recommendations_table").recommendation_id) == sorted(
            recommendations.recommendation_id)

        # "Show more" draws the rest of the reports; the recommendations keep their own count.
        at.button(key="reports_list_more").click().run()
        assert len(at.dataframe[0].value) == len(reports) and len(at.dataframe[1].value) == listing.LIST_ROWS
        assert "reports_list_more" not in [b.key for b in at.button]
        captions = [c.value for c in at.caption]
        assert not any(c.startswith("Showing the") and f" of {len(reports)} reports." in c for c in captions)
        assert t("reports.recommendations_cut", shown=format_number(listing.LIST_ROWS, "en"),
                 n=str(len(recommendations))) in captions

        # A new search starts again from the first rows ("r0" is in every report's code) ...
        at.text_input(key="reports_search").input("r0").run()
        assert len(at.dataframe[0].value) == listing.LIST_ROWS and "reports_list_more" in [b.key for b in at.button]
        # ... and narrows the list before it is cut, ignoring case and accents.
        at.text_input(key="reports_search").input("PJESEMARRJE").run()
        found = at.dataframe[0].value
        assert sorted(found.report_id) == sorted(reports.report_id[reports.title.str.contains("pjesëmarrje")])
        assert len(download_rows(media, at, "download_reports_table")) == len(found)
        at.text_input(key="recommendations_search").input("rekomandimi 0 i r000").run()
        assert sorted(at.dataframe[1].value.recommendation_id) == [f"R000{i}-0" for i in range(10)]
        at.text_input(key="reports_search").input("nothing like it").run()
        assert any(i.value == t("reports.list_empty", search="nothing like it") for i in at.info)


def test_a_short_list_is_drawn_whole_without_show_more(small):
    at = page("sq", year="2025")
    assert len(at.dataframe[0].value) == 2 and len(at.dataframe[1].value) == 6
    assert not list(at.button)
    assert "2 raporte" in [c.value for c in at.caption] and "6 rekomandime" in [c.value for c in at.caption]

