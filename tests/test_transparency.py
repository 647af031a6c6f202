"""The council transparency index, its sub-scores and the queries beside it, against values
worked out by hand on a small fixture built in code.

The fixture uses the real rubric (data/rubric.toml). Weights: I01 10 (legal, notice),
I03 10 (legal, openness), I04 5 (openness), I05 10 (participation), I07 15 (legal,
publication), I09 5 (legal, period, responsiveness), I10 10 (period, participation),
I11 5 (period, responsiveness), I12 5 (period, responsiveness).
"""
from datetime import date

import pandas as pd
import pytest

from conftest import write_dataset
from popdash.data import db, rubric
from popdash.views import transparency

YEAR = 2025
COLUMNS = ["meeting_id", "municipality_code", "meeting_date", "meeting_type", "notice_days",
           "decisions_published_days", "evidence"]


def municipalities(*codes):
    return pd.DataFrame([(c, f"Bashkia {c}", f"Bashkia {c}", f"Municipality {c}", "AL-10", 42.0, 19.5, 2000)
                         for c in codes],
                        columns=["municipality_code", "name_sq", "name_sq_definite", "name_en", "county_code",
                                 "seat_lat", "seat_lon", "population"])


def meeting(code, day, year=YEAR):
    return (f"{code}-{year}-{day:02d}", code, date(year, 3, day), "ordinary", 5, 5, None)


def observations(rows):
    return pd.DataFrame([(m, i, s, None) for m, i, s in rows],
                        columns=["meeting_id", "indicator_code", "score", "evidence"])


@pytest.fixture
def fixture_root(data_root):
    """AAA: 3 meetings with half scores, not_observed rows, a missing row and period indicators.
    AAZ: AAA with two not_observed observations turned into zeros.
    BBB: 2 meetings only (below min_meetings = 3).
    CCC: a member with nothing observed.
    AAA also has 3 meetings in 2024 (all I01 full), to check that years stay apart."""
    meetings = [meeting("AAA", d) for d in (3, 10, 17)] + [meeting("AAZ", d) for d in (3, 10, 17)] \
        + [meeting("BBB", d) for d in (3, 10)] + [meeting("AAA", d, 2024) for d in (3, 10, 17)]
    aaa = [
        ("AAA-2025-03", "I01", "full"), ("AAA-2025-10", "I01", "half"), ("AAA-2025-17", "I01", "not_observed"),
        ("AAA-2025-03", "I03", "full"), ("AAA-2025-10", "I03", "full"), ("AAA-2025-17", "I03", "zero"),
        ("AAA-2025-03", "I07", "zero"), ("AAA-2025-10", "I07", "half"),  # no I07 row for the 17th
        ("AAA-2025-03", "I05", "half"), ("AAA-2025-10", "I05", "half"), ("AAA-2025-17", "I05", "half"),
        ("AAA-2025-03", "I04", "not_observed"), ("AAA-2025-10", "I04", "not_observed"),
        ("AAA-2025-17", "I04", "not_observed"),
    ]
    aaz = [(m.replace("AAA", "AAZ"), i, s) for m, i, s in aaa]
    aaz[2] = ("AAZ-2025-17", "I01", "zero")
    aaz[11] = ("AAZ-2025-03", "I04", "zero")
    bbb = [("BBB-2025-03", "I01", "full"), ("BBB-2025-10", "I01", "full"),
           ("BBB-2025-03", "I07", "half"), ("BBB-2025-10", "I07", "zero")]
    old = [(f"AAA-2024-{d:02d}", "I01", "full") for d in (3, 10, 17)]
    period = pd.DataFrame([
        ("AAA", YEAR, "I10", "full", None), ("AAA", YEAR, "I09", "zero", None), ("AAA", YEAR, "I11", "not_observed", None),
        ("AAZ", YEAR, "I10", "full", None), ("AAZ", YEAR, "I09", "zero", None), ("AAZ", YEAR, "I11", "not_observed", None),
    ], columns=["municipality_code", "year", "indicator_code", "score", "evidence"])
    members = pd.DataFrame([("AAA", 2024, 2025, "P", "P"), ("AAZ", 2025, 2025, "P", "P"), ("BBB", 2025, 2025, "P", "P"),
                            ("CCC", 2025, 2025, "P", "P")],
                           columns=["municipality_code", "start_year", "end_year", "partner_sq", "partner_en"])
    write_dataset(data_root, {
        "municipalities": municipalities("AAA", "AAZ", "BBB", "CCC"),
        "memberships": members,
        "meetings": pd.DataFrame(meetings, columns=COLUMNS),
        "meeting_observations": observations(aaa + aaz + bbb + old),
        "period_observations": period,
    })
    return data_root


