"""The benchmark runs end to end at a tiny scale and reports every field (no timing assertions)."""
import json
import os

import pytest

from popdash.cli import main
from popdash.dev import COMMANDS
from popdash.dev import bench


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    base = tmp_path_factory.mktemp("bench")
    before = os.environ.get("POPDASH_DATA_DIR")
    options = bench.Options(scales=[0.1], cache_dir=base / "data", out_dir=base / "out", repeats=2, budget_s=1,
                            pages=["pages/overview.py"], serve=False, browser=False,
                            # the peers warm only here: cold runs and the version write are
                            # checked in test_bench_peers.py
                            cold_runs=0, figures=False, write=False)
    out = bench.run(options, log=lambda line: None)
    assert os.environ.get("POPDASH_DATA_DIR") == before  # the data root is put back
    return out


def test_json_is_written_with_machine_and_scales(results):
    saved = json.loads(open(results["json_path"], encoding="utf-8").read())
    assert {"cpu", "cores", "ram_gb", "python", "packages"} <= saved["machine"].keys()
    assert saved["machine"]["packages"]["duckdb"]
    assert [s["scale"] for s in saved["scales"]] == [0.1]


def test_every_named_query_is_timed_or_listed(results):
    from popdash.data import db

    scale = results["scales"][0]
    timed = {q["query"] for q in scale["queries"]}
    listed = {q["query"] for q in scale["queries_skipped"]}
    assert timed | listed == set(db.query_names())
    assert {"key_figures_by_year", "key_figures_by_municipality"} <= timed
    for q in scale["queries"]:
        assert {"median_ms", "p95_ms", "cpu_median_ms", "cached_median_ms", "rows", "runs"} <= q.keys()
        assert q["runs"] >= 2


def test_comparisons_give_the_same_figures(results):
    scale = results["scales"][0]
    assert {b["query"] for b in scale["bare"]} == set(bench.BARE_SQL)
    assert all(b["same_result"] for b in scale["bare"])
    assert scale["pandas"]["same_result"] is True
    assert scale["pandas"]["ratio"] > 0


def test_pages_report_render_times_and_figure_sizes(results):
    (page,) = results["scales"][0]["pages"]
    assert page["page"] == "pages/overview.py" and page["errors"] == []
    assert page["cold_ms"] > 0 and page["warm_median_ms"] > 0
    assert page["figures"] >= 1 and page["largest_figure_bytes"] > 1000


def test_table_and_targets(results):
    text = bench.table(results)
    for heading in ("Named queries", "Pages", "pandas / ours", "Targets", "key_figures_by_year"):
        assert heading in text
    assert all(c["met"] in (True, False, None) for c in results["scales"][0]["targets"])


def test_every_registered_page_is_found():
    pages = bench.registered_pages()
    assert pages[0]["path"] == "pages/overview.py" and pages[0]["default"]
    assert len({p["path"] for p in pages}) == len(pages)


def test_bench_is_a_command():
    parser_help = []
    try:
        main(["bench", "--help"], modules=COMMANDS)
    except SystemExit as done:
        parser_help.append(done.code)
    assert parser_help == [0]


def test_peers_are_checked_and_timed_beside_ours(results):
    from popdash.dev import bench_peers

    peers = results["scales"][0]["peers"]
    assert [t["task"] for t in peers["tasks"]] == list(bench_peers.TASKS)
    for task in peers["tasks"]:
        assert all(check["same"] for check in task["checks"].values()), task["checks"]
        assert set(task["warm"]) == {"ours", *[p for p in bench_peers.PEERS if bench_peers.available(p)]}
        for stats in task["warm"].values():
            assert stats["runs"] >= 7 and stats["min_ms"] <= stats["p25_ms"] <= stats["median_ms"] <= stats["p75_ms"] <= stats["max_ms"]
    assert peers["year"] == 2025 and peers["municipalities"] > 0


def test_tables_show_the_peers_and_the_old_baselines(results):
    text = bench.markdown(results)
    for heading in ("Peers: the same figures four ways", "Old baselines beside the new", "Issue 13's targets",
                    "DuckDB SQL on the raw parquet", "OS page cache"):
        assert heading in text
    assert "Peers" in bench.table(results)


def test_browser_pages_table():
    from popdash.dev import bench_browser

    scale = {"scale": 1, "browser_pages": {
        "pages": [{"page": "bare one-chart page", "seconds": 3.0, "bytes": 7_000_000, "charts": 1, "errors": [], "ratio": 1.0},
                  {"page": "pages/overview.py", "seconds": 4.5, "bytes": 7_500_000, "charts": 1, "errors": [], "ratio": 1.5}],
        "menu": [{"page": "pages/overview.py", "first": True, "seconds": 5.0, "bytes": 7_600_000},
                 {"page": "pages/map.py", "first": False, "seconds": None, "error": "TimeoutError"}]}}
    rows = bench_browser.rows([scale])
    assert rows[0][1] == "bare one-chart page" and rows[1][3] == "1.50"
    assert "(first)" in rows[1][6]
    assert len(rows[0]) == len(bench_browser.HEAD)
