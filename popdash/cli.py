"""Command line: python -m popdash <command>. Each command lives in the module that does the
work and registers itself through an `add_command(subparsers)` function listed here."""
from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "popdash.sample_command",
    "popdash.ingest_command",
    "popdash.iati_command",
    "popdash.export_command",
    "popdash.bench_command",
    "popdash.geo_command",
    "popdash.audit_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m popdash", description="POP Network impact dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