def index_rows(**kw):
    frame = db.run("transparency_index_by_municipality", municipalities=["AAA", "AAZ", "BBB", "CCC"],
                   **transparency.rubric_params(), **kw)
    return {(int(r.year), r.municipality_code): r for r in frame.itertuples()}


def test_index_by_hand(fixture_root):
    aaa = index_rows()[(YEAR, "AAA")]
    # Indicator means (not_observed rows and the missing I07 row left out of each average):
    #   I01 (1 + 0.5) / 2 = 0.75   I03 (1 + 1 + 0) / 3 = 2/3   I07 (0 + 0.5) / 2 = 0.25
    #   I05 (0.5 x 3) / 3 = 0.5    I10 = 1   I09 = 0   I04, I11 never observed, I12 no row: out
    # Observed weight 10 + 10 + 15 + 10 + 10 + 5 = 60
    # Index = 100 x (7.5 + 6.6667 + 3.75 + 5 + 10 + 0) / 60 = 100 x 32.9167 / 60 = 54.8611
    assert aaa.index_score == pytest.approx(54.8611, abs=1e-3)
    # Legal minimum: I01, I03, I07, I09 observed, weight 40: 100 x (7.5 + 6.6667 + 3.75 + 0) / 40
    assert aaa.legal_minimum_score == pytest.approx(44.7917, abs=1e-3)
    # Dimensions, each over its observed indicators only:
    assert aaa.notice == pytest.approx(75.0)             # I01 alone (I02 not observed)
    assert aaa.openness == pytest.approx(66.6667, abs=1e-3)  # I03 alone (I04 only not_observed)
    assert aaa.participation == pytest.approx(75.0)      # (10 x 0.5 + 10 x 1) / 20
    assert aaa.publication == pytest.approx(25.0)        # I07 alone (I06, I08 not observed)
    assert aaa.responsiveness == pytest.approx(0.0)      # I09 zero; I11 not observed, I12 missing
    assert aaa.coverage == pytest.approx(0.60)           # 60 of 100 weight observed
    assert (aaa.meetings, aaa.meetings_scored, bool(aaa.sufficient)) == (3, 3, True)


def test_not_observed_is_left_out_while_zero_counts(fixture_root):
    rows = index_rows()
    aaz = rows[(YEAR, "AAZ")]
    # AAZ = AAA with I01 on the 17th scored zero (was not_observed) and I04 on the 3rd zero:
    #   I01 (1 + 0.5 + 0) / 3 = 0.5; I04 now observed: 0 with weight 5; observed weight 65
    #   Index = 100 x (5 + 6.6667 + 3.75 + 5 + 10 + 0 + 0) / 65 = 100 x 30.4167 / 65 = 46.7949
    assert aaz.index_score == pytest.approx(46.7949, abs=1e-3)
    assert aaz.coverage == pytest.approx(0.65)
    assert aaz.index_score < rows[(YEAR, "AAA")].index_score


def test_fewer_than_min_meetings_keeps_numbers_but_is_insufficient(fixture_root):
    bbb = index_rows()[(YEAR, "BBB")]
    # I01 (1 + 1) / 2 = 1 (weight 10), I07 (0.5 + 0) / 2 = 0.25 (weight 15): 100 x 13.75 / 25 = 55
    assert bbb.index_score == pytest.approx(55.0)
    assert bbb.legal_minimum_score == pytest.approx(55.0)
    assert bbb.meetings == 2 and not bbb.sufficient
    assert transparency.shown_score(pd.Series(bbb._asdict())) is None


def test_member_without_observations_has_a_row_and_no_score(fixture_root):
    ccc = index_rows()[(YEAR, "CCC")]
    assert ccc.meetings == 0 and pd.isna(ccc.index_score) and ccc.coverage == 0 and not ccc.sufficient


def test_years_are_scored_apart(fixture_root):
    rows = index_rows()
    # 2024: I01 full at 3 meetings, nothing else observed: 100, coverage 10 / 100.
    assert rows[(2024, "AAA")].index_score == pytest.approx(100.0)
    assert rows[(2024, "AAA")].coverage == pytest.approx(0.10)
    assert (2024, "BBB") not in rows  # not a member in 2024 and nothing observed


