"""The `bench` command: the performance benchmark at several data scales (see popdash.dev.bench)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmark (or show an earlier run) and print its tables."""
    import json

    from popdash.dev import bench

    if args.from_json:
        results = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        print(bench.markdown(results) if args.markdown else bench.table(results))
        return 0
    options = bench.Options(
        scales=args.scale, cache_dir=Path(args.cache_dir), out_dir=Path(args.out_dir), seed=args.seed,
        repeats=args.repeats, budget_s=args.budget, pages=args.page or None,
        serve=not args.no_serve, browser=not args.no_browser,
        peers=not args.no_peers, peer_runs=args.peer_runs, cold_runs=args.cold_runs, figures=not args.no_figures,
        write=not args.no_write, only_peers=args.only_peers, browser_pages=not args.no_browser_pages,
    )
    results = bench.run(options, log=lambda line: print(line, file=sys.stderr, flush=True))
    print(bench.markdown(results) if args.markdown else bench.table(results))
    print(f"\nresults written to {results['json_path']}")
    return 0


def add_command(sub) -> None:
    """Register `bench`."""
    from popdash.dev.bench import RESULTS_DIR

    parser = sub.add_parser("bench", help="benchmark queries, pages and the server at several data scales")
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0],
                        help="data scales (1 = the sample, 1000 = about 10 million attendance rows)")
    parser.add_argument("--cache-dir", default=str(RESULTS_DIR / "data"),
                        help="where generated data is kept and reused (default: bench-results/data, git-ignored)")
    parser.add_argument("--out-dir", default=str(RESULTS_DIR), help="where the JSON results go (default: bench-results)")
    parser.add_argument("--seed", type=int, default=None, help="generator seed (default: the sample's)")
    parser.add_argument("--repeats", type=int, default=7, help="warm runs per query and page (default 7)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds per query or page after which repeats stop (at least 3 runs; default 20)")
    parser.add_argument("--page", action="append", help="only this page path (repeatable), e.g. pages/overview.py")
    parser.add_argument("--no-serve", action="store_true", help="skip streamlit run (cold start, memory, browser)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--no-peers", action="store_true",
                        help="skip the comparison with DuckDB, pandas and Polars on the raw parquet (issue 13)")
    parser.add_argument("--only-peers", action="store_true",
                        help="only the peers, the cold runs and the version write (skip named queries, pages, server)")
    parser.add_argument("--peer-runs", type=int, default=7, help="warm rounds of the peers, interleaved (at least 7)")
    parser.add_argument("--cold-runs", type=int, default=7,
                        help="new processes per implementation for the cold times (0: none; default 7)")
    parser.add_argument("--no-figures", action="store_true", help="skip timing each key figure alone")
    parser.add_argument("--no-browser-pages", action="store_true",
                        help="skip every page in a new browser to its last chart (bytes, against the bare page)")
    parser.add_argument("--no-write", action="store_true", help="skip timing a version write (derived tables)")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown (for BENCHMARKS.md)")
    parser.add_argument("--from-json", help="print the tables of an earlier run's JSON instead of running")
    parser.set_defaults(func=run_bench)
