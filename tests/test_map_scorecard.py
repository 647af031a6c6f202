"""The municipality map and the scorecard: the figure's shapes, markers and colour values, and
what a reader sees on both pages in both languages (AppTest on the sample data)."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from popdash.app.shell import members_by_year
from popdash.data import db, store
from popdash.i18n import Translator
from popdash.i18n.numbers import format_number
from popdash.i18n.safe_text import escape_markdown
from popdash.views import geometry, municipal_map, transparency

SAMPLE_YEARS = (2023, 2024, 2025)
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def map_frame(year):
    members = members_by_year(store.current_version())[year]
    return municipal_map.map_frame(
        db.run("municipalities"),
        db.run("transparency_index_by_municipality", municipalities=members, **transparency.rubric_params()),
        db.run("priorities_addressed_by_municipality", year=year, municipalities=members),
        db.run("participants_by_municipality", year=year, municipalities=members),
        year, members,
    )


def draw(frame, measure="index", lang="sq", year=2025, layer=None):
    members = members_by_year(store.current_version())
    return municipal_map.build_municipality_map(
        frame, measure, Translator(lang), layer or geometry.load_municipalities(), geometry.load_counties(), geometry.load_outline(),
        year, former=municipal_map.former_members(members, year))


def shapes(fig):
    """The choropleth traces by name: others, the measure, no value."""
    return {tr.name: tr for tr in fig.data if tr.type == "choropleth"}


def test_map_draws_every_municipality_with_the_members_coloured(sample_root):
    frame = map_frame(2025)
    fig = draw(frame)
    traces = shapes(fig)
    others, valued = traces["others"], traces["Indeksi i transparencës"]
    assert len(others.locations) == 61 - 10 and not set(others.locations) & set(frame.municipality_code)
    assert sorted(valued.locations) == sorted(frame.municipality_code)
    # Colour values are the whole-number index of each municipality.
    expected = frame.set_index("municipality_code").index_score.round(0)
    assert list(valued.z) == [expected[c] for c in valued.locations]
    assert (valued.zmin, valued.zmax) == (0, 100)
    assert valued.colorbar.title.text == "Indeksi i transparencës (0–100), 2025"
    # Each polygon goes to the browser once, in the trace that draws it.
    sent = [f["properties"]["code"] for tr in traces.values() for f in tr.geojson["features"]]
    assert sorted(sent) == sorted(f["properties"]["code"] for f in geometry.load_municipalities()["features"])
    assert others.hoverinfo is None and "Jo në program në 2025" in others.text[0]
    assert "OpenStreetMap" in fig.layout.annotations[0].text
    assert len(fig.to_json().encode()) < 500_000


def test_former_members_say_until_when(sample_root):
    others = shapes(draw(map_frame(2025), lang="en"))["others"]
    hover = dict(zip(others.locations, others.text))
    assert "In the programme until 2023" in hover["KAM"] and "In the programme until 2023" in hover["POG"]
    assert "Not in the programme in 2025" in hover["BER"]


def test_insufficient_municipalities_are_white_and_say_so(sample_root):
    fig = draw(map_frame(2023), lang="en", year=2023)
    hollow = shapes(fig)["No value"]
    assert list(hollow.locations) == ["KAM"]  # 2 meetings in 2023
    assert hollow.colorscale[0][1] == municipal_map.NO_VALUE_FILL
    assert "Transparency index: insufficient" in hollow.text[0] and "Based on 2 meetings" in hollow.text[0]
    labels = next(tr for tr in fig.data if tr.name == "labels")
    assert "Kamëz · insufficient data" in labels.text
    assert len(shapes(fig)["others"].locations) == 61 - 12  # Kamëz and Pogradec were members in 2023


def test_other_measures_colour_by_their_own_values(sample_root):
    frame = map_frame(2025)
    for measure, column, scale in (("priorities", "share_addressed", 100), ("participants", "participants_per_thousand", 1)):
        valued = shapes(draw(frame, measure, "en"))[Translator("en")(f"map.measure.{measure}")]
        expected = frame.set_index("municipality_code")[column] * scale
        assert list(valued.z) == pytest.approx([expected[c] for c in valued.locations])
    # The participants scale runs to a round number above the highest rate.
    assert municipal_map.color_range(pd.Series([3.3, 29.5]), "participants") == (0.0, 30.0)


def test_label_positions_keep_close_neighbours_apart():
    positions = municipal_map.LABEL_POSITIONS
    for a, b in (("SHK", "VDE"), ("VDE", "PUK"), ("TIR", "DUR"), ("TIR", "KAM")):
        assert positions[a] != positions[b]


def test_a_member_missing_from_the_layer_is_drawn_at_its_seat(sample_root):
    frame = map_frame(2025)
    layer = geometry.load_municipalities()
    without_puke = {**layer, "features": [f for f in layer["features"] if f["properties"]["code"] != "PUK"]}
    fig = draw(frame, layer=without_puke)
    seats = next(tr for tr in fig.data if tr.name == "seats")
    assert list(seats.customdata) == ["PUK"]
    assert "PUK" not in shapes(fig)["Indeksi i transparencës"].locations


def test_band_colours_follow_the_rubric_bands():
    low, medium, high = municipal_map.BAND_COLORS
    assert [municipal_map.band_color(v) for v in (0, 39, 40, 69, 70, 100)] == [low, low, medium, medium, high, high]
    assert municipal_map.band_color(None) == municipal_map.NO_VALUE_FILL


def test_a_clicked_point_gives_its_municipality():
    assert municipal_map.selected_code({"selection": {"points": [{"customdata": "SHK", "lat": 42.0}]}}) == "SHK"
    assert municipal_map.selected_code({"selection": {"points": [{"location": "PUK"}]}}) == "PUK"
    assert municipal_map.selected_code({"selection": {"points": []}}) is None
    assert municipal_map.selected_code(None) is None


def app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def url_param(at, name):
    """A query parameter as the URL carries it (AppTest keeps a list or a plain string)."""
    value = at.query_params[name]
    return value[-1] if isinstance(value, list) else value


def text_of(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_map_page_shows_the_ranking_takeaway(sample_root, lang):
    at = app(lang=lang).run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == {"sq": "Harta e bashkive", "en": "Map of the municipalities"}[lang]
    frame = map_frame(2025)
    top = frame.sort_values("index_score").iloc[-1]
    name = top.name_sq if lang == "sq" else top.name_en
    assert f"{name} ({format_number(top.index_score, lang)})" in text_of(at)
    at.segmented_control(key="map_measure").set_value("participants").run()
    best = frame.sort_values("participants_per_thousand").iloc[-1]
    assert f"({format_number(best.participants_per_thousand, lang, 1)})" in text_of(at)


def test_choosing_on_the_map_opens_the_scorecard(sample_root):
    at = app().run()
    at.switch_page("pages/map.py").run()
    at.selectbox(key="map_open_choice").set_value("PUK").run()
    assert not at.exception
    assert at.title[0].value == "Bashkia Pukë"
    assert url_param(at, "municipality") == "PUK"


def check_scorecard(at, row, year, lang):
    """The page shows the municipality's name, its partner and its index (or 'insufficient')."""
    assert not at.exception, (row.municipality_code, [e.value for e in at.exception])
    name = row.name_sq if lang == "sq" else row.name_en
    assert at.title[0].value == (f"Bashkia {name}" if lang == "sq" else f"{name} Municipality")
    # Data text is escaped for markdown: "Shpresë (IRSH)" is sent as "Shpresë \\(IRSH\\)".
    assert escape_markdown(row.partner_sq if lang == "sq" else row.partner_en) in at.markdown[0].value
    index = db.run("transparency_index_by_municipality", municipalities=[row.municipality_code],
                   **transparency.rubric_params())
    current = transparency.year_row(index, year)
    metric = next(m for m in at.metric if m.label == Translator(lang)("index.index_score"))
    if current.sufficient:
        assert metric.value == format_number(current.index_score, lang)
    else:
        assert metric.value == "–" and metric.delta == Translator(lang)("index.insufficient")


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_every_municipality_has_a_scorecard(sample_root, lang):
    """Each of the 10 current municipalities in 2025, then Kamëz and Pogradec (members until
    2023) in 2023, chosen one after the other with the page's own selector."""
    municipalities = db.run("municipalities").set_index("municipality_code", drop=False)
    members = members_by_year(store.current_version())
    at = app(lang=lang).run()
    at.switch_page("pages/scorecard.py").run()
    seen = set()
    for year in (2025, 2023):
        at.sidebar.selectbox(key="year").set_value(year).run()
        for code in members[year]:
            if code in seen:
                continue
            at.selectbox(key="scorecard_choice").set_value(code).run()
            check_scorecard(at, municipalities.loc[code], year, lang)
            seen.add(code)
    assert seen == set(municipalities.index)


