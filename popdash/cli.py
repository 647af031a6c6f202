"""Command line: python -m popdash <command>. Each command lives in the module that does the
work and registers itself through an `add_command(subparsers)` function listed here."""
from __future__ import annotations

import argparse
import importlib
import sys

from popdash.i18n import DEFAULT_LANGUAGE, LANGUAGES

COMMAND_MODULES = (
    "popdash.commands.data",
    "popdash.commands.iati",
    "popdash.commands.export",
    "popdash.commands.geo",
    "popdash.commands.audit",
)


DATA_DIR_HELP = "data root (default: data/ or $POPDASH_DATA_DIR)"


def add_common(parser: argparse.ArgumentParser, lang: str | None = "language of messages",
               data_dir: bool = True) -> argparse.ArgumentParser:
    """The options the commands share: --lang (sq or en; `lang` is its help, None: no such
    option) and --data-dir."""
    if lang is not None:
        parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=lang)
    if data_dir:
        parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    return parser


def add_action(sub, command: str, help: str, action: str, action_help: str, func) -> argparse.ArgumentParser:
    """A command that takes one action word (`audit verify`, `geo import`): the action's parser,
    running `func`, for the caller to add its arguments to."""
    actions = sub.add_parser(command, help=help).add_subparsers(dest=f"{command}_command", required=True)
    parser = actions.add_parser(action, help=action_help)
    parser.set_defaults(func=func)
    return parser


def build_parser(modules=COMMAND_MODULES, prog: str = "python -m popdash") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="POP Network impact dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in modules:
        importlib.import_module(module).add_command(sub)
    return parser


def main(argv: list[str] | None = None, modules=COMMAND_MODULES, prog: str = "python -m popdash") -> int:
    from popdash import logs

    logs.configure()
    args = build_parser(modules, prog).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
