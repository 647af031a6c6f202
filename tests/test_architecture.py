"""The package's layers, checked from the source: one query path.

Only the data layer (popdash/data) talks to DuckDB through popdash.data.db; everything else
reads data through a runner (popdash.data.named_queries) it is given or makes. popdash/dev
(the benchmarks) measures the query layer itself and may import it."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "popdash"
DATABASE_MODULE = "popdash.data.db"
ALLOWED = ("popdash.data", "popdash.dev")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module the source of `module` imports, at any depth (in functions too), relative
    imports resolved, and `from X import name` also as X.name since the name may be a
    submodule (`from popdash.data import db`)."""
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def database_importers() -> list[str]:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if any(in_layer(module, layer) for layer in ALLOWED):
            continue
        imported = imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        if any(in_layer(name, DATABASE_MODULE) for name in imported):
            offenders.append(module)
    return offenders


def test_the_check_sees_every_way_of_importing_the_database_module():
    """`import popdash.data.db`, `from popdash.data import db`, `from popdash.data.db import
    run` in a function, and relative imports are all seen; the data layer's surface is not."""
    seen = [
        "import popdash.data.db as database\n",
        "from popdash.data import store, db\n",
        "def f():\n    from popdash.data.db import run\n    return run\n",
        "from ..data import db\n",
        "from ..data.db import run\n",
    ]
    for source in seen:
        imported = imported_modules(source, "popdash.views.example")
        assert any(in_layer(name, DATABASE_MODULE) for name in imported), source
    assert any(in_layer(name, DATABASE_MODULE) for name in imported_modules("from . import db\n", "popdash.data", True))
    for source in ("from popdash.data import named_queries, rubric\n", "from popdash.data.named_queries import runner\n",
                   "import popdash.data.dbx\n", "from .db import x\n"):
        imported = imported_modules(source, "popdash.views.example")
        assert not any(in_layer(name, DATABASE_MODULE) for name in imported), source


def test_only_the_data_layer_imports_the_database_module():
    offenders = database_importers()
    assert not offenders, (
        f"{', '.join(offenders)} import {DATABASE_MODULE}: outside popdash/data, read data through a runner "
        "(popdash.data.named_queries: ctx.run on a page, runner() in a command) passed to the domain code")


def test_the_rubric_is_read_in_one_place_and_an_edit_is_seen(tmp_path, monkeypatch):
    """popdash.data.rubric reads data/rubric.toml and keeps it until the file changes; the views
    that need its settings ask it, so they all see an edit at once."""
    import os

    from popdash.data import rubric
    from popdash.views import council, results_framework, transparency

    copy = tmp_path / "rubric.toml"
    text = rubric.RUBRIC_FILE.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    monkeypatch.setattr(rubric, "RUBRIC_FILE", copy)
    before = rubric.settings()
    assert rubric.query_params() == transparency.rubric_params() == results_framework.query_params()
    assert rubric.min_meetings() == council.min_meetings() == transparency.min_meetings() == before["min_meetings"]
    assert len(rubric.indicators()) == 12

    copy.write_text(text.replace(f"min_meetings = {before['min_meetings']}", "min_meetings = 7")
                    .replace(f"band_high = {before['band_high']}", "band_high = 80"), encoding="utf-8")
    stamp = copy.stat().st_mtime_ns
    os.utime(copy, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))  # a later modification time, whatever the clock
    assert rubric.min_meetings() == council.min_meetings() == transparency.min_meetings() == 7
    assert transparency.rubric_params()["min_meetings"] == results_framework.query_params()["min_meetings"] == 7
    assert transparency.band_bounds() == {"medium": before["band_medium"], "high": 80}
    assert transparency.band(75) == "medium" and transparency.band(80) == "high"
    rubric.settings()["min_meetings"] = 99  # callers get copies
    assert rubric.min_meetings() == 7


# The layers from the bottom up (ARCHITECTURE.md): a module imports only its own layer and the
# layers below it. paths and logs are the base every layer may use.
LAYERS = (
    ("popdash.paths", "popdash.logs"),
    ("popdash.i18n",),
    ("popdash.data",),
    ("popdash.ingest",),
    ("popdash.views",),
    ("popdash.exports",),
    ("popdash.app",),
    ("popdash.cli", "popdash.commands", "popdash.__main__"),
    ("popdash.dev",),
)


def layer_of(module: str) -> int | None:
    for rank, names in enumerate(LAYERS):
        if any(in_layer(module, name) for name in names):
            return rank
    return None


def upward_imports() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if module == "popdash":  # the package's docstring
            continue
        rank = layer_of(module)
        assert rank is not None, f"{module} is in no layer of ARCHITECTURE.md"
        for name in imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            target = layer_of(name) if name.startswith("popdash.") else None
            if target is not None and target > rank:
                found.append((module, name))
    return found


def test_every_layer_imports_only_the_layers_below_it():
    assert upward_imports() == []


def test_the_layer_check_sees_an_upward_import(tmp_path, monkeypatch):
    fake = tmp_path / "popdash"
    (fake / "data").mkdir(parents=True)
    (fake / "data" / "store.py").write_text("from popdash.views import charts\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert ("popdash.data.store", "popdash.views.charts") in upward_imports()
