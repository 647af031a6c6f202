"""`python -m popdash geo import` on boundary files built here with geopandas from the shipped
municipal layer: zipped Shapefile in a projected CRS, GeoPackage, GeoJSON; refusals leave the
target folder byte for byte as it was."""
import hashlib
import shutil
import zipfile

import geopandas as gpd
import pytest
import shapely

from popdash.cli import main
from popdash.ingest import boundaries
from popdash.ingest.place_names import PlaceMatcher
from popdash.views import geometry as geo


def digest(folder) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def layer() -> gpd.GeoDataFrame:
    """The shipped municipal layer, with every form of name a boundary file may carry."""
    reference = geo.load_reference().set_index("municipality_code")
    layer = gpd.read_file(geo.geo_dir() / geo.MUNICIPALITIES_FILE)[["code", "geometry"]]
    return layer.assign(name_sq=layer.code.map(reference.name_sq), definite=layer.code.map(reference.name_sq_definite),
                        name_en=layer.code.map(reference.name_en))[["code", "name_sq", "definite", "name_en", "geometry"]]


@pytest.fixture
def target(tmp_path):
    folder = tmp_path / "geo"
    shutil.copytree(geo.geo_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def written_codes(folder) -> list[str]:
    return sorted(gpd.read_file(folder / boundaries.MUNICIPALITIES_FILE).code)


def test_reference_lists_the_61_municipalities():
    reference = geo.load_reference()
    assert len(reference) == 61 and reference.municipality_code.is_unique
    assert {"TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG"} <= set(
        reference.municipality_code)


def test_zipped_shapefile_in_a_projected_crs(layer, target, tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    layer.to_crs(6870).rename(columns={"definite": "EMRI"})[["EMRI", "geometry"]].to_file(folder / "bashki.shp")
    archive = tmp_path / "bashki.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in folder.iterdir():
            zipped.write(part, part.name)

    assert main(["geo", "import", str(archive), "--geo-dir", str(target), "--attribution", "© ASIG"]) == 0

    result = gpd.read_file(target / boundaries.MUNICIPALITIES_FILE)
    assert sorted(result.code) == sorted(layer.code) and result.crs.to_epsg() == 4326
    back = result.set_index("code").geometry.loc[layer.code]
    overlap = shapely.area(shapely.intersection(back.to_numpy(), layer.geometry.to_numpy())) / shapely.area(
        layer.geometry.to_numpy())
    assert overlap.min() > 0.95  # reprojected there and back, the same ground
    for polygon in (p for g in result.geometry for p in getattr(g, "geoms", [g])):  # clockwise, for Plotly
        assert not polygon.exterior.is_ccw
    assert geo.attribution(geo.load_municipalities(target)) == "© ASIG"


@pytest.mark.parametrize("suffix,column", [(".gpkg", "name_en"), (".geojson", "name_sq")])
def test_geopackage_and_geojson_by_name(layer, target, tmp_path, suffix, column):
    path = tmp_path / f"m{suffix}"
    layer.assign(label=layer[column].str.upper())[["label", "geometry"]].to_file(path)
    written = boundaries.import_boundaries(path, target, geo.load_reference())
    assert sorted(written.code) == sorted(layer.code) == written_codes(target)


def test_unmatched_and_repeated_municipalities_are_refused_and_change_nothing(layer, target, tmp_path, capsys):
    broken = layer[["geometry"]].assign(name=layer.name_sq)
    broken.loc[0, "name"] = "Atlantis"
    shkoder = layer.index[layer.code == "SHK"][0]
    broken.loc[shkoder - 1 if shkoder else shkoder + 1, "name"] = "Bashkia e Shkodrës"
    path = tmp_path / "broken.geojson"
    broken.to_file(path)
    before, repository = digest(target), digest(geo.geo_dir())

    assert main(["geo", "import", str(path), "--geo-dir", str(target), "--lang", "en"]) == 1

    printed = capsys.readouterr().out
    assert "Atlantis" in printed and "names no municipality" in printed
    assert printed.count("municipality named by more than one feature") == 2
    assert "Nothing was changed in geo/." in printed
    assert digest(target) == before and digest(geo.geo_dir()) == repository


def test_files_that_cannot_be_used_say_why(layer, target, tmp_path):
    before = digest(target)
    gpd.GeoDataFrame({"name": ["Tiranë"]}, geometry=gpd.points_from_xy([19.8], [41.3]), crs=4326).to_file(
        tmp_path / "points.geojson")
    (tmp_path / "shp").mkdir()
    layer.to_crs(6870).to_file(tmp_path / "shp" / "m.shp")
    (tmp_path / "shp" / "m.prj").unlink()
    (tmp_path / "junk.geojson").write_text("not a boundary file", encoding="utf-8")
    for path, key in ((tmp_path / "points.geojson", "geo.problem.not_polygons"),
                      (tmp_path / "shp" / "m.shp", "geo.problem.no_crs"),
                      (tmp_path / "junk.geojson", "geo.problem.unreadable"),
                      (tmp_path / "absent.gpkg", "geo.problem.missing")):
        with pytest.raises(boundaries.BoundaryError) as refused:
            boundaries.import_boundaries(path, target, geo.load_reference())
        assert refused.value.key == key
    assert digest(target) == before


def test_names_match_in_every_form_people_write():
    matcher = PlaceMatcher(geo.load_reference())
    for text, code in (("Vau-Dejes", "VDE"), ("Vau Dejes", "VDE"), ("Bashkia e Vaut të Dejës", "VDE"),
                       ("KORCE", "KOR"), ("Bashkia e Tiranës", "TIR"), ("Tiranë\u200b", "TIR"),
                       ("Bashkia e Shkodrës", "SHK"), ("Malësia e Madhe", "MMA"), ("Durrësi", "DUR"),
                       ("Fushe Arrez", "FUS")):
        assert matcher.match(text).code == code, text
    assert matcher.match("Atlantis").code is None
