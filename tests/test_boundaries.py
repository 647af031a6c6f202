"""The shipped municipal boundaries against their sources: the unit layer, the crosswalk and the
reference list (areas, seats). Importing other files: tests/test_geo_import.py."""

import geopandas as gpd
import pandas as pd
import pytest

from popdash.ingest import boundaries
from popdash.views import geometry as geo

SOURCE = geo.geo_dir() / "source" / "geoBoundaries-ALB-ADM3_simplified.topojson"


@pytest.fixture(scope="module")
def shipped() -> gpd.GeoDataFrame:
    return gpd.read_file(geo.geo_dir() / geo.MUNICIPALITIES_FILE)


def test_every_unit_of_the_crosswalk_is_one_feature_of_the_unit_layer():
    units = boundaries.read_layer(SOURCE)
    crosswalk = pd.read_csv(geo.geo_dir() / "units_to_municipalities.csv", dtype=str)
    counts = units.shapeID.value_counts()
    assert crosswalk.shapeID.is_unique
    assert all(counts.get(unit, 0) == 1 for unit in crosswalk.shapeID)
    # The name written in the crosswalk is the layer's own, so a reader can check each row.
    names = dict(zip(units.shapeID, units.shapeName))
    assert all(names[u] == n for u, n in zip(crosswalk.shapeID, crosswalk.unit_name))
    assert set(crosswalk.municipality_code) <= set(geo.load_reference().municipality_code)


def test_every_listed_municipality_has_one_polygon(shipped):
    crosswalk = pd.read_csv(geo.geo_dir() / "units_to_municipalities.csv", dtype=str)
    assert shipped.code.is_unique
    assert set(shipped.code) == set(crosswalk.municipality_code)
    assert {"TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG"} <= set(shipped.code)
    assert shipped.geometry.is_valid.all()


def test_each_municipality_is_checked_against_its_area_and_seat(shipped):
    check = pd.read_csv(geo.geo_dir() / "municipalities_check.csv")
    assert set(check.code) == set(shipped.code)
    assert check.seat_inside.all()
    # The file's verdict is what the columns say, and the README names every exception.
    assert (check.ok == (check.seat_inside & (check.difference.abs() <= 0.05))).all()
    readme = (geo.geo_dir() / "README.md").read_text(encoding="utf-8")
    for code in check[~check.ok].code:
        assert f"`{code}`" in readme


def test_shipped_rings_are_clockwise_and_the_files_small():
    for name in (geo.MUNICIPALITIES_FILE, "albania_counties.geojson", "albania_outline.geojson"):
        layer = gpd.read_file(geo.geo_dir() / name)
        for polygon in (p for g in layer.geometry for p in getattr(g, "geoms", [g])):
            assert not polygon.exterior.is_ccw
        assert (geo.geo_dir() / name).stat().st_size < 300 * 1024
    assert "OpenStreetMap" in geo.attribution(geo.load_municipalities())
