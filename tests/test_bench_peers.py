"""The benchmark's peers (popdash.dev.bench_peers) give the same numbers as the dashboard's named
queries: on the sample and on a small generated network, for every year, for every
municipality and for subsets. No timing assertions."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from popdash.data import db, store
from popdash.data.schema import load_schema
from popdash.dev import bench, bench_compare, bench_peers as bp

ROOT = Path(__file__).resolve().parent.parent
ALL_TASKS = list(bp.TASKS.values()) + list(bp.FIGURE_TASKS.values())


def written(root: Path, scale: float) -> Path:
    from popdash.dev.sample import SEED

    bench.prepare_data(scale, root, SEED)
    return root / f"x{scale:g}"


@pytest.fixture(scope="module", params=[1, 2], ids=["sample", "scale2"])
def network(request, tmp_path_factory):
    """A data root with the sample (scale 1) or a generated network (scale 2), current for the module."""
    root = written(tmp_path_factory.mktemp("peers"), request.param)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        yield root
    db.clear_cache()


def views(root: Path) -> list[bp.Context]:
    """Every year with data, with every municipality, every third one, and a single one."""
    codes = list(db.run("municipalities").municipality_code)
    years = sorted(int(y) for y in db.run("data_years").year)
    directory = store.version_dir()
    return [bp.Context(directory, year, chosen) for year in years for chosen in (codes, codes[::3], codes[1:2])]


@pytest.mark.parametrize("peer", bp.PEERS)
def test_every_peer_gives_the_dashboards_numbers(network, peer):
    if not bp.available(peer):
        pytest.skip(f"{peer} is not installed (a test extra: pip install -r requirements-test.txt)")
    problems, compared = [], 0
    for ctx in views(network):
        for task in ALL_TASKS:
            frame = db.run(task.query, **bp.ours_parameters(task, ctx))
            ours = bp.only(bp.ours_result(task, frame, ctx.year), task.columns)
            if not ours:  # no row for this year in the dashboard (e.g. no assessment that year)
                continue
            diff = bp.differences(ours, bp.run_peer(peer, task, ctx), task.columns)
            compared += 1
            if diff:
                problems.append(f"{task.name} {ctx.year} ({len(ctx.municipalities)} municipalities): {diff}")
    assert compared > 30
    assert problems == []


def test_the_figures_compared_are_not_trivial(network):
    """Guard against a vacuous check: the latest year has people, meetings and priorities."""
    ctx = views(network)[-3]
    card = bp.run_peer("duckdb", bp.TASKS["key_figures"], ctx)[""]
    assert card["unique_participants"] > 100 and card["meetings_monitored"] > 10 and card["people_reached"] > 0
    shares = bp.run_peer("duckdb", bp.TASKS["participation_shares"], ctx)[""]
    assert 0 < shares["women"] < shares["unique_participants"]
    assert bp.run_peer("duckdb", bp.TASKS["priorities_addressed"], ctx)[""]["priorities_assessed"] > 0


def test_a_wrong_number_is_caught():
    ours = {"": {"unique_participants": 100.0, "share_women": 0.5}}
    assert bp.differences(ours, {"": {"unique_participants": 100.0, "share_women": 0.5}}, ["unique_participants", "share_women"]) == []
    assert bp.differences(ours, {"": {"unique_participants": 99.0, "share_women": 0.5}}, ["unique_participants"])
    assert bp.differences(ours, {"": {"unique_participants": 100.0, "share_women": 0.5000001}}, ["share_women"])
    assert bp.differences({"A": {"x": 1.0}}, {"B": {"x": 1.0}}, ["x"])


def test_key_figures_are_the_cards():
    from popdash.views.key_figures import KEY_FIGURE_NAMES

    assert list(bp.KEY_FIGURES) == KEY_FIGURE_NAMES
    assert set(bp.FIGURE_TASKS) == set(KEY_FIGURE_NAMES)


def test_baseline_sql_binds_its_parameters_and_the_app_never_loads_it():
    tables = set(load_schema())
    files = sorted(bp.SQL_DIR.rglob("*.sql"))
    assert len(files) == len(bp.TASKS) + len(bp.FIGURE_TASKS)
    for task in ALL_TASKS:
        assert (bp.SQL_DIR / task.sql).exists()
        for name in bp.sql_parameters(task.sql):
            assert name in {"year", "municipalities"} or (name.endswith("_file") and name.removesuffix("_file") in tables), name
        assert "{" not in bp.sql_text(task.sql)  # nothing is formatted into the text
    assert not {p.stem for p in files} & set(db.query_names())
    users = [p for p in [*ROOT.glob("popdash/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
             if "bench_sql" in p.read_text(encoding="utf-8")]
    assert users and all(p.parent == ROOT / "popdash" / "dev" and p.name.startswith("bench") for p in users)


def test_cold_runs_answer_in_a_new_process_with_the_same_numbers(network):
    if network.name != "x1":
        pytest.skip("run once, on the sample")
    ctx = views(network)[-3]
    task = bp.TASKS["key_figures"]
    ours = bp.only(bp.ours_result(task, db.run(task.query, **bp.ours_parameters(task, ctx)), ctx.year), task.columns)
    env = bench_compare.child_env(network)
    for impl in ["ours", "duckdb", "pandas"]:
        spec = {"impl": impl, "task": task.name, "directory": str(ctx.directory), "year": ctx.year,
                "municipalities": ctx.municipalities}
        seconds, answer = bench_compare.cold_run(spec, env)
        assert seconds > 0
        assert bp.differences(ours, answer, task.columns) == []


def test_comparison_without_polars_skips_its_column(network, monkeypatch):
    if network.name != "x2":
        pytest.skip("run once, on the generated network (each run starts about 30 processes)")
    real = bp.available
    monkeypatch.setattr(bp, "available", lambda peer: peer != "polars" and real(peer))
    options = bench.Options(scales=[], peer_runs=1, cold_runs=1, figures=False, write=True)
    with bench.data_dir(network):
        out = bench_compare.compare(options, network)
    assert out["peers"] == ["duckdb", "pandas"]
    assert any("Polars is not installed" in n for n in out["notes"])
    for task in out["tasks"]:
        assert set(task["warm"]) == {"ours", "duckdb", "pandas"}
        assert task["warm"]["ours"]["runs"] >= 7  # at least 7 rounds, whatever was asked
        assert set(task["cold"]) == {"ours", "duckdb", "pandas"}
        assert all(c["differing_answers"] == 0 for c in task["cold"].values())
        assert all(c["same"] for c in task["checks"].values())
    write = out["version_write"]
    assert write["derived_s"] > 0 and write["write_s"] >= write["derived_s"] and write["peak_rss_mb"] > 0
    assert {b["page"] for b in out["break_even"]} == set(bench_compare.PAGES)
    results = {"machine": bench.machine(), "started": "now",
               "scales": [{"scale": 1, "data": {"attendance_rows": 1}, "load_before": [], "load_after": [], "peers": out}]}
    text = bench.markdown(results)
    assert "not installed" in text and "Polars is not installed" in text
    assert re.search(r"\| x1 \| key_figures \| the dashboard's named query \| [\d.,]+ \|", text)
    assert os.environ["POPDASH_DATA_DIR"] == str(network)
