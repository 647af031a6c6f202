"""Imports of generated files (tests/import_workbooks.py): every broken one is refused with each
fault at its sheet, row and column and changes no byte under the data root; every valid one
is stored as imported and reads back the same through the query layer's views.

Hypothesis runs with a fixed seed (derandomize) and a bounded number of examples, no example
database and no deadline, so the suite gives the same examples on every machine and in CI.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from conftest import write_dataset
from import_workbooks import FAULT_KINDS, FORMATS, broken_imports, expected_tables, valid_imports
from ingest_files import fingerprint, reference_tables
from popdash import cli
from popdash.data import audit_log, derived, store
from popdash.data.schema import load_schema
from popdash.ingest import importer
from popdash.ingest.record_types import imported_tables, record_types

BASE = "base"
# Examples per fault kind and per record type: 45 broken and 26 valid imports in all, some
# 30 seconds on two shared cores.
BROKEN_EXAMPLES = 5
VALID_EXAMPLES = 2


def bounded(examples: int):
    """A fixed seed, a fixed number of examples, no example database. No shrinking: every
    step of it is a whole import, and a generated import is small (at most four rows in a
    few sheets) and printed in full when it fails, so it is read as it is."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    phases=(Phase.explicit, Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def base_root(tmp_path_factory):
    """A data root holding the reference data (municipalities, memberships, two events)."""
    root = tmp_path_factory.mktemp("base") / "data"
    root.mkdir()
    write_dataset(root, reference_tables(), version=BASE)
    return root


@pytest.fixture(scope="module")
def fresh_root(base_root, tmp_path_factory):
    """A function giving a copy of the base data root for one example (removed afterwards)."""
    workdir = tmp_path_factory.mktemp("examples")
    counter = itertools.count()

    @contextlib.contextmanager
    def make():
        folder = workdir / f"example-{next(counter)}"
        shutil.copytree(base_root, folder / "data")
        (folder / "files").mkdir()
        try:
            yield folder / "data", folder / "files"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return make


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


def write_files(folder, files) -> list[str]:
    paths = []
    for name, data in files:
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    return paths


def read_back(root) -> dict[str, list[dict]]:
    """Every table of the current version through the views the named queries read."""
    con = derived.connect()
    try:
        derived.register(con, store.version_dir(root=root))
        return {name: con.table(name).to_arrow_table().to_pylist() for name in load_schema()}
    finally:
        con.close()


def by_key(table: str, records: list[dict]) -> dict[tuple, dict]:
    key = load_schema()[table].key
    keyed = {tuple(r[k] for k in key): r for r in records}
    assert len(keyed) == len(records), f"{table}: a key stored twice"
    return keyed


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_a_broken_import_is_refused_at_each_fault_and_writes_nothing(kind, fresh_root):
    @bounded(BROKEN_EXAMPLES)
    @given(imp=broken_imports(kind))
    def check(imp):
        refused_without_a_trace(imp, fresh_root)
    check()


def refused_without_a_trace(imp, fresh_root):
    with fresh_root() as (root, folder):
        files = imp.files()
        before = fingerprint(root)
        plan = importer.prepare(files, root=root)
        assert not plan.ok and plan.tables is None
        found = {(p.file, p.sheet, p.row, p.column): p for p in plan.errors}
        expected = imp.expected_errors()
        assert set(found) == set(expected), (
            f"errors reported: {[(k, p.key) for k, p in found.items()]}\nfaults put in: {expected}")
        for location, problem in found.items():
            assert problem.key in expected[location], (location, problem.key, expected[location])
            for lang in ("sq", "en"):
                message = problem.message(lang)
                assert message and "ingest.problem" not in message, (problem.key, lang, message)
        with pytest.raises(ValueError):
            importer.commit(plan, "hypothesis", root=root)
        code, out = run_cli("ingest", *write_files(folder, files), "--data-dir", str(root), "--user", "hypothesis",
                            "--lang", "en")
        assert code == 1, out
        assert fingerprint(root) == before
        assert not audit_log.read_log(root)


@pytest.mark.parametrize("record_id,fmt", [(r.id, FORMATS[i % len(FORMATS)]) for i, r in enumerate(record_types())])
def test_a_valid_import_is_stored_as_imported_and_reads_back(record_id, fmt, fresh_root):
    """Each sheet of the template (with others drawn at random), in each file format in turn."""
    @bounded(VALID_EXAMPLES)
    @given(imp=valid_imports((fmt,), include=frozenset({record_id})))
    def check(imp):
        stored_as_imported(imp, fresh_root)
    check()


def stored_as_imported(imp, fresh_root):
    with fresh_root() as (root, folder):
        stored = importer.read_existing(root, BASE)
        files = imp.files()
        plan = importer.prepare(files, root=root)
        assert plan.ok, [(p.file, p.sheet, p.row, p.column, p.key, p.value) for p in plan.errors]
        expected, counts = expected_tables(stored, imp)
        for table in imported_tables():
            change = plan.changes[table]
            assert (change.added, change.changed, change.unchanged) == tuple(
                counts.get(table, {}).get(k, 0) for k in ("added", "changed", "unchanged")), table
        code, out = run_cli("ingest", *write_files(folder, files), "--data-dir", str(root), "--user", "hypothesis",
                            "--lang", "en")
        assert code == 0, out
        version = store.current_version(root)
        assert (version == BASE) == (not plan.has_changes)
        tables = read_back(root)
        for table in load_schema():
            assert by_key(table, tables[table]) == expected[table], table
        # The reference tables, which no template fills, are kept as they were.
        for table in ("municipalities", "memberships"):
            assert tables[table] == stored[table]
        entry = audit_log.read_log(root)[-1]
        assert (entry["action"], entry["user"], entry["version"]) == ("import", "hypothesis", None if version == BASE
                                                                     else version)
        assert [f["sha256"] for f in entry["files"]] == [importer.file_info(n, d).sha256 for n, d in files]
