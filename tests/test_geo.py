"""Checks for the shipped Albania geometry and the loaders in popdash.geo."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so `pytest` works without install

from popdash import geo  # noqa: E402

COUNTIES = {
    "AL-01": "Berat",
    "AL-02": "Durrës",
    "AL-03": "Elbasan",
    "AL-04": "Fier",
    "AL-05": "Gjirokastër",
    "AL-06": "Korçë",
    "AL-07": "Kukës",
    "AL-08": "Lezhë",
    "AL-09": "Dibër",
    "AL-10": "Shkodër",
    "AL-11": "Tiranë",
    "AL-12": "Vlorë",
}


def signed_area(ring):
    """Shoelace formula on lon/lat: negative means clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def polygons(geometry):
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def square(lon, lat, clockwise):
    ring = [[lon, lat], [lon, lat + 0.1], [lon + 0.1, lat + 0.1], [lon + 0.1, lat], [lon, lat]]
    return ring if clockwise else ring[::-1]


def test_twelve_counties_with_albanian_names():
    features = geo.load_counties()["features"]
    assert {f["properties"]["code"]: f["properties"]["name_sq"] for f in features} == COUNTIES
    names = {f["properties"]["name_sq"] for f in features}
    assert "Korçë" in names and "Durrës" in names
    assert all(f["properties"]["name_en"] for f in features)


@pytest.mark.parametrize("loader", [geo.load_counties, geo.load_outline])
def test_rings_are_clockwise(loader):
    for feature in loader()["features"]:
        for polygon in polygons(feature["geometry"]):
            assert signed_area(polygon[0]) < 0, feature["properties"]
            assert all(signed_area(hole) > 0 for hole in polygon[1:])


def test_geometry_lies_in_albania():
    for feature in geo.load_outline()["features"]:
        for polygon in polygons(feature["geometry"]):
            assert all(19.0 < lon < 21.2 and 39.5 < lat < 42.8 for lon, lat in polygon[0])


@pytest.mark.parametrize("name", ["albania_counties.geojson", "albania_outline.geojson"])
def test_files_are_small(name):
    assert (geo.geo_dir() / name).stat().st_size < 150 * 1024


def test_empty_topojson_url_is_an_inline_empty_topology():
    assert geo.EMPTY_TOPOJSON_URL.startswith("data:application/json,")
    assert geo.EMPTY_TOPOJSON_URL.endswith("#")
    assert "http" not in geo.EMPTY_TOPOJSON_URL


def test_municipal_boundaries_absent(tmp_path):
    assert geo.load_municipal_boundaries(directory=tmp_path) is None


def test_municipal_boundaries_invalid(tmp_path):
    path = tmp_path / "municipalities.geojson"
    path.write_text("not json", encoding="utf-8")
    assert geo.load_municipal_boundaries(directory=tmp_path) is None
    path.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    assert geo.load_municipal_boundaries(directory=tmp_path) is None
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"pop": 1},
             "geometry": {"type": "Polygon", "coordinates": [square(19.8, 41.3, True)]}},
        ]}),
        encoding="utf-8",
    )
    assert geo.load_municipal_boundaries(directory=tmp_path) is None


def test_municipal_boundaries_normalised(tmp_path):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": "tir"},
             "geometry": {"type": "Polygon", "coordinates": [square(19.8, 41.3, True)]}},
            # Counter-clockwise (RFC 7946 style), found by name without diacritics.
            {"type": "Feature", "properties": {"name": "Korce"},
             "geometry": {"type": "MultiPolygon", "coordinates": [[square(20.7, 40.6, False)]]}},
            # Not monitored by the dashboard: dropped.
            {"type": "Feature", "properties": {"name": "Has"},
             "geometry": {"type": "Polygon", "coordinates": [square(20.4, 42.2, True)]}},
        ],
    }
    (tmp_path / "municipalities.geojson").write_text(json.dumps(collection), encoding="utf-8")

    result = geo.load_municipal_boundaries(name_to_code={"Korçë": "KOR"}, directory=tmp_path)

    assert result["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in result["features"]] == ["TIR", "KOR"]
    assert result["features"][1]["properties"]["name"] == "Korce"
    for feature in result["features"]:
        for polygon in polygons(feature["geometry"]):
            assert signed_area(polygon[0]) < 0
