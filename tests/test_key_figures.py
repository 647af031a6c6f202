"""The eight key figures: the programme card's 2025 values, and hand-computed values on a
small fixture (a municipality's own figures, additivity, distinct counts)."""
from datetime import date

import pandas as pd
import pytest

from popdash.data import db, store
from popdash.views.key_figures import KEY_FIGURES, KEY_FIGURE_NAMES
from conftest import write_dataset

CARD_2025 = {
    "municipalities_monitored": 10,
    "meetings_monitored": 120,
    "reports_published": 10,
    "citizen_workshops": 32,
    "public_forums": 7,
    "candidates_engaged": 42,
    "unique_participants": 2984,
    "people_reached": 129466,
}
ALL_CODES = ["TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG"]


def test_sample_2025_reproduces_the_programme_card(sample_root):
    by_year = db.run("key_figures_by_year", municipalities=ALL_CODES)
    row = by_year[by_year.year == 2025].iloc[0]
    assert {k: int(row[k]) for k in KEY_FIGURE_NAMES} == CARD_2025


def test_committed_sample_data_reproduces_the_card():
    """The parquet files shipped in data/ (not only the generator) give the card's figures."""
    db.clear_cache()
    by_year = db.run("key_figures_by_year", municipalities=ALL_CODES)
    row = by_year[by_year.year == 2025].iloc[0]
    assert {k: int(row[k]) for k in KEY_FIGURE_NAMES} == CARD_2025


@pytest.fixture
def two_municipalities(data_root):
    """Tiranë and Durrës in 2025, small enough to count by hand.

    Tiranë: 3 meetings, 1 report, events W1 (workshop), F1 (forum); Durrës: 1 meeting,
    0 reports, events W2 (workshop), D1 (dialogue). People: P1 goes to W1, F1 and W2 (both
    municipalities), P2 to W1, P3 to W2 and D1, P4 to D1. Candidate C1 engaged twice in
    Tiranë, C2 once in Durrës. Reach: Tiranë 100 + 50, Durrës 30; one Tiranë row in 2024.
    """
    munis = pd.DataFrame({
        "municipality_code": ["TIR", "DUR"], "name_sq": ["Tiranë", "Durrës"], "name_sq_definite": ["Tirana", "Durrësi"],
        "name_en": ["Tirana", "Durrës"], "county_code": ["AL-11", "AL-02"], "seat_lat": [41.3, 41.3],
        "seat_lon": [19.8, 19.4], "population": [598176, 155002],
    })
    meetings = pd.DataFrame({
        "meeting_id": ["T1", "T2", "T3", "D1"], "municipality_code": ["TIR", "TIR", "TIR", "DUR"],
        "meeting_date": [date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10), date(2025, 1, 20)],
        "meeting_type": ["ordinary"] * 4,
    })
    reports = pd.DataFrame({"report_id": ["R1"], "municipality_code": ["TIR"], "published_date": [date(2025, 10, 1)], "title": ["Raporti"]})
    events = pd.DataFrame({
        "event_id": ["W1", "F1", "W2", "D1"], "municipality_code": ["TIR", "TIR", "DUR", "DUR"],
        "event_date": [date(2025, 3, 1), date(2025, 4, 1), date(2025, 3, 5), date(2025, 6, 1)],
        "event_type": ["workshop", "forum", "workshop", "dialogue"], "title": ["a", "b", "c", "d"],
    })
    attendance = pd.DataFrame({
        "event_id": ["W1", "F1", "W2", "W1", "W2", "D1", "D1"],
        "participant_code": ["P1", "P1", "P1", "P2", "P3", "P3", "P4"],
        "sex": ["F", "F", "F", "M", "F", "F", "M"], "age_band": ["18-29"] * 7, "role": ["citizen"] * 7,
    })
    candidates = pd.DataFrame({
        "candidate_code": ["C1", "C1", "C2"], "election": ["parliamentary-2025"] * 3,
        "municipality_code": ["TIR", "TIR", "DUR"], "engagement": ["spoke_forum", "questionnaire", "spoke_forum"],
        "engagement_date": [date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3)],
    })
    outreach = pd.DataFrame({
        "municipality_code": ["TIR", "TIR", "DUR", "TIR"],
        "month": [date(2025, 1, 1), date(2025, 2, 1), date(2025, 1, 1), date(2024, 12, 1)],
        "channel": ["social", "tv", "radio", "social"], "people_reached": [100, 50, 30, 999],
    })
    write_dataset(data_root, {"municipalities": munis, "meetings": meetings, "reports": reports, "events": events,
                              "attendance": attendance, "candidates": candidates, "outreach": outreach})
    return data_root


