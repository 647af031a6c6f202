"""The municipality map and the scorecard: the figure's shapes, markers and colour values, and
what a reader sees on both pages in both languages (AppTest on the sample data)."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from popdash import db, geo, mapping, store, transparency
from popdash.formatting import format_number
from popdash.i18n import Translator
from popdash.safe_text import escape_markdown
from popdash.ui import members_by_year

SAMPLE_YEARS = (2023, 2024, 2025)
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def map_frame(year):
    members = members_by_year(store.current_version())[year]
    return mapping.map_frame(
        db.run("municipalities"),
        db.run("transparency_index_by_municipality", municipalities=members, **transparency.rubric_params()),
        db.run("priorities_addressed_by_municipality", year=year, municipalities=members),
        db.run("participants_by_municipality", year=year, municipalities=members),
        year, members,
    )


def marker_traces(fig):
    return [tr for tr in fig.data if tr.type == "scattergeo"]


def test_map_has_the_counties_and_one_marker_per_member(sample_root):
    frame = map_frame(2025)
    fig = mapping.build_municipality_map(frame, "index", Translator("sq"), geo.load_counties())
    counties = fig.data[0]
    assert counties.type == "choropleth" and len(counties.locations) == 12
    assert counties.hoverinfo == "skip"  # the grey base is context, not clickable
    markers = marker_traces(fig)
    codes = [c for tr in markers for c in tr.customdata]
    assert sorted(codes) == sorted(frame.municipality_code) and len(codes) == 10
    # Colour values are the whole-number index of each sufficient municipality.
    valued = next(tr for tr in markers if tr.marker.colorscale is not None)
    expected = frame.set_index("municipality_code").index_score.round(0)
    assert list(valued.marker.color) == [expected[c] for c in valued.customdata]
    assert (valued.marker.cmin, valued.marker.cmax) == (0, 100)
    assert valued.marker.colorbar.title.text == "Indeksi (0–100)"
    assert len(fig.to_json().encode()) < 500_000


def test_insufficient_municipalities_are_hollow_and_say_so(sample_root):
    frame = map_frame(2023)
    fig = mapping.build_municipality_map(frame, "index", Translator("en"), geo.load_counties())
    hollow = next(tr for tr in marker_traces(fig) if tr.marker.colorscale is None)
    assert list(hollow.customdata) == ["KAM"]  # 2 meetings in 2023
    assert hollow.marker.color == "#ffffff"
    assert hollow.text[0] == "Kamëz · insufficient data"
    assert "Transparency index: insufficient" in hollow.hovertext[0]
    assert "Based on 2 meetings" in hollow.hovertext[0]


def test_other_measures_colour_by_their_own_values(sample_root):
    frame = map_frame(2025)
    for measure, column, scale in (("priorities", "share_addressed", 100), ("participants", "participants_per_thousand", 1)):
        fig = mapping.build_municipality_map(frame, measure, Translator("en"), geo.load_counties())
        valued = marker_traces(fig)[0]
        expected = frame.set_index("municipality_code")[column] * scale
        assert list(valued.marker.color) == pytest.approx([expected[c] for c in valued.customdata])
    # The participants scale runs to a round number above the highest rate.
    assert mapping.color_range(pd.Series([3.3, 29.5]), "participants") == (0.0, 30.0)


def test_label_positions_keep_close_neighbours_apart():
    positions = mapping.LABEL_POSITIONS
    for a, b in (("SHK", "VDE"), ("VDE", "PUK"), ("TIR", "DUR"), ("TIR", "KAM")):
        assert positions[a] != positions[b]


def test_municipal_boundaries_replace_markers_with_a_choropleth(sample_root):
    frame = map_frame(2025)
    squares = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code},
         "geometry": {"type": "Polygon", "coordinates": [[[lon, lat], [lon, lat + 0.1], [lon + 0.1, lat + 0.1],
                                                          [lon + 0.1, lat], [lon, lat]]]}}
        for code, lat, lon in zip(frame.municipality_code, frame.seat_lat, frame.seat_lon)]}
    fig = mapping.build_municipality_map(frame, "index", Translator("sq"), geo.load_counties(), squares)
    shapes = [tr for tr in fig.data if tr.type == "choropleth"][1:]
    assert sorted(c for tr in shapes for c in tr.locations) == sorted(frame.municipality_code)
    assert all(tr.mode == "text" for tr in marker_traces(fig))  # labels only, no markers


def test_a_clicked_point_gives_its_municipality():
    assert mapping.selected_code({"selection": {"points": [{"customdata": "SHK", "lat": 42.0}]}}) == "SHK"
    assert mapping.selected_code({"selection": {"points": [{"location": "PUK"}]}}) == "PUK"
    assert mapping.selected_code({"selection": {"points": []}}) is None
    assert mapping.selected_code(None) is None


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
