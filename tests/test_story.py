"""The story behind forum mode, the deck and the factsheet: figures and sentences checked by
hand on a small fixture, and the programme card's 2025 figures on the sample data."""
from datetime import date

import pandas as pd
import pytest

from popdash.data import db
from popdash.views import story
from conftest import write_dataset


def small_network_frames(recommendation_text: str = "Publikoni procesverbalet") -> dict[str, pd.DataFrame]:
    """Tiranë and Durrës, members 2024-2027, small enough to count by hand.

    Transparency (only I01, legal, weight 10, and I02, weight 10, observed):
      Tiranë 2024: 3 meetings, I01 half, I02 zero   -> index 25, legal 50
      Tiranë 2025: 3 meetings, I01 full, I02 half   -> index 75, legal 100
      Durrës 2024: 3 meetings, I01 full, I02 half   -> index 75, legal 100
      Durrës 2025: 2 meetings (below 3: insufficient)
      network 2024 = (25 + 75) / 2 = 50; network 2025 = 75 (Tiranë alone); change +25.
    2025 events: TW1 (P1, P2), TW2 (P2, P3), TF1 (P4) in Tiranë; DW1 (P1, P5) in Durrës:
      3 workshops, 1 forum, 5 unique participants (P1 counted once). 2024: TW0 (P1).
    Reach 2025: 1,000 + 234 = 1,234; 2024: 500.
    Promises (contracts 2023-2027): T-P1 partial 2024 then full 2025, T-P2 none 2025,
      D-P1 partial 2025 -> 2025: full 1, partial 1, none 1 of 3; addressed 2 (67%).
    Recommendations (reports of 2025): Tiranë: R1 accepted, R2 no answer; Durrës: R1 partly,
      R3 rejected -> 4, taken up 2 (50%); R1 made in both municipalities.
    """
    municipalities = pd.DataFrame({
        "municipality_code": ["TIR", "DUR"], "name_sq": ["Tiranë", "Durrës"], "name_sq_definite": ["Tirana", "Durrësi"],
        "name_en": ["Tirana", "Durrës"], "county_code": ["AL-11", "AL-02"], "seat_lat": [41.3275, 41.3231],
        "seat_lon": [19.8187, 19.4414], "population": [598176, 155002],
    })
    memberships = pd.DataFrame({
        "municipality_code": ["TIR", "DUR"], "start_year": [2024, 2024], "end_year": [2027, 2027],
        "partner_sq": ["Qendra Aleanca Gjinore për Zhvillim", "Qendra e Zhvillimit të Shoqërisë Civile"],
        "partner_en": ["Gender Alliance for Development Center (GADC)", "Civil Society Development Center"],
    })
    plan = {  # meeting id -> (municipality, date, I01, I02)
        "T24a": ("TIR", date(2024, 2, 1), "half", "zero"), "T24b": ("TIR", date(2024, 3, 1), "half", "zero"),
        "T24c": ("TIR", date(2024, 4, 1), "half", "zero"), "T25a": ("TIR", date(2025, 2, 1), "full", "half"),
        "T25b": ("TIR", date(2025, 3, 1), "full", "half"), "T25c": ("TIR", date(2025, 4, 1), "full", "half"),
        "D24a": ("DUR", date(2024, 2, 2), "full", "half"), "D24b": ("DUR", date(2024, 3, 2), "full", "half"),
        "D24c": ("DUR", date(2024, 4, 2), "full", "half"), "D25a": ("DUR", date(2025, 2, 2), "zero", "zero"),
        "D25b": ("DUR", date(2025, 3, 2), "zero", "zero"),
    }
    meetings = pd.DataFrame({
        "meeting_id": list(plan), "municipality_code": [p[0] for p in plan.values()],
        "meeting_date": [p[1] for p in plan.values()], "meeting_type": ["ordinary"] * len(plan),
    })
    observations = pd.DataFrame(
        [{"meeting_id": m, "indicator_code": "I01", "score": p[2]} for m, p in plan.items()]
        + [{"meeting_id": m, "indicator_code": "I02", "score": p[3]} for m, p in plan.items()])
    events = pd.DataFrame({
        "event_id": ["TW0", "TW1", "TW2", "TF1", "DW1"], "municipality_code": ["TIR", "TIR", "TIR", "TIR", "DUR"],
        "event_date": [date(2024, 5, 1), date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 3, 5)],
        "event_type": ["workshop", "workshop", "workshop", "forum", "workshop"], "title": ["a", "b", "c", "d", "e"],
    })
    people = [("TW0", "P1"), ("TW1", "P1"), ("TW1", "P2"), ("TW2", "P2"), ("TW2", "P3"), ("TF1", "P4"),
              ("DW1", "P1"), ("DW1", "P5")]
    attendance = pd.DataFrame({
        "event_id": [e for e, _ in people], "participant_code": [p for _, p in people],
        "sex": ["F"] * len(people), "age_band": ["18-29"] * len(people), "role": ["citizen"] * len(people),
    })
    outreach = pd.DataFrame({
        "municipality_code": ["TIR", "DUR", "TIR"], "month": [date(2025, 3, 1), date(2025, 4, 1), date(2024, 3, 1)],
        "channel": ["social", "radio", "social"], "people_reached": [1000, 234, 500],
    })
    contracts = pd.DataFrame({
        "contract_id": ["TIR-2023", "DUR-2023"], "municipality_code": ["TIR", "DUR"], "cycle": ["2023-2027"] * 2,
        "signatory_role": ["mayor_candidate"] * 2, "signatory": ["Kandidati", "Kandidati"],
        "signed_date": [date(2023, 4, 20)] * 2, "signed_when": ["before_election"] * 2,
    })
    priorities = pd.DataFrame({
        "priority_id": ["T-P1", "T-P2", "D-P1"], "contract_id": ["TIR-2023", "TIR-2023", "DUR-2023"],
        "pillar": ["infrastructure", "social", "governance"],
        "text_sq": ["Ndriçim publik në lagje", "Çerdhe të reja", "Dëgjesa publike për buxhetin"],
    })
    assessments = pd.DataFrame({
        "priority_id": ["T-P1", "T-P1", "T-P2", "D-P1"],
        "assessed_date": [date(2024, 9, 15), date(2025, 9, 15), date(2025, 9, 15), date(2025, 9, 15)],
        "status": ["partial", "full", "none", "partial"],
    })
    reports = pd.DataFrame({
        "report_id": ["TIR-R-2025", "DUR-R-2025"], "municipality_code": ["TIR", "DUR"],
        "published_date": [date(2025, 10, 1), date(2025, 10, 5)], "title": ["Raporti", "Raporti"],
    })
    recommendations = pd.DataFrame({
        "recommendation_id": ["T1", "T2", "D1", "D2"], "report_id": ["TIR-R-2025", "TIR-R-2025", "DUR-R-2025", "DUR-R-2025"],
        "text_sq": [recommendation_text, "Transmetoni live mbledhjet", recommendation_text, "Lejoni qytetarët të flasin"],
        "response": ["accepted", "no_answer", "partly", "rejected"],
        "response_date": [date(2025, 11, 1), None, date(2025, 11, 2), date(2025, 11, 3)],
    })
    return {"municipalities": municipalities, "memberships": memberships, "meetings": meetings,
            "meeting_observations": observations, "events": events, "attendance": attendance, "outreach": outreach,
            "social_contracts": contracts, "priorities": priorities, "assessments": assessments, "reports": reports,
            "recommendations": recommendations}


