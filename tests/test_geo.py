"""Checks for the shipped Albania geometry and the loaders in popdash.views.geometry."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so `pytest` works without install

from popdash.views import geometry as geo  # noqa: E402

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


def test_municipal_boundaries_absent_or_unreadable(tmp_path):
    """No boundary layer, or a broken one: the loader says None and the pages draw no polygons."""
    assert geo.load_municipalities(directory=tmp_path) is None
    (tmp_path / geo.MUNICIPALITIES_FILE).write_text("not json", encoding="utf-8")
    assert geo.load_municipalities(directory=tmp_path) is None


def test_shipped_municipalities_are_clockwise_with_codes_and_names():
    """Name matching and ring orientation happen when a file is imported (tests/test_geo_import.py);
    the shipped layer is the result of the same code."""
    features = geo.load_municipalities()["features"]
    assert len(features) == 61
    assert all(f["properties"]["code"] and f["properties"]["name_sq"] for f in features)
    for feature in features:
        for polygon in polygons(feature["geometry"]):
            assert signed_area(polygon[0]) < 0, feature["properties"]["code"]