def test_min_meetings_comes_from_the_rubric(fixture_root):
    assert transparency.rubric_params()["min_meetings"] == rubric.settings()["min_meetings"] == 3
    params = {**transparency.rubric_params(), "min_meetings": 2}
    frame = db.run("transparency_index_by_municipality", municipalities=["BBB"], **params)
    assert bool(frame.sufficient.iloc[0])


def test_network_average_rests_on_sufficient_municipalities(fixture_root):
    network = db.run("transparency_index_network", **transparency.rubric_params()).set_index("year")
    # 2025: AAA 54.8611 and AAZ 46.7949 are sufficient; BBB (2 meetings) is not:
    #   (54.8611 + 46.7949) / 2 = 50.8280
    assert network.loc[YEAR, "index_score"] == pytest.approx(50.8280, abs=1e-3)
    assert network.loc[YEAR, "municipalities"] == 2
    assert network.loc[YEAR, "municipalities_scored"] == 3
    assert network.loc[YEAR, "meetings"] == 8


def test_network_query_agrees_with_the_municipal_one(sample_root):
    params = transparency.rubric_params()
    everyone = db.run("municipalities").municipality_code.tolist()
    frame = db.run("transparency_index_by_municipality", municipalities=everyone, **params)
    network = db.run("transparency_index_network", **params).set_index("year")
    for year, rows in frame[frame.sufficient].groupby("year"):
        assert network.loc[year, "index_score"] == pytest.approx(rows.index_score.mean())
        assert network.loc[year, "notice"] == pytest.approx(rows.notice.mean())
        assert network.loc[year, "municipalities"] == len(rows)


def test_indicator_counts_by_hand(fixture_root):
    frame = db.run("indicator_scores_by_municipality", municipalities=["AAA"], **transparency.rubric_params())
    rows = frame[frame.year == YEAR].set_index("indicator_code")
    assert len(rows) == 12  # every indicator of the rubric, observed or not
    i01 = rows.loc["I01"]
    assert (i01.opportunities, i01.observed, i01.n_full, i01.n_half, i01.n_zero, i01.n_not_observed) == (3, 2, 1, 1, 0, 1)
    assert i01.mean_score == pytest.approx(75.0)
    assert i01.share_full == pytest.approx(1 / 3) and i01.share_not_observed == pytest.approx(1 / 3)
    i07 = rows.loc["I07"]  # the missing row counts as not observed, not as zero
    assert (i07.observed, i07.n_zero, i07.n_not_observed) == (2, 1, 1) and i07.mean_score == pytest.approx(25.0)
    i04 = rows.loc["I04"]
    assert (i04.observed, i04.n_not_observed) == (0, 3) and pd.isna(i04.mean_score)
    i10, i11, i12 = rows.loc["I10"], rows.loc["I11"], rows.loc["I12"]
    assert (i10.opportunities, i10.n_full, i10.mean_score) == (1, 1, 100.0)
    assert (i11.observed, i11.n_not_observed) == (0, 1)  # explicit not_observed
    assert (i12.observed, i12.n_not_observed) == (0, 1)  # no row at all


def test_legal_duty_status_uses_the_rubric_bands(fixture_root):
    frame = db.run("indicator_scores_by_municipality", municipalities=["AAA"], **transparency.rubric_params())
    status = transparency.with_duty_status(frame[frame.year == YEAR]).set_index("indicator_code").status
    # I01 75 >= 70 met; I03 66.7 in 40-70 partly; I07 25 < 40 not met; I04 never observed
    assert (status["I01"], status["I03"], status["I07"], status["I04"]) == ("met", "partly", "not_met", "not_observed")


def test_meeting_scores_by_hand(fixture_root):
    frame = db.run("meeting_scores_by_meeting", year=YEAR, municipalities=["AAA"], **transparency.rubric_params())
    first = frame.set_index("meeting_id").loc["AAA-2025-03"]
    # I01 full (10), I03 full (10), I07 zero (15), I05 half (10); I04 not observed: out.
    #   100 x (10 + 10 + 0 + 5) / 45 = 55.5556; 8 meeting indicators - 4 scored = 4 not observed
    assert first.meeting_score == pytest.approx(55.5556, abs=1e-3)
    assert (first.n_full, first.n_half, first.n_zero, first.n_not_observed) == (2, 1, 1, 4)


