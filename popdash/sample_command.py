"""The `sample` command: write the deterministic sample data as a data version."""
from __future__ import annotations

import argparse
from pathlib import Path

from popdash import store


def run_sample(args: argparse.Namespace) -> int:
    from popdash.sample import generate

    root = Path(args.data_dir) if args.data_dir else store.data_root()
    frames = generate(seed=args.seed)
    version = store.write_version(frames, {"sample": True, "seed": args.seed, "source": "popdash.sample"},
                                  root=root, version=args.version)
    print(f"sample data written to {root / 'versions' / version} (seed {args.seed}); current version: {version}")
    return 0


def add_command(sub) -> None:
    from popdash.sample import SEED

    parser = sub.add_parser("sample", help="write the deterministic sample data as a new data version")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data-dir", help="data root (default: data/ or $POPDASH_DATA_DIR)")
    parser.add_argument("--version", default="sample", help="name of the version directory (default: sample)")
    parser.set_defaults(func=run_sample)
