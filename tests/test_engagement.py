"""Civic engagement: events, unique participants against visits, groups, shares, candidates and
reach, checked against values computed by hand on a small fixture; and the page itself."""
import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from popdash.data import db
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, format_percent
from popdash.views import engagement as eng, privacy
from tests.conftest import write_dataset
from pages import chart_specs, metrics, open_page

BOTH = ["SHK", "FIE"]


def d(text: str) -> date:
    return date.fromisoformat(text)


def fixture_tables() -> dict[str, pd.DataFrame]:
    """Shkodër: 2 events in 2025 with 5 attendance rows, P1 at both (4 people, 5 visits).
    Fier: 1 event with P5 and P2, who came to Shkodër before as a citizen and now as a CSO."""
    events = pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4"],
        "municipality_code": ["SHK", "SHK", "FIE", "SHK"],
        "event_date": [d("2025-03-10"), d("2025-04-12"), d("2025-04-20"), d("2024-05-01")],
        "event_type": ["workshop", "forum", "dialogue", "workshop"],
        "title": ["Workshop", "Forum", "Dialog", "Workshop 2024"],
    })
    attendance = pd.DataFrame([
        ("E1", "P1", "F", "18-29", "citizen"),
        ("E1", "P2", "M", "30-44", "citizen"),
        ("E1", "P3", "F", "15-17", "cso"),
        ("E2", "P1", "F", "18-29", "citizen"),
        ("E2", "P4", "F", "45-64", "official"),
        ("E3", "P5", "M", "65+", "media"),
        ("E3", "P2", "M", "30-44", "cso"),
        ("E4", "P1", "F", "18-29", "citizen"),
    ], columns=["event_id", "participant_code", "sex", "age_band", "role"])
    candidates = pd.DataFrame({
        "candidate_code": ["C1", "C1", "C2", "C3"],
        "election": ["parliamentary-2025", "parliamentary-2025", "parliamentary-2025", "local-2023"],
        "municipality_code": ["SHK", "SHK", "FIE", "SHK"],
        "district": [None, None, None, None],
        "engagement": ["spoke_forum", "questionnaire", "spoke_forum", "signed_contract"],
        "engagement_date": [d("2025-04-01"), d("2025-04-02"), d("2025-04-03"), d("2023-04-01")],
    })
    outreach = pd.DataFrame({
        "municipality_code": ["SHK", "SHK", "FIE", "SHK"],
        "month": [d("2025-03-01"), d("2025-03-01"), d("2025-04-01"), d("2024-03-01")],
        "channel": ["social", "tv", "social", "social"],
        "people_reached": [100, 50, 30, 999],
    })
    targets = pd.DataFrame({
        "metric": ["share_women", "share_young"], "year": [2025, 2025], "target": [0.5, 0.35],
        "baseline_year": [2022, 2022], "baseline": [0.5, 0.3],
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
    return {"events": events, "attendance": attendance, "candidates": candidates, "outreach": outreach,
            "targets": targets, "municipalities": municipalities, "memberships": memberships}


@pytest.fixture
def small(data_root):
    write_dataset(data_root, fixture_tables())
    return data_root


def run(name, **params):
    return db.run(name, **{"year": 2025, "municipalities": BOTH, **params})


def test_unique_participants_count_people_and_visits_count_attendance(small):
    summary = run("attendance_summary_by_municipality").set_index("municipality_code", drop=False)
    shk = summary.loc["SHK"]
    assert (shk.events, shk.unique_participants, shk.visits) == (2, 4, 5)
    assert (summary.loc["FIE"].unique_participants, summary.loc["FIE"].visits) == (2, 2)
    # The network counts P2 once although P2 came in both municipalities: 5 people, not 4 + 2.
    assert eng.headline(summary) == {"events": 3, "unique_participants": 5, "visits": 7}
    assert eng.visits_per_participant(eng.network_row(summary)) == pytest.approx(7 / 5)


def test_one_municipality_alone(small):
    summary = run("attendance_summary_by_municipality", municipalities=["SHK"])
    assert eng.headline(summary) == {"events": 2, "unique_participants": 4, "visits": 5}


def test_small_counts_per_municipality_are_hidden(small):
    rows = eng.protected_attendance(run("attendance_summary_by_municipality")).set_index("municipality_code")
    # Unique people: 4 and 2, both below 5. Visits: 5 is shown unless it alone would give 2 away.
    assert rows.unique_participants.tolist() == [privacy.SMALL, privacy.SMALL]
    assert rows.loc["FIE", "visits"] == privacy.SMALL
    assert rows.loc["SHK", "visits"] == privacy.SECONDARY


def test_events_by_month_year_and_municipality(small):
    by_month = run("events_by_month")
    assert sorted(zip(by_month.month, by_month.event_type, by_month.events)) == [
        (3, "workshop", 1), (4, "dialogue", 1), (4, "forum", 1)]
    by_year = run("events_by_year").groupby("year").events.sum().to_dict()
    assert by_year == {2024: 1, 2025: 3}
    places = run("events_by_municipality").groupby("municipality_code").events.sum().to_dict()
    assert places == {"FIE": 1, "SHK": 2}
    t = Translator("en")
    assert eng.events_by_month_takeaway(by_month, t, 2025) == (
        "In 2025 the network held 3 events, in 2 of the 12 months; the most were in April (2).")
    assert eng.events_by_year_takeaway(run("events_by_year"), t, 2025) == "3 events in 2025, up from 1 in 2024."


@pytest.mark.parametrize("dimension, expected", [
    ("sex", {"F": 3, "M": 2}),
    ("age_band", {"15-17": 1, "18-29": 1, "30-44": 1, "45-64": 1, "65+": 1}),
    # P2 came as a citizen in March and as a CSO in April: counted once, in the latest role.
    ("role", {"citizen": 1, "cso": 2, "official": 1, "media": 1}),
])
def test_participants_by_group_count_each_person_once(small, dimension, expected):
    groups = run("participants_by_group", dimension=dimension)
    assert dict(zip(groups.group_code, groups.participants)) == expected
    assert set(groups.total) == {5}


def test_an_unknown_dimension_returns_nothing(small):
    assert run("participants_by_group", dimension="participant_code").empty


def test_group_table_hides_small_counts_and_keeps_every_code(small):
    rows = eng.protected_groups(run("participants_by_group", dimension="sex"), "sex")
    # F 3 and M 2 are small; X 0 is shown.
    assert rows.participants.tolist() == [privacy.SMALL, privacy.SMALL, 0]
    assert rows.group_code.tolist() == ["F", "M", "X"]


def test_group_shares_are_of_all_participants_hidden_ones_included():
    groups = pd.DataFrame({"group_code": ["F", "M", "X"], "participants": [100, 75, 4], "total": [179] * 3})
    rows = eng.protected_groups(groups, "sex")
    assert rows.participants.tolist() == [100, privacy.SECONDARY, privacy.SMALL]
    t = Translator("en")
    assert eng.group_takeaway(rows, "sex", t) == "Women are 56% of the participants."
    labels = eng.group_chart(rows, "sex", t).data[0].text
    assert list(labels) == ["100 (56%)", privacy.SECONDARY, privacy.SMALL]
    all_small = eng.protected_groups(groups.assign(participants=[3, 2, 0], total=5), "sex")
    assert "hidden" in eng.group_takeaway(all_small, "sex", t)


def test_shares_of_women_and_young_people(small):
    shares = run("participation_shares_by_year").set_index("year")
    row = shares.loc[2025]
    assert (row.unique_participants, row.women, row.young) == (5, 3, 2)
    assert row.share_women == pytest.approx(0.6) and row.share_young == pytest.approx(0.4)
    assert (row.target_women, row.target_young) == (0.5, 0.35)
    # 3 women of 5 people: the share would give the count away, so the page hides it.
    protected = eng.protected_shares(shares.reset_index())
    assert protected[["share_women", "share_young"]].isna().all().all()
    assert "women" not in protected.columns and "young" not in protected.columns


def test_shares_shown_when_counts_are_large():
    shares = pd.DataFrame({"year": [2025], "unique_participants": [100], "women": [55], "young": [30],
                           "share_women": [0.55], "share_young": [0.30], "target_women": [0.5], "target_young": [0.35]})
    protected = eng.protected_shares(shares)
    t = Translator("en")
    assert eng.shares_takeaway(protected, t, 2025) == (
        "In 2025: women 55.0% of the participants against a target of 50% (met); "
        "young people 30.0% against a target of 35% (not yet met).")
    assert eng.share_figures(protected, 2025)["young"] == (0.30, 0.35)


def test_candidates_by_engagement_and_municipality(small):
    engaged = run("candidates_by_engagement")
    assert dict(zip(engaged.engagement, engaged.candidates)) == {"questionnaire": 1, "spoke_forum": 2}
    assert set(engaged.candidates_total) == {2}
    places = run("candidates_by_municipality")
    assert sorted(zip(places.municipality_code, places.engagement, places.candidates)) == [
        ("FIE", "spoke_forum", 1), ("SHK", "questionnaire", 1), ("SHK", "spoke_forum", 1)]
    assert run("candidates_by_engagement", year=2024).empty


def test_reach_by_channel_and_month(small):
    reach = run("reach_by_channel_month")
    assert sorted(zip(reach.month, reach.channel, reach.people_reached)) == [
        (3, "social", 100), (3, "tv", 50), (4, "social", 30)]
    assert eng.reach_takeaway(reach, Translator("sq"), 2025) == (
        "Në vitin 2025 rrjeti arriti 180 persona; kanali kryesor: Rrjetet sociale (72%).")


def test_attendance_takeaway_in_both_languages(small):
    total = eng.network_row(run("attendance_summary_by_municipality"))
    assert eng.attendance_takeaway(total, Translator("en"), 2025) == (
        "In 2025, 5 people made 7 visits: each participant came to 1.4 events on average.")
    assert "1,4 aktivitete" in eng.attendance_takeaway(total, Translator("sq"), 2025)



def page(lang: str, **params) -> AppTest:
    return open_page("pages/engagement.py", lang, **params)



def test_page_on_the_fixture_shows_less_than_five_not_the_counts(small):
    at = page("en", year="2025")
    assert not at.exception, [e.value for e in at.exception]
    assert metrics(at)["Unique participants"] == "5"
    assert metrics(at)["Visits (attendance)"] == "7"
    assert metrics(at)["Share of women"].startswith("Hidden")
    attendance = next(s for s in chart_specs(at) if any(tr.get("name") == "Unique participants" for tr in s["data"]))
    labels = [text for trace in attendance["data"] for text in trace.get("text", [])]
    assert set(labels) <= {privacy.SMALL, privacy.SECONDARY}
    assert "participant_code" not in json.dumps(chart_specs(at))


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_renders_with_populated_charts(sample_root, lang):
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    all_members = list(db.run("members_by_year").query("year == 2025").municipality_code)
    summary = db.run("attendance_summary_by_municipality", year=2025, municipalities=all_members)
    expected = eng.headline(summary)
    t = Translator(lang)
    shown = metrics(at)
    assert shown[t("engagement.metric_unique_participants")] == format_number(expected["unique_participants"], lang)
    assert shown[t("engagement.metric_visits")] == format_number(expected["visits"], lang)
    assert shown[t("engagement.metric_events")] == format_number(expected["events"], lang)
    specs = chart_specs(at)
    assert len(specs) >= 9
    assert all(any(trace.get("x") or trace.get("y") for trace in spec["data"]) for spec in specs)
    assert at.markdown, "takeaways are written"
    assert len(at.get("download_button")) == len(specs)


def test_changing_the_year_and_municipality_changes_the_figures(sample_root):
    at = page("sq")
    before = metrics(at)["Pjesëmarrës unikë"]
    at.sidebar.selectbox(key="year").set_value(2024).run()
    members = list(db.run("members_by_year").query("year == 2024").municipality_code)
    expected = eng.headline(db.run("attendance_summary_by_municipality", year=2024, municipalities=members))
    assert metrics(at)["Pjesëmarrës unikë"] == format_number(expected["unique_participants"], "sq") != before
    at.sidebar.multiselect(key="municipality").set_value(["SHK"]).run()
    shares = eng.protected_shares(db.run("participation_shares_by_year", municipalities=["SHK"]))
    share, _ = eng.share_figures(shares, 2024)["women"]
    assert metrics(at)["Pjesa e grave"] == format_percent(share, "sq", 1)
    one = eng.headline(db.run("attendance_summary_by_municipality", year=2024, municipalities=["SHK"]))
    assert metrics(at)["Vizita gjithsej"] == format_number(one["visits"], "sq")
