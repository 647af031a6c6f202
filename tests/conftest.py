"""Shared fixtures: small datasets built in code, written as a data version in a temporary
data root that the app and the query layer then read."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from popdash.data import db
from popdash.data import store  # noqa: E402
from popdash.data.schema import load_schema  # noqa: E402


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in load_schema()[table].column_names})


def municipalities_frame(*codes: str) -> pd.DataFrame:
    """The municipalities table for the given codes (popdash.data.reference), for a small
    dataset whose rows name municipalities: every version written in a test is checked for
    references (checked_writes)."""
    from popdash.data.reference import MUNICIPALITIES

    columns = load_schema()["municipalities"].column_names
    rows = {row[0]: row for row in MUNICIPALITIES}
    return pd.DataFrame([rows[code] for code in codes], columns=columns)


def write_dataset(root: Path, tables: dict[str, pd.DataFrame], sample: bool = False, version: str = "fixture") -> str:
    """Write the given tables (the rest empty) as a data version under root and make it current."""
    frames = {name: tables.get(name, empty_frame(name)) for name in load_schema()}
    return store.write_version(frames, {"sample": sample, "source": "tests"}, root=root, version=version)


@contextmanager
def current_dataset(root: Path, tables: dict[str, pd.DataFrame], version: str, sample: bool = True):
    """For a module-scoped fixture: the tables written under `root` and made the data root the
    app reads until the block ends (a module fixture cannot use the monkeypatch fixture)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POPDASH_DATA_DIR", str(root))
        db.clear_cache()
        write_dataset(root, tables, sample=sample, version=version)
        yield root
    db.clear_cache()


@pytest.fixture
def data_root(tmp_path, monkeypatch):
    """An empty data root that the app and queries use for this test."""
    monkeypatch.setenv("POPDASH_DATA_DIR", str(tmp_path))
    db.clear_cache()
    yield tmp_path
    db.clear_cache()


@pytest.fixture(scope="session")
def sample_frames():
    """The full sample dataset, generated in memory from its seed."""
    from popdash.dev.sample import generate

    return generate()


@pytest.fixture
def sample_root(tmp_path, monkeypatch, sample_frames):
    """A data root holding the sample data, generated from the seed in this test run."""
    monkeypatch.setenv("POPDASH_DATA_DIR", str(tmp_path))
    db.clear_cache()
    write_dataset(tmp_path, sample_frames, sample=True, version="sample")
    yield tmp_path
    db.clear_cache()


@pytest.fixture(autouse=True)
def navigation_not_pages_directory(monkeypatch):
    """AppTest re-detects the legacy `pages/` folder before every run, and on reruns then runs
    the current page without app.py (no sidebar, no context). A served app detects it once and
    st.navigation switches it off for good, so the tests do the same."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def checks(monkeypatch):
    """Every password check that reaches a key derivation, by the password tried: a refused
    sign-in must not cost a hash."""
    from popdash.app import passwords

    tried = []
    real = passwords.derive
    monkeypatch.setattr(passwords, "derive", lambda password, stored: tried.append(password) or real(password, stored))
    return tried



# Whether the test being set up checks the versions it writes (see checked_writes); set before
# its fixtures run, so the writes of a module- or session-scoped fixture are checked as well.
_check_writes = {"on": True}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _check_writes["on"] = item.get_closest_marker("unchecked_write") is None


@pytest.fixture(scope="session", autouse=True)
def checked_writes():
    """Every data version a test writes through popdash.data.store.write_version (fixtures,
    imports, commands run in the test's process) is read back and checked against
    data/schema.toml once written: column types, required values, allowed codes, unique keys
    and references (tests/store_checks.py). A test that writes invalid data on purpose opts
    out with @pytest.mark.unchecked_write. Session-scoped, so that the writes of fixtures of
    any scope are checked."""
    import inspect

    from store_checks import assert_matches_schema

    real = store.write_version
    signature = inspect.signature(real)

    def write_version(*args, **kwargs):
        version = real(*args, **kwargs)
        if _check_writes["on"]:
            root = signature.bind(*args, **kwargs).arguments.get("root")
            assert_matches_schema(store.version_dir(version, root))
        return version

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "write_version", write_version)
        yield
