"""SQL lives in queries/*.sql with bound parameters; nothing assembles SQL from strings."""
import re
from pathlib import Path

import pytest

from popdash.data import db

ROOT = Path(__file__).resolve().parent.parent
PY_SOURCES = [p for d in ("popdash", "pages") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]
SQL_WORDS = r"(select|insert|update|delete|create|with|from)\b"


@pytest.mark.parametrize("path", PY_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_built_with_string_formatting(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"""\bf["'](\s*)""" + SQL_WORDS, text, re.I), "f-string SQL"
    assert not re.search(r"""\.(execute|sql|query)\(\s*f["']""", text), "f-string passed to execute"
    assert not re.search(r"""(execute|sql)\([^)]*\.format\(""", text), ".format SQL"


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_documents_purpose_grain_and_parameters(name):
    header = "\n".join(line for line in db.query_text(name).splitlines() if line.startswith("--"))
    assert "Grain:" in header, f"{name}: header must state the grain"
    assert "Parameters:" in header, f"{name}: header must list the parameters"
    for parameter in db.query_parameters(name):
        assert f"${parameter}" in header, f"{name}: ${parameter} is not documented in the header"


def test_unknown_query_names_are_refused():
    with pytest.raises(db.QueryError):
        db.run("../etc/passwd")
    with pytest.raises(db.QueryError):
        db.run("no_such_query")


def test_a_missing_parameter_is_an_error(sample_root):
    with pytest.raises(db.QueryError):
        db.run("key_figures_by_municipality", municipalities=["TIR"])


def test_hostile_parameter_values_are_data_not_sql(sample_root):
    result = db.run("key_figures_by_year", municipalities=["TIR'); drop view meetings; --"])
    assert int(result.meetings_monitored.sum()) == 0
    assert int(db.run("key_figures_by_year", municipalities=["TIR"]).meetings_monitored.sum()) > 0
