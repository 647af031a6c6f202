"""Command line: python -m popdash <command>."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from popdash import store


def cmd_sample(args: argparse.Namespace) -> int:
    from popdash.sample import SEED, generate

    root = Path(args.data_dir) if args.data_dir else store.data_root()
    frames = generate(seed=args.seed)
    version = store.write_version(frames, {"sample": True, "seed": args.seed, "source": "popdash.sample"},
                                  root=root, version=args.version)
    print(f"sample data written to {root / 'versions' / version} (seed {args.seed}); current version: {version}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m popdash", description="POP Network impact dashboard tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="write the deterministic sample data as a new data version")
    from popdash.sample import SEED

    sample.add_argument("--seed", type=int, default=SEED)
    sample.add_argument("--data-dir", help="data root (default: data/ or $POPDASH_DATA_DIR)")
    sample.add_argument("--version", default="sample", help="name of the version directory (default: sample)")
    sample.set_defaults(func=cmd_sample)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