@pytest.fixture
def small_network(data_root):
    write_dataset(data_root, small_network_frames())
    return data_root


def test_key_figures_of_the_small_network(small_network):
    told = story.build_story(db.run, 2025, "sq")
    assert told.scope == "Rrjeti: 2 bashki" and told.municipalities == ("DUR", "TIR")
    assert [s.key for s in told.slides] == ["cover", "monitoring", "engagement", "transparency", "promises",
                                           "recommendations"]
    assert told.figures["meetings_monitored"] == 5
    assert told.figures["citizen_workshops"] == 3 and told.figures["public_forums"] == 1
    assert told.figures["unique_participants"] == 5
    engagement = {f.key: f.text for f in told.slide("engagement").figures}
    assert engagement["people_reached"] == "1.234"
    assert "Persona të arritur: 1.234 në 2025, nga 500 në 2024 (+147%)." in told.slide("engagement").bullets


def test_transparency_network_is_the_mean_of_sufficient_municipalities(small_network):
    slide = story.build_story(db.run, 2025, "sq").slide("transparency")
    figures = {f.key: f for f in slide.figures}
    assert figures["index_score"].text == "75" and figures["index_score"].note == "nga 100"
    assert figures["index_change"].text == "+25"
    assert figures["legal_minimum_score"].text == "100"
    assert figures["meetings_scored"].value == 5  # Durrës's two meetings still count as monitored
    assert slide.bullets[0] == "Indeksi u rrit nga 50 në 2024 në 75 në 2025 (+25 pikë)."
    assert "Mesatarja e 1 bashkive me të paktën 3 mbledhje të vlerësuara secila." in slide.bullets
    assert slide.chart.categories == ("2024", "2025")
    assert slide.chart.series[0].values == (50.0, 75.0)
    assert slide.chart.maximum == 100


