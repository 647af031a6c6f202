"""The benchmark runs end to end at a tiny scale and reports every field (no timing assertions)."""
import json
import os

import pytest

from popdash import bench
from popdash.cli import main


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    base = tmp_path_factory.mktemp("bench")
    before = os.environ.get("POPDASH_DATA_DIR")
    options = bench.Options(scales=[0.1], cache_dir=base / "data", out_dir=base / "out", repeats=2, budget_s=1,
                            pages=["pages/overview.py"], serve=False, browser=False)
    out = bench.run(options, log=lambda line: None)
    assert os.environ.get("POPDASH_DATA_DIR") == before  # the data root is put back
    return out


def test_json_is_written_with_machine_and_scales(results):
    saved = json.loads(open(results["json_path"], encoding="utf-8").read())
    assert {"cpu", "cores", "ram_gb", "python", "packages"} <= saved["machine"].keys()
    assert saved["machine"]["packages"]["duckdb"]
    assert [s["scale"] for s in saved["scales"]] == [0.1]


def test_every_named_query_is_timed_or_listed(results):
    from popdash import db

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
        main(["bench", "--help"])
    except SystemExit as done:
        parser_help.append(done.code)
    assert parser_help == [0]
