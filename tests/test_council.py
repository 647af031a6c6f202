"""Council monitoring: the queries and figures of pages/council.py on a small hand-made fixture
(two municipalities, four meetings in 2025 and one in 2024), checked against values worked
out by hand, and the page itself through AppTest."""
import base64
import io
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from browser_support import captured_media
from conftest import write_dataset
from pages import APP, metrics
from popdash.data import db
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number
from popdash.views import council, listing, transparency

BOTH = ["TIR", "FIE"]
SCORES = {  # meeting -> scores of I01..I08, as the monitor recorded them
    "TIR-2025-01-10": ["full", "full", "full", "zero", "half", "full", "full", "not_observed"],
    "TIR-2025-02-12": ["zero", "half", "full", "zero", "zero", "full", "zero", "half"],
    "TIR-2025-03-20": ["full", "full", "full", "half", "full", "full", "half", "full"],
    "FIE-2025-02-20": ["half", "zero", "full", "zero", "zero", "half", "zero", "zero"],
    "TIR-2024-06-05": ["full"] * 8,
}


def municipalities() -> pd.DataFrame:
    return pd.DataFrame({
        "municipality_code": ["TIR", "FIE"], "name_sq": ["Tiranë", "Fier"], "name_sq_definite": ["Tirana", "Fieri"],
        "name_en": ["Tirana", "Fier"], "county_code": ["AL-11", "AL-04"], "seat_lat": [41.33, 40.72],
        "seat_lon": [19.82, 19.56], "population": [598176, 107290],
    })


def memberships() -> pd.DataFrame:
    return pd.DataFrame({
        "municipality_code": ["TIR", "FIE"], "start_year": [2024, 2024], "end_year": [2027, 2027],
        "partner_sq": ["Qendra Aleanca Gjinore për Zhvillim", "Qendra Rinore \"Epoka e Re\""],
        "partner_en": ["Gender Alliance for Development Center", "Youth Center \"New Epoch\""],
    })


def meetings() -> pd.DataFrame:
    ids = list(SCORES)
    return pd.DataFrame({
        "meeting_id": ids,
        "municipality_code": [i[:3] for i in ids],
        "meeting_date": pd.to_datetime([i[4:] for i in ids]).date,
        "meeting_type": ["ordinary", "extraordinary", "ordinary", "ordinary", "ordinary"],
        "notice_days": [6, 2, 7, 5, 8],
        "decisions_published_days": [5, 12, None, 30, 4],
        "evidence": ["https://example.org/tir/1", "Njoftim në tabelën e bashkisë", "https://example.org/tir/3",
                     "https://example.org/fie/1", None],
    })


def observations() -> pd.DataFrame:
    rows = [(m, f"I0{i + 1}", s, "Procesverbali mungon" if (m, i) == ("FIE-2025-02-20", 7) else None)
            for m, scores in SCORES.items() for i, s in enumerate(scores)]
    return pd.DataFrame(rows, columns=["meeting_id", "indicator_code", "score", "evidence"])


def period_observations() -> pd.DataFrame:
    rows = [("TIR", 2025, "I09", "half"), ("TIR", 2025, "I10", "full"), ("TIR", 2025, "I11", "full"),
            ("TIR", 2025, "I12", "zero"), ("FIE", 2025, "I09", "zero"), ("FIE", 2025, "I10", "zero"),
            ("FIE", 2025, "I11", "not_observed"), ("FIE", 2025, "I12", "full")]
    frame = pd.DataFrame(rows, columns=["municipality_code", "year", "indicator_code", "score"])
    return frame.assign(evidence=None)


@pytest.fixture
def council_root(data_root):
    write_dataset(data_root, {
        "municipalities": municipalities(), "memberships": memberships(), "meetings": meetings(),
        "meeting_observations": observations(), "period_observations": period_observations(),
    })
    return data_root


def year_scores(year=2025, municipalities=BOTH) -> pd.DataFrame:
    raw = db.run("indicator_scores_by_municipality", municipalities=municipalities, **transparency.rubric_params())
    return council.scores_for_year(raw, year)


