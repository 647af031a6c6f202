"""Build the offline map geometry of Albania from the sources kept in geo/source/.

Inputs (see geo/README.md for provenance and licences):
* source/geoBoundaries-ALB-ADM3_simplified.topojson: the 373 administrative units (former
  communes and municipalities) from OpenStreetMap via geoBoundaries, ODbL 1.0;
* units_to_municipalities.csv: which municipality each unit belongs to (annex of Law 115/2014);
* municipalities.csv: the 61 municipalities' codes, names, county, seat and published area.

Writes, through the same functions as `python -m popdash geo import`:
* municipalities.geojson: one polygon per municipality, the union of its units;
* albania_counties.geojson and albania_outline.geojson: the unions by county and of all, so
  every border drawn coincides with the municipal ones;
* municipalities_check.csv: each municipality's area against the published one and whether its
  seat lies inside. A municipality more than 5% off, or whose seat is outside, is printed.

Usage: python geo/build_geometry.py [OUTPUT_DIR]   (default: geo/; the build is deterministic)
"""
from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from popdash.ingest import boundaries
from popdash.views import geometry as geo  # noqa: E402

SOURCE = HERE / "source" / "geoBoundaries-ALB-ADM3_simplified.topojson"
CROSSWALK = HERE / "units_to_municipalities.csv"
UNIT_KEY = "shapeID"
EXPECTED_UNITS = 373
ALBANIA_KM2 = 28_748  # INSTAT's land and water area of the republic
ATTRIBUTION = geo.DEFAULT_ATTRIBUTION
COUNTIES_SQ = {
    "AL-01": "Berat", "AL-02": "Durrës", "AL-03": "Elbasan", "AL-04": "Fier", "AL-05": "Gjirokastër",
    "AL-06": "Korçë", "AL-07": "Kukës", "AL-08": "Lezhë", "AL-09": "Dibër", "AL-10": "Shkodër",
    "AL-11": "Tiranë", "AL-12": "Vlorë",
}
COUNTY_NAMES_EN = {"AL-11": "Tirana"}  # every other county's English name is its Albanian one
MUNICIPALITY_BYTES = 260_000


def read_units(path: Path = SOURCE) -> gpd.GeoDataFrame:
    """The unit layer, checked: the expected number of features, all valid, Albania's area."""
    units = boundaries.read_layer(path)
    if len(units) != EXPECTED_UNITS:
        sys.exit(f"{path.name}: {len(units)} features, expected {EXPECTED_UNITS}")
    invalid = units[~units.geometry.is_valid]
    if len(invalid):
        sys.exit(f"{path.name}: invalid geometries: {list(invalid[UNIT_KEY])}")
    total = boundaries.areas_km2(gpd.GeoDataFrame(geometry=[units.union_all()], crs=units.crs)).iloc[0]
    if abs(total - ALBANIA_KM2) / ALBANIA_KM2 > 0.02:
        sys.exit(f"{path.name}: union of the units is {total:,.0f} km², Albania is {ALBANIA_KM2:,} km²")
    print(f"{path.name}: {len(units)} units, union {total:,.0f} km² (Albania {ALBANIA_KM2:,} km²)")
    return units


def with_names(frame: gpd.GeoDataFrame, reference: pd.DataFrame) -> gpd.GeoDataFrame:
    merged = frame.merge(reference[["municipality_code", "name_sq", "name_en", "county_code"]],
                         left_on="code", right_on="municipality_code", how="left")
    return gpd.GeoDataFrame(merged.sort_values("code").reset_index(drop=True), geometry="geometry", crs=frame.crs)


def main(out_dir: Path = HERE) -> None:
    out_dir = Path(out_dir)
    reference = geo.load_reference(HERE)
    crosswalk = pd.read_csv(CROSSWALK, dtype=str)
    units = read_units()
    municipalities = with_names(boundaries.dissolve_units(units, crosswalk, UNIT_KEY), reference)

    check = boundaries.check_against_reference(municipalities, reference)
    check.to_csv(out_dir / "municipalities_check.csv", index=False)
    for row in check[~check.ok].itertuples():
        print(f"CHECK {row.code}: {row.area_km2} km² against {row.published_area_km2} published "
              f"({row.difference:+.1%}), seat inside: {row.seat_inside}")

    meta = {"attribution": ATTRIBUTION, "source": SOURCE.name}
    text, tolerance = boundaries.fit_to_size(municipalities, ["code", "name_sq", "name_en", "county_code"], meta,
                                             MUNICIPALITY_BYTES)
    boundaries.write_atomic(out_dir / geo.MUNICIPALITIES_FILE, text)
    print(f"{geo.MUNICIPALITIES_FILE}: {len(municipalities)} municipalities, tolerance {tolerance}°, "
          f"{len(text.encode()) / 1024:.1f} KB")

    if set(reference.municipality_code) <= set(municipalities.code):
        write_counties(municipalities, out_dir, meta, tolerance)
    else:
        print("not every municipality was built: the county files are left as they are")


def write_counties(municipalities: gpd.GeoDataFrame, out_dir: Path, meta: dict, tolerance: float) -> None:
    """Counties and the national outline as unions of the municipalities."""
    counties = municipalities.dissolve(by="county_code", as_index=False)[["county_code", "geometry"]]
    counties["code"] = counties.county_code
    counties["name_sq"] = counties.county_code.map(COUNTIES_SQ)
    counties["name_en"] = [COUNTY_NAMES_EN.get(c, COUNTIES_SQ[c]) for c in counties.county_code]
    props = ["code", "name_sq", "name_en"]
    text = boundaries.collection_text(boundaries.simplify(counties, tolerance), props, meta)
    boundaries.write_atomic(out_dir / "albania_counties.geojson", text)
    outline = gpd.GeoDataFrame({"code": ["AL"], "name_sq": ["Shqipëri"], "name_en": ["Albania"]},
                               geometry=[shapely.union_all(municipalities.geometry.to_numpy())], crs=municipalities.crs)
    boundaries.write_atomic(out_dir / "albania_outline.geojson",
                            boundaries.collection_text(boundaries.simplify(outline, tolerance), props, meta))
    for name in ("albania_counties.geojson", "albania_outline.geojson"):
        print(f"{name}: {(out_dir / name).stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit(__doc__)
    main(*sys.argv[1:])