def test_a_municipality_below_the_minimum_shows_insufficient_data(small_network):
    slide = story.build_story(db.run, 2025, "en", "DUR").slide("transparency")
    assert slide.figures[0].text == "–"
    assert slide.bullets == ("Insufficient data: 2 meetings scored, at least 3 needed.",)


def test_promises_addressed_and_open(small_network):
    told = story.build_story(db.run, 2025, "sq")
    slide = told.slide("promises")
    assert slide.title == "Premtimet e kontratës sociale 2023–2027"
    assert [(f.key, f.text, f.note) for f in slide.figures] == [
        ("full", "1", "33%"), ("partial", "1", "33%"), ("none", "1", "33%")]
    assert slide.bullets[0] == ("2 nga 3 premtime (67%) janë adresuar plotësisht ose pjesërisht, "
                                "sipas vlerësimit të datës 15 shtator 2025.")
    assert slide.bullets[1] == "Pikët e ponderuara: 50% (plotësisht = 1, pjesërisht = 0,5)."
    assert "U mbajt: Tiranë – Ndriçim publik në lagje" in slide.bullets
    assert "Ende e hapur: Tiranë – Çerdhe të reja" in slide.bullets
    assert told.results["promises_share"] == pytest.approx(2 / 3)
    pillars = dict(zip(slide.chart.categories, zip(*(s.values for s in slide.chart.series))))
    assert pillars["Infrastrukturë"] == (1.0, 0.0, 0.0)


def test_recommendations_and_answers(small_network):
    network = story.build_story(db.run, 2025, "sq").slide("recommendations")
    assert [f.text for f in network.figures] == ["4", "50%"]
    assert network.bullets[0] == "2 nga 4 rekomandime (50%) u pranuan plotësisht ose pjesërisht."
    assert network.bullets[1] == ("Publikoni procesverbalet: 2 rekomandime në 2 bashki "
                                  "(1 pranuar, 1 pranuar pjesërisht)")
    one = story.build_story(db.run, 2025, "en", "TIR").slide("recommendations")
    assert one.title == "Recommendations and the municipality's answers"
    assert "Publikoni procesverbalet (in Albanian): Accepted" in one.bullets
    assert "Transmetoni live mbledhjet (in Albanian): No answer" in one.bullets


def test_a_year_without_data_tells_no_story(small_network):
    told = story.build_story(db.run, 2021, "sq")
    assert not told.has_data and [s.key for s in told.slides] == ["cover"]


def test_choose_cycle_prefers_the_running_cycle_already_assessed():
    cycles = pd.DataFrame({"cycle_end": [2023, 2027], "cycle_start": [2019, 2023],
                           "first_assessed": [date(2020, 9, 15), date(2024, 9, 15)]})
    assert story.choose_cycle(cycles, 2023) == (2019, 2023)  # the new contracts had no assessment yet
    assert story.choose_cycle(cycles, 2025) == (2023, 2027)
    assert story.choose_cycle(cycles.iloc[:0], 2025) is None


def test_sample_story_tells_the_programme_card_figures(sample_root):
    sq = story.build_story(db.run, 2025, "sq", sample=True)
    en = story.build_story(db.run, 2025, "en", sample=True)
    texts = {f.key: f.text for s in sq.slides for f in s.figures}
    assert texts["meetings_monitored"] == "120"
    assert texts["unique_participants"] == "2.984" and texts["people_reached"] == "129.466"
    english = {f.key: f.text for s in en.slides for f in s.figures}
    assert english["unique_participants"] == "2,984" and english["people_reached"] == "129,466"
    assert sq.figures == en.figures and sq.results == en.results
    assert "Të dhëna shembull: shifrat nuk vijnë nga monitorimi i vërtetë." in sq.slides[0].bullets
    assert all(s.notes for s in sq.slides)
    assert "participant_code" not in {c for frame in sq.tables.values() for c in frame.columns}