def test_meetings_by_month_and_the_months_without_one(council_root):
    by_month = db.run("meetings_by_municipality_month", year=2025, municipalities=BOTH)
    assert len(by_month) == 24  # both municipalities, all twelve months
    grid = by_month.set_index(["municipality_code", "month"]).meetings
    assert grid["TIR", 1] == 1 and grid["TIR", 2] == 1 and grid["TIR", 3] == 1 and grid["FIE", 2] == 1
    assert grid.sum() == 4
    assert by_month.set_index(["municipality_code", "month"]).extraordinary["TIR", 2] == 1
    summary = council.meetings_summary(by_month)
    # Data runs to March: Fier has no monitored meeting in January and March; April on is not counted.
    assert (summary["meetings"], summary["municipalities"], summary["last_month"], summary["gap_months"]) == (4, 2, 3, 2)
    text = council.describe_meetings(by_month, Translator("en"), {"TIR": "Tirana", "FIE": "Fier"}, 2025)
    assert text.startswith("4 meetings monitored in 2025 in 2 municipalities; most in Tirana (3).")
    assert "1 municipalities have months without any monitored meeting (2 months in all)" in text


def test_share_of_meetings_meeting_each_duty(council_root):
    network = council.indicator_shares(year_scores()).set_index("indicator_code")
    # I01: full at two meetings, half at one, zero at one.
    assert network.loc["I01", ["observed", "n_full", "n_half"]].tolist() == [4, 2, 1]
    assert network.loc["I01", "share_full"] == pytest.approx(0.5)
    assert network.loc["I01", "share_half"] == pytest.approx(0.25)
    # I08 was not observed at Tirana's January meeting: 3 observed, one full, one half.
    assert network.loc["I08", "observed"] == 3
    assert network.loc["I08", "share_full"] == pytest.approx(1 / 3)
    assert network.loc["I03", "share_full"] == 1.0 and network.loc["I04", "share_full"] == 0.0
    # Period-level: one observation per municipality; Fier's I11 was not observed.
    assert network.loc["I10", "share_full"] == pytest.approx(0.5)
    assert network.loc["I11", "observed"] == 1 and network.loc["I11", "share_full"] == 1.0
    tirana = council.indicator_shares(year_scores(), "TIR").set_index("indicator_code")
    assert tirana.loc["I01", "share_full"] == pytest.approx(2 / 3)
    assert tirana.loc["I08", "share_full"] == pytest.approx(0.5)


def test_takeaways_name_the_best_and_worst(council_root):
    scores = year_scores()
    t = Translator("sq")
    text = council.describe_indicators(council.indicator_shares(scores), t, "Rrjeti")
    assert "«Mbledhje e hapur» (100% e mbledhjeve)" in text and "«Transmetim ose regjistrim» (0%)" in text
    # Tirana's mean share in full over I01-I08 is 4.5 / 8 = 56%.
    heat = council.describe_heatmap(scores, scores, t, {"TIR": "Tiranë", "FIE": "Fier"})
    assert heat.startswith("Tiranë i përmbushi detyrimet më shpesh (mesatarisht 56% e mbledhjeve plotësisht)")
    assert "Më rrallë: Fier" in heat
    # One municipality is compared with the network: Fier met one of its eight meeting duties
    # in full (I03), 12.5% rounded half to even.
    fier = scores[scores.municipality_code == "FIE"]
    one = council.describe_heatmap(fier, scores, Translator("en"), {"FIE": "Fier"})
    network_mean = council.indicator_shares(scores).query("level == 'meeting'").share_full.mean()
    assert one == f"Fier: on average 12% of meetings met the duties in full (network: {network_mean:.0%})."


def test_heat_map_has_a_network_column_and_the_legal_minimums_marked(council_root):
    scores = year_scores()
    t = Translator("en")
    fig = council.build_indicator_heatmap(scores, scores, t, {"TIR": "Tirana", "FIE": "Fier"}, council.legal_minimum_codes(scores))
    trace = fig.data[0]
    assert list(trace.x) == ["Fier", "Tirana", "Network"]
    assert trace.y[0] == "I01 · Notice ≥ 5 days before §" and trace.y[1] == "I02 · Agenda online"
    assert trace.z[0][1] == pytest.approx(2 / 3) and trace.z[0][2] == pytest.approx(0.5)
    assert trace.text[0][1] == "67%"
    assert council.legal_minimum_codes(scores) == {"I01", "I03", "I06", "I07", "I08", "I09"}


