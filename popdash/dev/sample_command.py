"""The `sample` command: write the deterministic sample data (or a scaled synthetic network) as a
data version."""
from __future__ import annotations

import argparse
from pathlib import Path

from popdash import cli
from popdash.data import store


def run_sample(args: argparse.Namespace) -> int:
    """Generate the data at the chosen scale and write it as a version (a progress bar on
    standard error, on a terminal only, follows the tables built and the write)."""
    from popdash.commands.progress import stage_bar
    from popdash.dev.scale import generate_at, steps_at

    root = Path(args.data_dir) if args.data_dir else store.data_root()
    manifest = {"sample": True, "seed": args.seed, "source": "popdash.dev.sample"}
    if args.scale != 1:
        manifest.update({"scale": args.scale, "source": "popdash.dev.scale"})
    version = args.version or ("sample" if args.scale == 1 else f"sample-x{args.scale:g}")
    with stage_bar((*steps_at(args.scale), "write"), title=f"sample x{args.scale:g}") as progress:
        frames = generate_at(args.scale, args.seed, progress)
        progress("write", 0.0)
        version = store.write_version(frames, manifest, root=root, version=version)
        progress("write", 1.0)
    rows = sum(len(f) for f in frames.values())
    print(f"sample data written to {root / 'versions' / version} (seed {args.seed}, scale {args.scale:g}, "
          f"{rows:,} rows, {len(frames['attendance']):,} attendance); current version: {version}")
    return 0


def add_command(sub) -> None:
    """Register `sample`."""
    from popdash.dev.sample import SEED

    parser = sub.add_parser("sample", help="write the deterministic sample data as a new data version")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1,
                        help="1 (default): the sample; N > 1: a synthetic network of about N x 10,000 attendance "
                             "rows (1000: 61 municipalities, 10 years, 10 million rows)")
    cli.add_common(parser, lang=None)
    parser.add_argument("--version", default=None,
                        help="name of the version directory (default: sample, or sample-x<N> when scaled)")
    parser.set_defaults(func=run_sample)