@pytest.fixture
def contract_root(data_root):
    """AAA signs a 2019-2023 contract (2 priorities) and a 2023-2027 one (3 priorities), first
    assessed in September 2024 and again in 2025."""
    contracts = pd.DataFrame([
        ("AAA-2019", "AAA", "2019-2023", "mayor_candidate", None, date(2019, 5, 1), "before_election"),
        ("AAA-2023", "AAA", "2023-2027", "mayor", None, date(2023, 6, 20), "after_election"),
    ], columns=["contract_id", "municipality_code", "cycle", "signatory_role", "signatory", "signed_date", "signed_when"])
    priorities = pd.DataFrame([
        ("P1", "AAA-2019", "social", "x"), ("P2", "AAA-2019", "economy", "x"),
        ("Q1", "AAA-2023", "infrastructure", "x"), ("Q2", "AAA-2023", "infrastructure", "x"),
        ("Q3", "AAA-2023", "governance", "x"),
    ], columns=["priority_id", "contract_id", "pillar", "text_sq"])
    assessments = pd.DataFrame([
        ("P1", date(2023, 9, 15), "full"), ("P2", date(2023, 9, 15), "partial"),
        ("Q1", date(2024, 9, 15), "none"), ("Q2", date(2024, 9, 15), "partial"), ("Q3", date(2024, 9, 15), "full"),
        ("Q1", date(2025, 9, 15), "partial"),
    ], columns=["priority_id", "assessed_date", "status"]).assign(evidence=None, source=None)
    write_dataset(data_root, {"municipalities": municipalities("AAA"), "social_contracts": contracts,
                              "priorities": priorities, "assessments": assessments})
    return data_root


def test_priorities_addressed_follow_the_current_cycle(contract_root):
    def row(year):
        return db.run("priorities_addressed_by_municipality", year=year, municipalities=["AAA"]).iloc[0]
    # 2023: the new contract is signed but not yet assessed, so the old cycle's final stands: 2 / 2.
    assert (row(2023).contract_id, row(2023).share_addressed) == ("AAA-2019", 1.0)
    # 2024: none, partial, full: (0 + 1 + 1) / 3 addressed; weighted (1 + 0.5) / 3.
    r = row(2024)
    assert (r.contract_id, r.fully, r.partly, r.not_addressed) == ("AAA-2023", 1, 1, 1)
    assert r.share_addressed == pytest.approx(2 / 3) and r.weighted_score == pytest.approx(0.5)
    # 2025: Q1's latest assessment is partial: 3 / 3 addressed, weighted (1 + 0.5 + 0.5) / 3.
    r = row(2025)
    assert r.share_addressed == pytest.approx(1.0) and r.weighted_score == pytest.approx(2 / 3)
    pillars = db.run("priorities_addressed_by_pillar", year=2025, municipalities=["AAA"]).set_index("pillar")
    assert pillars.loc["infrastructure", ["priorities", "fully", "partly"]].tolist() == [2, 0, 2]
    assert pillars.loc["governance", "fully"] == 1


def test_participants_per_thousand_by_hand(data_root):
    events = pd.DataFrame([("E1", "AAA", date(YEAR, 4, 1), "workshop", "t"), ("E2", "AAA", date(YEAR, 5, 1), "forum", "t")],
                          columns=["event_id", "municipality_code", "event_date", "event_type", "title"])
    attendance = pd.DataFrame([("E1", "P1", "F", "18-29", "citizen"), ("E2", "P1", "F", "18-29", "citizen"),
                               ("E1", "P2", "M", "45-64", "citizen")],
                              columns=["event_id", "participant_code", "sex", "age_band", "role"])
    write_dataset(data_root, {"municipalities": municipalities("AAA"), "events": events, "attendance": attendance})
    row = db.run("participants_by_municipality", year=YEAR, municipalities=["AAA"]).iloc[0]
    # 2 people, 3 visits, 1 woman, 1 young; 1000 x 2 / 2000 inhabitants = 1.0
    assert (row.unique_participants, row.visits, row.women, row.young) == (2, 3, 1, 1)
    assert row.participants_per_thousand == pytest.approx(1.0)
    assert "participant_code" not in row.index
    by_type = db.run("events_by_municipality_type", year=YEAR, municipalities=["AAA"]).set_index("event_type")
    assert by_type.loc["workshop", ["events", "visits", "unique_participants"]].tolist() == [1, 2, 2]
