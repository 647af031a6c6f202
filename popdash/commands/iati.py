"""The `export-iati` command: write the programme's results as an IATI 2.03 activity file."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from popdash import cli


def run_export(args: argparse.Namespace) -> int:
    if args.data_dir:
        # The store reads the data root from the environment; this process only.
        os.environ["POPDASH_DATA_DIR"] = str(Path(args.data_dir).resolve())
    from popdash.data.named_queries import runner
    from popdash.exports import iati

    year_range = None if args.first is None and args.last is None else (args.first or 1900, args.last or 9999)
    xml = iati.build_iati_xml(runner(), year_range, args.lang)
    if args.validate:
        try:
            errors = iati.validate(xml)
        except (ImportError, FileNotFoundError) as missing:
            print(f"cannot validate: {missing}", file=sys.stderr)
            return 2
        if errors:
            print("the file does not validate against the IATI 2.03 schema:\n" + "\n".join(errors), file=sys.stderr)
            return 1
    if args.output == "-":
        sys.stdout.buffer.write(xml)
    else:
        Path(args.output).write_bytes(xml)
        print(f"IATI activity file written to {args.output} ({len(xml):,} bytes)")
    return 0


def add_command(sub) -> None:
    parser = sub.add_parser("export-iati", help="write the programme's results as an IATI 2.03 activity file")
    parser.add_argument("-o", "--output", required=True, help="file to write, or - for standard output")
    parser.add_argument("--from", dest="first", type=int, help="first year to report (default: the first with data)")
    parser.add_argument("--to", dest="last", type=int, help="last year to report (default: the latest with data)")
    cli.add_common(parser, lang="language of the first narrative (default: sq)")
    parser.add_argument("--validate", action="store_true",
                        help="check the file against the IATI 2.03 schema shipped in popdash/exports/iati_schemas (needs lxml)")
    parser.set_defaults(func=run_export)