def test_a_shared_link_opens_that_scorecard(sample_root):
    at = app(municipality="SHK").run()
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception
    assert at.title[0].value == "Bashkia Shkodër"
    assert escape_markdown("Intelektualët e Rinj, Shpresë (IRSH)") in at.markdown[0].value
    index = db.run("transparency_index_by_municipality", municipalities=["SHK"], **transparency.rubric_params())
    expected = transparency.year_row(index, 2025)
    metrics = {m.label: m for m in at.metric}
    assert metrics["Indeksi i transparencës"].value == format_number(expected.index_score, "sq")
    assert metrics["Mbledhje të monitoruara"].value == str(int(expected.meetings))
    assert url_param(at, "municipality") == "SHK"


def test_insufficient_data_is_said_not_scored(sample_root):
    at = app(lang="en", year="2023", municipality="KAM").run()
    at.switch_page("pages/scorecard.py").run()
    metrics = {m.label: m for m in at.metric}
    assert metrics["Transparency index"].value == "–"
    assert metrics["Transparency index"].delta == "Insufficient data"
    assert "Insufficient data for 2023: Kamëz has 2 monitored meetings; at least 3 are needed." in text_of(at)


def test_without_a_choice_the_scorecard_asks_and_then_carries_it_in_the_url(sample_root):
    at = app(lang="en").run()
    at.switch_page("pages/scorecard.py").run()
    assert at.title[0].value == "Municipality scorecard"
    assert "municipality" not in at.query_params
    index = db.run("transparency_index_by_municipality", municipalities=["KUK"], **transparency.rubric_params())
    assert at.button(key="scorecard_pick_KUK").label == f"Kukës · {format_number(index.index_score.iloc[-1], 'en')}"
    at.selectbox(key="scorecard_choice").set_value("VLO").run()
    assert not at.exception
    assert at.title[0].value == "Vlorë Municipality"
    assert url_param(at, "municipality") == "VLO"
    at.sidebar.multiselect(key="municipality").set_value([]).run()
    at.button(key="scorecard_pick_KUK").click().run()
    assert at.title[0].value == "Kukës Municipality" and url_param(at, "municipality") == "KUK"


