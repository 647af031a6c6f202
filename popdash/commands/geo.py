"""Command: `geo import`, a user's boundary file made the map's municipal layer.

    python -m popdash geo import FILE [--column NAME] [--attribution TEXT] [--target-kb 250]
                                      [--geo-dir DIR] [--lang sq|en]

FILE is a Shapefile (zipped or not), GeoPackage, GeoJSON or TopoJSON in any CRS. A file with
unmatched, ambiguous or repeated municipalities is refused with a table of them, and geo/ is
left as it was.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from popdash import cli
from popdash.i18n import translate


def reference_municipalities(geo_dir: Path) -> pd.DataFrame:
    """Municipalities a file may name: Albania's 61 and any the current data adds."""
    from popdash.data.named_queries import runner
    from popdash.views import geometry

    known = geometry.load_reference(geo_dir)
    try:
        data = runner()("municipalities")
    except Exception:  # no data yet: Albania's list is enough
        data = known.iloc[0:0]
    columns = ["municipality_code", "name_sq", "name_sq_definite", "name_en", "county_code"]
    merged = pd.concat([known[columns], data[[c for c in columns if c in data.columns]]], ignore_index=True)
    return merged.drop_duplicates("municipality_code").reset_index(drop=True)


def problem_table(table: pd.DataFrame, lang: str) -> str:
    """The features at fault as a plain-text table in the reader's language."""
    shown = table.copy()
    if "problem" in shown:
        shown["problem"] = [translate(lang, f"geo.problem_kind.{p}") for p in shown.problem]
    shown.columns = [translate(lang, f"geo.column.{c}") for c in shown.columns]
    return shown.to_string(index=False)


def run_import(args: argparse.Namespace) -> int:
    from popdash.ingest import boundaries
    from popdash.views import geometry

    t = lambda key, **v: translate(args.lang, key, **v)  # noqa: E731
    directory = Path(args.geo_dir) if args.geo_dir else geometry.geo_dir()
    try:
        written = boundaries.import_boundaries(
            args.file, directory, reference_municipalities(directory), column=args.column,
            attribution=args.attribution or "", target_bytes=args.target_kb * 1024)
    except boundaries.BoundaryError as error:
        print(t(error.key, **error.params))
        if not error.table.empty:
            print(problem_table(error.table, args.lang))
        print(t("geo.cli.refused"))
        return 1
    print(written.to_string(index=False))
    print(t("geo.cli.written", n=len(written), path=directory / boundaries.MUNICIPALITIES_FILE))
    return 0


def add_command(sub) -> None:
    importer = cli.add_action(sub, "geo", "map geometry: import a municipal boundary file", "import",
                              "make a boundary file (.zip/.shp/.gpkg/.geojson) the map's municipalities", run_import)
    importer.add_argument("file", help="boundary file to import")
    importer.add_argument("--column", help="attribute naming the municipality (default: the one that names most)")
    importer.add_argument("--attribution", help="credit line shown on the map, e.g. '© ASIG 2024'")
    importer.add_argument("--target-kb", type=int, default=250, help="largest file to write, in KB (default 250)")
    importer.add_argument("--geo-dir", help="folder to write into (default: the repository's geo/)")
    cli.add_common(importer, data_dir=False)