def test_meetings_list_search_is_bound_and_forgiving(council_root):
    def found(text):
        return db.run("meetings_list", year=2025, municipalities=BOTH, search=text).meeting_id.tolist()

    assert len(found("")) == 4
    assert found("fier") == ["FIE-2025-02-20"]
    assert len(found("tirane")) == 3  # no diacritics needed
    assert sorted(found("2025-02")) == ["FIE-2025-02-20", "TIR-2025-02-12"]
    assert found("12.02.2025") == ["TIR-2025-02-12"]
    assert found("tabelën") == ["TIR-2025-02-12"]  # the meeting's evidence note
    assert found("procesverbali") == ["FIE-2025-02-20"]  # an observation's evidence
    assert found("%") == [] and found("'; drop view meetings; --") == []
    listed = db.run("meetings_list", year=2025, municipalities=BOTH, search="").set_index("meeting_id")
    assert listed.loc["TIR-2025-02-12", "evidence_url"] is None or pd.isna(listed.loc["TIR-2025-02-12", "evidence_url"])
    assert listed.loc["TIR-2025-02-12", "evidence_note"] == "Njoftim në tabelën e bashkisë"
    assert listed.loc["TIR-2025-01-10", ["met_full", "met_half", "not_met"]].tolist() == [5, 1, 1]
    table = council.meetings_table(listed.reset_index(), Translator("sq"))
    assert table.loc[0, "type"] in {"E zakonshme", "E jashtëzakonshme"}
    assert set(table.I01) <= {"✓", "½", "✗", "–"}


def test_index_trend_marks_insufficient_points(council_root):
    params = transparency.rubric_params()
    index = db.run("transparency_index_by_municipality", municipalities=BOTH, **params)
    network = db.run("transparency_index_network", **params)
    fig = council.build_index_trend(index, network, Translator("en"), {"TIR": "Tirana", "FIE": "Fier"})
    names = [trace.name for trace in fig.data]
    assert names[-1] == "Network average" and fig.data[-1].line.width == 5
    fier = fig.data[names.index("Fier")]
    assert list(fier.marker.symbol) == ["circle-open"]  # one meeting: below the minimum of 3
    tirana = fig.data[names.index("Tirana")]
    # 2024: one meeting (insufficient, hollow); 2025: three meetings.
    assert list(tirana.x) == ["2024", "2025"] and list(tirana.marker.symbol) == ["circle-open", "circle"]


def test_trend_takeaway_compares_only_sufficient_scores():
    t = Translator("en")
    names = {"TIR": "Tirana", "FIE": "Fier", "SHK": "Shkodër"}
    network = pd.DataFrame({"year": [2023, 2024, 2025], "index_score": [50.0, 55.0, 61.0]})
    index = pd.DataFrame({
        "year": [2023, 2025, 2023, 2025, 2023, 2025],
        "municipality_code": ["TIR", "TIR", "FIE", "FIE", "SHK", "SHK"],
        "index_score": [60.0, 70.0, 40.0, 58.0, 30.0, 90.0],
        "sufficient": [True, True, True, True, False, True],  # Shkodër's 2023 rests on too few meetings
    })
    assert council.describe_trend(index, network, t, names, 2025) == (
        "The network's index in 2025: 61 out of 100 (2023: 50). Biggest improvement: Fier (+18 points since 2023).")
    falling = index.assign(index_score=[60.0, 55.0, 40.0, 38.0, 30.0, 20.0])
    assert council.describe_trend(falling, network, t, names, 2025).endswith("No municipality's index has risen since 2023.")
    one = index[index.municipality_code == "FIE"]
    assert council.describe_trend(one, network, t, names, 2025).endswith("Fier: from 40 in 2023 to 58 in 2025 (+18 points).")
    assert council.describe_trend(index, network, t, names, 2023) == "The network's index in 2023: 50 out of 100."