def test_no_participant_code_reaches_the_scorecard(sample_root):
    at = app(municipality="TIR").run()
    at.switch_page("pages/scorecard.py").run()
    assert "P-0" not in text_of(at)
    for name in ("participants_by_municipality", "events_by_municipality_type"):
        frame = db.run(name, year=2025, municipalities=["TIR"])
        assert "participant_code" not in frame.columns


def test_the_scorecards_tables_are_cut_and_joined_in_the_view():
    from popdash.views import scorecard

    index = pd.DataFrame({"year": [2023, 2024, 2025], "index_score": [40.0, None, 71.5], "meetings": [4, 1, 6]})
    network = pd.DataFrame({"year": [2024, 2025], "index_score": [55.0, 60.25], "municipalities": [9, 10],
                            "coverage": [0.9, 0.8]})
    trend = scorecard.trend_table(index, network)
    assert list(trend.columns) == ["year", "index_score", "meetings", "index_score_network", "municipalities"]
    assert trend.index_score_network.tolist()[1:] == [55.0, 60.25] and pd.isna(trend.index_score_network[0])
    assert trend.municipalities.fillna(0).tolist() == [0, 9, 10] and trend.index_score[2] == 71.5
    assert scorecard.of_year(index, 2025).meetings.tolist() == [6]
    assert scorecard.of_year(index, 2019).empty
    observed = pd.DataFrame({"indicator_code": ["a", "b"], "opportunities": [0, 3]})
    assert scorecard.has_indicators(observed)
    assert not scorecard.has_indicators(observed.assign(opportunities=0))
    assert not scorecard.has_indicators(observed.iloc[0:0])
    assert scorecard.two_columns(["1", "2", "3"]) == (["1", "2"], ["3"])
    assert scorecard.two_columns(["1", "2", "3", "4"]) == (["1", "2"], ["3", "4"])
    assert scorecard.two_columns([]) == ([], [])
