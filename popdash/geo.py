"""Offline map geometry for Albania (counties, national outline, optional municipal boundaries)."""

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

# Plotly geo traces download a world topojson from a CDN (topojsonURL + name + ".json").
# Pointing them at an empty inline topology keeps the map fully offline; the trailing
# "#" turns the appended file name into a harmless URL fragment.
# Usage: st.plotly_chart(fig, config={"topojsonURL": EMPTY_TOPOJSON_URL})
EMPTY_TOPOJSON_URL = "data:application/json," + quote('{"type":"Topology","arcs":[],"objects":{}}') + "#"


def geo_dir() -> Path:
    """The repository's geo/ folder."""
    return Path(__file__).resolve().parent.parent / "geo"


def _read(directory, filename):
    return json.loads((Path(directory or geo_dir()) / filename).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_counties(directory=None) -> dict:
    """The 12 counties (properties code AL-01..AL-12, name_sq, name_en). Cached: do not mutate."""
    return _read(directory, "albania_counties.geojson")


@lru_cache(maxsize=None)
def load_outline(directory=None) -> dict:
    """Albania's national outline as a one-feature FeatureCollection. Cached: do not mutate."""
    return _read(directory, "albania_outline.geojson")


def _name_key(name) -> str:
    # "Korçë", "KORCE" and "korce " all match: boundary files differ in diacritics and case.
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().casefold()


def _signed_area(ring) -> float:
    """Shoelace formula on lon/lat: positive = counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:])) / 2


def _clockwise(geometry: dict) -> dict:
    """Exterior rings clockwise, holes counter-clockwise, as Plotly expects.

    Official files usually follow RFC 7946 (exteriors counter-clockwise), which
    would make Plotly fill everything outside the municipality.
    """
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    fixed = [
        [ring if (_signed_area(ring) < 0) == (i == 0) else ring[::-1] for i, ring in enumerate(polygon)]
        for polygon in polygons
    ]
    return {"type": geometry["type"], "coordinates": fixed[0] if geometry["type"] == "Polygon" else fixed}


def load_municipal_boundaries(name_to_code: dict | None = None, directory=None) -> dict | None:
    """geo/municipalities.geojson normalised so every feature has properties.code, else None.

    A feature's code is its `code` property (upper-cased) or, failing that, its
    `name` looked up in ``name_to_code`` (ignoring case and diacritics). Features
    with neither are dropped (e.g. the municipalities the dashboard does not
    monitor). Returns None if the file is missing, is not a FeatureCollection of
    Polygon/MultiPolygon features with a `code` or `name`, or nothing matched.
    Not cached, so a file dropped in while the app runs is picked up.
    """
    try:
        data = _read(directory, "municipalities.geojson")
        if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
            return None
        lookup = {_name_key(name): code for name, code in (name_to_code or {}).items()}
        features = []
        for feature in data["features"]:
            props = feature.get("properties") or {}
            geometry = feature.get("geometry") or {}
            if feature.get("type") != "Feature" or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                return None
            if props.get("code"):
                code = str(props["code"]).strip().upper()
            elif props.get("name"):
                code = lookup.get(_name_key(props["name"]))
            else:
                return None
            if code:
                features.append({"type": "Feature", "properties": {**props, "code": code}, "geometry": _clockwise(geometry)})
    except (OSError, ValueError, AttributeError, TypeError, KeyError, IndexError):
        # Missing or unreadable file, bad JSON or malformed coordinates.
        return None
    return {"type": "FeatureCollection", "features": features} if features else None


MUNICIPALITIES_FILE = "municipalities.geojson"
REFERENCE_FILE = "municipalities.csv"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0, via geoBoundaries"


@lru_cache(maxsize=4)
def _read_versioned(path: str, modified: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_municipalities(directory=None) -> dict | None:
    """The municipal polygons (properties code, name_sq, name_en, county_code; clockwise rings;
    top-level `attribution`), or None if the file is missing. Cached per file modification
    time, so a `geo import` shows without a restart. Cached: do not mutate."""
    path = Path(directory or geo_dir()) / MUNICIPALITIES_FILE
    try:
        return _read_versioned(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None


def attribution(collection: dict | None) -> str:
    """The credit line a boundary layer asks for (the shipped one: OpenStreetMap via geoBoundaries)."""
    return str((collection or {}).get("attribution") or "")


@lru_cache(maxsize=None)
def load_reference(directory=None):
    """The 61 municipalities of Albania (geo/municipalities.csv): codes, names in their forms,
    county, seat, published area. Cached: do not mutate."""
    import pandas as pd

    return pd.read_csv(Path(directory or geo_dir()) / REFERENCE_FILE, dtype={"municipality_code": str})