def figures(frame, code=None):
    row = frame.iloc[0] if code is None else frame[frame.municipality_code == code].iloc[0]
    return {k: int(row[k]) for k in KEY_FIGURE_NAMES}


def test_network_figures_by_hand(two_municipalities):
    by_year = db.run("key_figures_by_year", municipalities=["TIR", "DUR"])
    assert figures(by_year[by_year.year == 2025]) == {
        "municipalities_monitored": 2, "meetings_monitored": 4, "reports_published": 1, "citizen_workshops": 2,
        "public_forums": 1, "candidates_engaged": 2, "unique_participants": 4, "people_reached": 180,
    }


def test_one_municipality_figures_are_its_own(two_municipalities):
    by_year = db.run("key_figures_by_year", municipalities=["DUR"])
    # Durrës: meeting D1; no report; workshop W2; people P1 and P3 at W2, P3 and P4 at D1 -> 3.
    assert figures(by_year[by_year.year == 2025]) == {
        "municipalities_monitored": 1, "meetings_monitored": 1, "reports_published": 0, "citizen_workshops": 1,
        "public_forums": 0, "candidates_engaged": 1, "unique_participants": 3, "people_reached": 30,
    }
    by_muni = db.run("key_figures_by_municipality", year=2025, municipalities=["TIR", "DUR"])
    assert figures(by_muni, "DUR") == figures(by_year[by_year.year == 2025])


def test_municipalities_add_up_for_additive_figures_only(two_municipalities):
    network = figures(db.run("key_figures_by_year", municipalities=["TIR", "DUR"]).query("year == 2025"))
    by_muni = db.run("key_figures_by_municipality", year=2025, municipalities=["TIR", "DUR"])
    for figure in KEY_FIGURES:
        total = int(by_muni[figure.key].sum())
        if figure.additive:
            assert total == network[figure.key], figure.key
    # P1 is counted in both municipalities (TIR: P1, P2; DUR: P1, P3, P4) but once in the network.
    assert int(by_muni.unique_participants.sum()) == 5
    assert network["unique_participants"] == 4


def test_sample_distinct_counts_do_not_add_up(sample_root):
    codes = ALL_CODES
    network = db.run("key_figures_by_year", municipalities=codes).query("year == 2025").iloc[0]
    by_muni = db.run("key_figures_by_municipality", year=2025, municipalities=codes)
    for figure in KEY_FIGURES:
        if figure.additive:
            assert int(by_muni[figure.key].sum()) == int(network[figure.key]), figure.key
    assert int(by_muni.unique_participants.sum()) > int(network.unique_participants)


def test_new_data_version_shows_without_restart(two_municipalities):
    before = figures(db.run("key_figures_by_year", municipalities=["TIR", "DUR"]).query("year == 2025"))
    outreach = pd.DataFrame({"municipality_code": ["TIR"], "month": [date(2025, 5, 1)], "channel": ["tv"], "people_reached": [7]})
    municipalities = store.read_table("municipalities")  # outreach refers to them
    write_dataset(two_municipalities, {"municipalities": municipalities, "outreach": outreach}, version="second")
    after = figures(db.run("key_figures_by_year", municipalities=["TIR", "DUR"]).query("year == 2025"))
    assert before["people_reached"] == 180 and after["people_reached"] == 7
