"""Boundary files in, municipal polygons out: geopandas reads a Shapefile (zipped or not),
GeoPackage, GeoJSON or TopoJSON in any CRS, features are matched to municipalities, and the
result is written as the small, clockwise GeoJSON that Plotly and the PDF draw.

Both `python -m popdash geo import` and geo/build_geometry.py go through these functions.
"""
from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from popdash.ingest.place_names import PlaceMatcher

WGS84 = "EPSG:4326"
# ETRS89 / LAEA Europe: an equal-area projection, so areas come out in true square metres.
EQUAL_AREA = "EPSG:3035"
GRID = 1e-4  # coordinates kept to 4 decimals (about 10 m)
# Tried in turn until the file fits its size: 0.0005° is about 50 m, 0.008° about 800 m.
TOLERANCES = (0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.006, 0.008)
DEFAULT_TARGET_BYTES = 250_000
MUNICIPALITIES_FILE = "municipalities.geojson"
VECTOR_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".topojson")
# A file with no CRS is read as lon/lat only when every coordinate could be one in Albania's
# surroundings; anything else (metres of a projected CRS) needs its .prj.
LONLAT_BOUNDS = (17.0, 38.0, 23.0, 44.0)


class BoundaryError(ValueError):
    """A boundary file that cannot be used; `key` names the message (geo.problem.*) and
    `table` lists the features at fault, if any."""

    def __init__(self, key: str, table: pd.DataFrame | None = None, **params):
        super().__init__(key)
        self.key = key
        self.table = table if table is not None else pd.DataFrame()
        self.params = params


@dataclass
class MatchedLayer:
    """Features with their municipality code, and which column named them."""
    frame: gpd.GeoDataFrame
    column: str
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)


def vector_inside(archive: Path) -> str:
    """The one vector file in a zip archive (a zipped Shapefile holds .shp, .shx, .dbf, .prj)."""
    with zipfile.ZipFile(archive) as zipped:
        names = [n for n in zipped.namelist() if n.lower().endswith(VECTOR_SUFFIXES) and not n.startswith("__MACOSX")]
    if len(names) != 1:
        raise BoundaryError("geo.problem.zip_content", found=", ".join(names) or "-")
    return names[0]


