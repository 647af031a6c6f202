"""Offline map geometry for Albania: counties, national outline, the municipal polygons and the
reference list of municipalities, all read from geo/."""

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from popdash.paths import GEO_DIR

# Plotly geo traces download a world topojson from a CDN (topojsonURL + name + ".json").
# Pointing them at an empty inline topology keeps the map fully offline; the trailing
# "#" turns the appended file name into a harmless URL fragment.
# Usage: st.plotly_chart(fig, config={"topojsonURL": EMPTY_TOPOJSON_URL})
EMPTY_TOPOJSON_URL = "data:application/json," + quote('{"type":"Topology","arcs":[],"objects":{}}') + "#"


def geo_dir() -> Path:
    """The repository's geo/ folder."""
    return GEO_DIR


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
