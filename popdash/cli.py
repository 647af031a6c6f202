"""Command line: python -m popdash <command>. Each command lives in the module that does the
work and registers itself through an `add_command(subparsers)` function listed here."""
from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "popdash.commands.data",
    "popdash.commands.iati",
    "popdash.commands.export",
    "popdash.commands.geo",
    "popdash.commands.audit",
)


def build_parser(modules=COMMAND_MODULES, prog: str = "python -m popdash") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="POP Network impact dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in modules:
        importlib.import_module(module).add_command(sub)
    return parser


def main(argv: list[str] | None = None, modules=COMMAND_MODULES, prog: str = "python -m popdash") -> int:
    args = build_parser(modules, prog).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
