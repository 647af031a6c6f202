"""Every named query returns what it returned before the package was reorganised: the same
columns, rows and values, on the sample and on a generated network five times its size, in
three views (tests/query_results.py says how the fingerprints were taken)."""
from __future__ import annotations

import json

import pytest

from tests.query_results import GOLDEN, compute


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", "")
        return compute(tmp_path_factory.mktemp("query-equivalence"))


def test_every_named_query_is_fingerprinted():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    from popdash.data import db

    for dataset in golden.values():
        assert {key.split("/", 1)[1] for key in dataset} == set(db.query_names())


@pytest.mark.parametrize("dataset", ["sample", "scale5"])
def test_named_queries_return_the_results_recorded_before_the_move(computed, dataset):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[dataset]
    differing = {key: (golden[key], got) for key, got in computed[dataset].items() if golden.get(key) != got}
    assert not differing, f"{len(differing)} results differ, first: {next(iter(differing.items()))}"
    # The views are not trivially empty: most queries return rows in the default view.
    assert sum(1 for key, fp in golden.items() if key.startswith("latest_all/") and fp["rows"] > 0) >= 40
