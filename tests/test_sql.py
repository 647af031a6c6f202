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


STAGING = sorted((ROOT / "queries" / "staging").glob("*.sql"))
PARAMETER_IN_VIEW = re.compile(r"\$[a-z_]")


@pytest.mark.parametrize("path", STAGING, ids=lambda p: p.stem)
def test_each_staging_file_is_one_documented_view_named_after_it(path):
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    assert "Grain:" in header and f"Staging view {path.stem}:" in header
    assert re.findall(r"\bcreate\s+(?:or\s+replace\s+)?view\s+([a-z_0-9]+)", body, re.I) == [path.stem]
    assert body.strip().rstrip(";").count(";") == 0, "one statement per file"
    assert not PARAMETER_IN_VIEW.search(body), "a view cannot bind $parameters"



def test_staging_views_are_registered_and_named_apart(sample_root):
    from popdash.data import derived, store
    from popdash.data.schema import load_schema

    names = {p.stem for p in STAGING}
    assert {"recommendation_reports", "report_responses"} <= names
    assert not names & (set(load_schema()) | set(derived.DERIVED_TABLES) | set(db.query_names()))
    path = store.version_dir()
    cursor = db.connection(path, db.data_token(path)).cursor()
    try:
        views = {r[0] for r in cursor.execute("select view_name from duckdb_views() where not internal").fetchall()}
        # The view answers what its join answered: every recommendation once, with its report's year.
        joined = cursor.execute("select count(*), count(distinct recommendation_id) from recommendations "
                                "join reports using (report_id)").fetchone()
        staged = cursor.execute("select count(*), count(distinct recommendation_id) from recommendation_reports").fetchone()
    finally:
        cursor.close()
    assert names <= views
    assert staged == joined and joined[0] > 0


def test_recommendations_are_joined_to_reports_in_one_place():
    """Named queries read recommendation_reports (or report_responses) instead of joining the
    two tables again; responses_by_recommendation lists reports without recommendations too
    and keeps its left join from reports."""
    readers = sorted(p.stem for p in (ROOT / "queries").glob("*.sql")
                     if re.search(r"\b(from|join)\s+recommendations\b", p.read_text(encoding="utf-8"), re.I))
    assert readers == ["responses_by_recommendation"]
