"""The `export` command: the factsheet (PDF) or the slide deck (PowerPoint) of a year, for the
network or one municipality, in Albanian or English, from the current data version."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from popdash import cli
from popdash.i18n import Translator

KINDS = {"factsheet": ("factsheet.file_name", "pdf"), "slides": ("slides.file_name", "pptx")}


def default_name(kind: str, lang: str, year: int, municipality: str | None) -> str:
    key, extension = KINDS[kind]
    return "-".join([Translator(lang)(key), str(year)] + ([municipality] if municipality else [])) + f".{extension}"


def run_export(args: argparse.Namespace) -> int:
    if args.data_dir:
        os.environ["POPDASH_DATA_DIR"] = str(Path(args.data_dir).resolve())
    from popdash.data.named_queries import runner
    from popdash.views.story import build_story, year_members

    run = runner()  # the current data version, pinned: every query reads the same data
    version = run.version
    years = sorted(int(y) for y in run("data_years").year)
    if not years:
        print("no data: nothing to export", file=sys.stderr)
        return 1
    year = args.year or years[-1]
    if year not in years:
        print(f"no data for {year}; years with data: {', '.join(map(str, years))}", file=sys.stderr)
        return 1
    municipality = args.municipality.strip().upper() if args.municipality else None
    members = year_members(run("members_by_year"), year)
    if municipality and municipality not in members:
        print(f"{municipality} is not monitored in {year}; choose one of {', '.join(members)}", file=sys.stderr)
        return 1
    story = build_story(run, year, args.lang, municipality, sample=run.sample)
    if args.kind == "factsheet":
        from popdash.exports.factsheet import build_factsheet
        data = build_factsheet(year, args.lang, run=run, story=story)
    else:
        from popdash.exports.slides import build_deck
        data = build_deck(story, args.lang)
    output = Path(args.output or default_name(args.kind, args.lang, year, municipality))
    output.write_bytes(data)
    scope = municipality or "network"
    print(f"{args.kind} for {scope}, {year}, {args.lang}: {output} ({len(data):,} bytes, data version {version})")
    return 0


def add_command(sub) -> None:
    parser = sub.add_parser("export", help="write the factsheet (PDF) or the slide deck (PowerPoint) of a year")
    parser.add_argument("kind", choices=sorted(KINDS), help="factsheet (PDF) or slides (PowerPoint)")
    parser.add_argument("--year", type=int, help="calendar year (default: the latest with data)")
    parser.add_argument("--municipality", help="municipality code, e.g. SHK (default: the whole network)")
    parser.add_argument("-o", "--output", help="output file (default: a descriptive name in this folder)")
    cli.add_common(parser, lang="language (default: sq)")
    parser.set_defaults(func=run_export)