def read_layer(path) -> gpd.GeoDataFrame:
    """A boundary file as a GeoDataFrame in WGS84 with valid polygons only."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryError("geo.problem.missing", path=str(path))
    source = f"zip://{path}!{vector_inside(path)}" if path.suffix.lower() == ".zip" else str(path)
    try:
        frame = gpd.read_file(source)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise BoundaryError("geo.problem.unreadable", path=path.name, error=str(error).splitlines()[0]) from error
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].reset_index(drop=True)
    if frame.empty:
        raise BoundaryError("geo.problem.empty", path=path.name)
    if not frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        kinds = ", ".join(sorted(set(frame.geometry.geom_type) - {"Polygon", "MultiPolygon"}))
        raise BoundaryError("geo.problem.not_polygons", kinds=kinds)
    if frame.crs is None:
        left, bottom, right, top = frame.total_bounds
        lo_left, lo_bottom, lo_right, lo_top = LONLAT_BOUNDS
        if not (lo_left <= left and right <= lo_right and lo_bottom <= bottom and top <= lo_top):
            raise BoundaryError("geo.problem.no_crs", path=path.name)
        frame = frame.set_crs(WGS84)
    frame = frame.to_crs(WGS84)
    frame["geometry"] = shapely.make_valid(frame.geometry.to_numpy(), method="structure", keep_collapsed=False)
    return frame


def candidate_columns(frame: gpd.GeoDataFrame) -> list[str]:
    """Columns that could name a municipality: the text columns."""
    return [c for c in frame.columns if c != frame.geometry.name
            and (pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object)]


def match_layer(frame: gpd.GeoDataFrame, matcher: PlaceMatcher, column: str | None = None) -> MatchedLayer:
    """Each feature's municipality code from `column`, or from the text column that names the
    most municipalities. Problems: features naming no municipality or several, and
    municipalities named by more than one feature."""
    columns = [column] if column else candidate_columns(frame)
    if column and column not in frame.columns:
        raise BoundaryError("geo.problem.no_column", column=column, columns=", ".join(map(str, frame.columns)))
    best, best_matches = None, None
    for name in columns:
        matches = [matcher.match(v) if isinstance(v, str) else None for v in frame[name]]
        found = sum(1 for m in matches if m and m.code)
        if best_matches is None or found > sum(1 for m in best_matches if m and m.code):
            best, best_matches = name, matches
    if not best_matches or not any(m and m.code for m in best_matches):
        raise BoundaryError("geo.problem.no_names", columns=", ".join(map(str, columns)) or "-")
    codes = [m.code if m else None for m in best_matches]
    rows = []
    for position, (value, match) in enumerate(zip(frame[best], best_matches)):
        if match is None or match.code is None:
            problem = "ambiguous" if match and match.candidates else "unmatched"
            rows.append({"feature": position + 1, "value": value, "problem": problem,
                         "candidates": ", ".join(match.candidates) if match else ""})
    counts = pd.Series([c for c in codes if c]).value_counts()
    for code in counts[counts > 1].index:
        for position, (value, other) in enumerate(zip(frame[best], codes)):
            if other == code:
                rows.append({"feature": position + 1, "value": value, "problem": "duplicate", "candidates": code})
    matched = frame.assign(code=codes)
    problems = pd.DataFrame(rows, columns=["feature", "value", "problem", "candidates"])
    return MatchedLayer(matched, best, problems.sort_values(["feature", "problem"]).reset_index(drop=True))


def dissolve_units(units: gpd.GeoDataFrame, crosswalk: pd.DataFrame, unit_key: str) -> gpd.GeoDataFrame:
    """Municipal polygons as the union of their administrative units.

    `crosswalk` has one row per unit with `unit_key` (the units' identifier) and
    municipality_code. Every crosswalk unit must match exactly one feature, or BoundaryError.
    """
    found = units[unit_key].value_counts()
    wanted = crosswalk[unit_key]
    missing = wanted[~wanted.isin(found.index)]
    repeated = wanted[wanted.map(found).fillna(0) > 1]
    twice = wanted[wanted.duplicated(keep=False)]
    if len(missing) or len(repeated) or len(twice):
        table = pd.DataFrame(
            [{"unit": u, "problem": "unmatched"} for u in missing]
            + [{"unit": u, "problem": "several_features"} for u in repeated]
            + [{"unit": u, "problem": "listed_twice"} for u in twice.unique()])
        raise BoundaryError("geo.problem.crosswalk", table=table)
    joined = units.merge(crosswalk[[unit_key, "municipality_code"]], on=unit_key, how="inner")
    # Units share borders, so a plain union leaves no gaps between them.
    dissolved = joined.dissolve(by="municipality_code", as_index=False)[["municipality_code", "geometry"]]
    return dissolved.rename(columns={"municipality_code": "code"})


def areas_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's area in km², measured in an equal-area projection."""
    return frame.to_crs(EQUAL_AREA).area / 1e6


def check_against_reference(frame: gpd.GeoDataFrame, reference: pd.DataFrame, tolerance: float = 0.05) -> pd.DataFrame:
    """Per municipality: its area against the published one, and whether its seat lies inside.

    `reference` has municipality_code, published_area_km2, seat_lat and seat_lon; `ok` is
    False where the area differs by more than `tolerance` or the seat falls outside.
    """
    data = frame[["code", "geometry"]].merge(reference, left_on="code", right_on="municipality_code", how="left")
    area = areas_km2(gpd.GeoDataFrame(data, geometry="geometry", crs=frame.crs)).round(1)
    seats = gpd.points_from_xy(data.seat_lon, data.seat_lat, crs=WGS84)
    inside = shapely.contains(data.geometry.to_numpy(), seats)
    published = pd.to_numeric(data.published_area_km2, errors="coerce")
    difference = ((area - published) / published).round(4)
    return pd.DataFrame({
        "code": data.code, "area_km2": area, "published_area_km2": published,
        "difference": difference, "seat_inside": inside,
        "ok": inside & (difference.abs() <= tolerance),
    })


def simplify(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplified as a coverage (neighbours keep one shared border, so no slivers or gaps
    appear), snapped to the 4-decimal grid and oriented with clockwise exterior rings.

    Plotly's geo traces read a counter-clockwise ring as "the whole globe except this" and fill
    the frame: the opposite of RFC 7946, which this file therefore does not follow.
    """
    geoms = frame.geometry.to_numpy()
    if tolerance > 0:
        geoms = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    # set_precision rounds while keeping polygons valid (plain rounding can self-intersect).
    geoms = shapely.set_precision(geoms, GRID)
    geoms = shapely.orient_polygons(geoms, exterior_cw=True)
    return frame.set_geometry(list(geoms), crs=frame.crs)


def rounded(geometry) -> dict:
    """GeoJSON mapping with coordinates written as short 4-decimal numbers."""

    def walk(c):
        return [round(c[0], 4), round(c[1], 4)] if isinstance(c[0], float) else [walk(x) for x in c]

    g = shapely.geometry.mapping(geometry)
    return {"type": g["type"], "coordinates": walk(g["coordinates"])}


def plain(value):
    """A property value JSON can hold: missing values become null."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def collection_text(frame: gpd.GeoDataFrame, properties: list[str], meta: dict | None = None) -> str:
    """A FeatureCollection, one feature per line (compact, yet diffs stay readable). `meta`
    goes in as foreign members (attribution, source), so the file carries its provenance."""
    features = [
        json.dumps({"type": "Feature", "properties": {p: plain(getattr(row, p)) for p in properties},
                    "geometry": rounded(row.geometry)},
                   ensure_ascii=False, separators=(",", ":"))
        for row in frame.itertuples(index=False)
    ]
    head = json.dumps({"type": "FeatureCollection", **(meta or {})}, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head + ',"features":[\n' + ",\n".join(features) + "\n]}\n"


def fit_to_size(frame: gpd.GeoDataFrame, properties: list[str], meta: dict | None,
                target_bytes: int = DEFAULT_TARGET_BYTES) -> tuple[str, float]:
    """The least simplified GeoJSON text under `target_bytes`, and the tolerance it took."""
    text, tolerance = "", 0.0
    for tolerance in TOLERANCES:
        text = collection_text(simplify(frame, tolerance), properties, meta)
        if len(text.encode()) <= target_bytes:
            break
    return text, tolerance


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; a boundary file is meant to be read by the app's user.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def import_boundaries(path, directory: Path, reference: pd.DataFrame, column: str | None = None,
                      attribution: str = "", target_bytes: int = DEFAULT_TARGET_BYTES) -> pd.DataFrame:
    """Read a user's boundary file and make it the municipalities layer of `directory`.

    `reference` lists the municipalities it may name (municipality_code, name_sq, name_en,
    name_sq_definite, county_code). Raises BoundaryError, with the features at fault, before
    anything is written; returns one row per written municipality (code, area_km2).
    """
    layer = match_layer(read_layer(path), PlaceMatcher(reference), column)
    if not layer.problems.empty:
        raise BoundaryError("geo.problem.features", table=layer.problems, column=layer.column)
    frame = layer.frame.merge(reference[["municipality_code", "name_sq", "name_en", "county_code"]],
                              left_on="code", right_on="municipality_code", how="left")
    frame = gpd.GeoDataFrame(frame.sort_values("code").reset_index(drop=True), geometry="geometry", crs=WGS84)
    meta = {"attribution": attribution, "source": Path(path).name}
    text, tolerance = fit_to_size(frame, ["code", "name_sq", "name_en", "county_code"], meta, target_bytes)
    write_atomic(Path(directory) / MUNICIPALITIES_FILE, text)
    return pd.DataFrame({"code": frame.code, "area_km2": areas_km2(frame).round(1).to_numpy(),
                         "tolerance": tolerance})