def app(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()



def figures(at) -> dict[str, dict]:
    return {c.key: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def array(value) -> np.ndarray:
    """A trace's data array from the figure JSON (Plotly writes numeric arrays as typed base64)."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = [int(n) for n in str(value.get("shape", len(data))).split(",")]
        return data.reshape(shape)
    return np.array(value, dtype=object)


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_renders_with_charts_populated(council_root, lang):
    at = app(lang=lang).switch_page("pages/council.py").run()
    assert not at.exception, [e.value for e in at.exception]
    t = Translator(lang)
    assert at.title[0].value == t("council.title")
    values = metrics(at)
    assert values[t("council.metric_meetings")] == "4"
    assert values[t("council.metric_municipalities")] == "2"
    assert values[t("council.metric_gap_months")] == "2"
    network = db.run("transparency_index_network", **transparency.rubric_params()).set_index("year")
    assert values[t("council.metric_index")] == format_number(network.loc[2025, "index_score"], lang)
    charts = figures(at)
    assert set(charts) == {"council_months", "council_indicators", "council_heatmap", "council_trend"}
    assert array(charts["council_months"]["data"][0]["z"]).astype(float).sum() == 4
    assert array(charts["council_indicators"]["data"][0]["x"])[2] == 1.0  # I03 met in full at every meeting
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 4
    assert len(at.get("download_button")) == 5


def test_filters_change_the_figures(council_root):
    at = app(lang="en").switch_page("pages/council.py").run()
    at.sidebar.selectbox(key="year").set_value(2024).run()
    assert metrics(at)["Meetings monitored"] == "1"
    assert len(at.dataframe[0].value) == 1
    at.sidebar.selectbox(key="year").set_value(2025).run()
    at.sidebar.multiselect(key="municipality").set_value(["FIE"]).run()
    assert metrics(at)["Meetings monitored"] == "1"
    expected = db.run("meetings_list", year=2025, municipalities=["FIE"], search="")
    assert at.dataframe[0].value.municipality.tolist() == expected.name_en.tolist()
    # Fier beside the whole network: I01 half-met at Fier's one meeting, 2 of 4 in full network-wide.
    heat = figures(at)["council_heatmap"]["data"][0]
    assert heat["x"] == ["Fier", "Network"]
    assert array(heat["z"]).astype(float)[0].tolist() == [0.0, 0.5]


def test_search_box_narrows_the_list(council_root):
    at = app(lang="sq").switch_page("pages/council.py").run()
    at.text_input(key="council_search").input("tirane").run()
    shown = at.dataframe[0].value
    assert len(shown) == 3 and set(shown.municipality) == {"Tiranë"}
    at.text_input(key="council_search").input("nothingsimilar").run()
    assert len(at.dataframe) == 0
    assert any("«nothingsimilar»" in i.value for i in at.info)
    # What a reader types is echoed as text, never as a link or an image.
    at.text_input(key="council_search").input("[x](http://evil.example)").run()
    assert any(r"«\[x\]\(http\:\/\/evil\.example\)»" in i.value for i in at.info)


def download_rows(media, at, key: str) -> pd.DataFrame:
    """The rows of a page's CSV download, read from the bytes the button would send."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    return pd.read_csv(io.BytesIO(media.payload(button)), encoding="utf-8-sig")


def test_a_long_list_draws_its_newest_rows_and_downloads_them_all(council_root, monkeypatch):
    monkeypatch.setattr(listing, "LIST_ROWS", 2)
    with captured_media() as media:
        at = app(lang="en").switch_page("pages/council.py").run()
        assert not at.exception, [e.value for e in at.exception]
        shown = at.dataframe[0].value
        # The query's order: newest first, so the two most recent meetings of the four.
        assert shown.date.astype(str).tolist() == ["2025-03-20", "2025-02-20"]
        assert shown.municipality.tolist() == ["Tirana", "Fier"]
        t = Translator("en")
        assert t("council.list_cut", shown="2", n="4") in [c.value for c in at.caption]
        assert any(c.value.startswith("4 meetings") for c in at.caption)  # the count is of the whole list
        assert download_rows(media, at, "download_council_meetings").meeting_id.tolist() == [
            "TIR-2025-03-20", "FIE-2025-02-20", "TIR-2025-02-12", "TIR-2025-01-10"]
        # The search narrows the list before it is cut: three Tirana meetings, two drawn.
        at.text_input(key="council_search").input("tirane").run()
        assert at.dataframe[0].value.date.astype(str).tolist() == ["2025-03-20", "2025-02-12"]
        assert t("council.list_cut", shown="2", n="3") in [c.value for c in at.caption]
        assert len(download_rows(media, at, "download_council_meetings")) == 3


def test_a_short_list_is_drawn_whole_without_the_note(council_root):
    at = app(lang="sq").switch_page("pages/council.py").run()
    assert len(at.dataframe[0].value) == 4
    assert not any("Shfaqen" in c.value for c in at.caption)


def test_indicator_scope_shows_one_municipality(council_root):
    at = app(lang="en").switch_page("pages/council.py").run()
    at.selectbox(key="council_scope").set_value("TIR").run()
    bars = figures(at)["council_indicators"]["data"][0]
    assert array(bars["x"])[0] == pytest.approx(2 / 3)  # I01 fully met at two of Tirana's three meetings
    assert any(m.value.startswith("Tirana: at meetings") for m in at.markdown)


def test_meetings_without_observations_show_empty_states(data_root):
    write_dataset(data_root, {"municipalities": municipalities(), "memberships": memberships(), "meetings": meetings()})
    at = app(lang="en").switch_page("pages/council.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert metrics(at)["Meetings monitored"] == "4"
    assert set(figures(at)) == {"council_months"}  # indicators, heat map and trend have nothing to show
    no_data = Translator("en")("common.no_data")
    assert sum(i.value == no_data for i in at.info) == 3
