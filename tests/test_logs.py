"""Logging (popdash/logs.py) and progress (popdash/commands/progress.py): one configuration, an
import, a refused sign-in and a slow query each logged without private values; progress
callbacks called stage by stage; bars only on a terminal."""
from __future__ import annotations

import io
import logging
import sys
from contextlib import contextmanager

import pytest

from conftest import write_dataset
from ingest_files import TODAY, csv_bytes, events_sheet, reference_tables
from popdash import cli, logs
from popdash.app import login_guard, sign_in, upload_session
from popdash.commands import progress as cli_progress
from popdash.data import db, store
from popdash.dev import bench, sample, scale
from popdash.i18n import translate
from popdash.ingest import importer
from test_login_guard import PASSWORD, Clock, accounts  # noqa: F401 (the accounts fixture)

# Private values that must never reach a log line: a file name and an event title naming a person.
PRIVATE_FILE = "Arben Hoxha 0691234567.csv"
PRIVATE_TITLE = "Takim me Arben Hoxha (arben.hoxha@example.al)"


@pytest.fixture
def package_logger():
    """The "popdash" logger as a test found it, put back afterwards (configure() changes it)."""
    logger = logging.getLogger(logs.PACKAGE_LOGGER)
    handlers, level = list(logger.handlers), logger.level
    logger.handlers = [h for h in handlers if not isinstance(h, logs.StderrHandler)]
    yield logger
    logger.handlers, logger.level = handlers, level


@pytest.fixture
def ref_root(data_root):
    write_dataset(data_root, reference_tables(), version="base")
    return data_root


def logged(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


def events_csv(title: str = PRIVATE_TITLE) -> bytes:
    return csv_bytes(events_sheet(["SHK-E-2026-001", "SHK", "14.05.2025", "forum", title]), "utf-8-sig", ";")


# The configuration -------------------------------------------------------------------------------


def test_configure_once_with_the_level_from_the_environment(package_logger, monkeypatch, capsys):
    monkeypatch.setenv(logs.LEVEL_VARIABLE, "warning")
    logs.configure()
    logs.configure()
    assert [type(h) for h in package_logger.handlers].count(logs.StderrHandler) == 1
    assert package_logger.level == logging.WARNING
    logging.getLogger("popdash.somewhere").warning("one line")
    logging.getLogger("popdash.somewhere").info("not shown")
    err = capsys.readouterr().err  # written to the stderr of the moment, though made before it
    assert "WARNING popdash.somewhere: one line" in err and "not shown" not in err
    monkeypatch.delenv(logs.LEVEL_VARIABLE)
    logs.configure()
    assert package_logger.level == logging.INFO  # the default


def test_an_unknown_level_falls_back_to_info(monkeypatch):
    monkeypatch.setenv(logs.LEVEL_VARIABLE, "loud")
    assert logs.level_from_environment() == logging.INFO
    monkeypatch.setenv(logs.LEVEL_VARIABLE, "10")
    assert logs.level_from_environment() == logging.DEBUG


# What is logged ----------------------------------------------------------------------------------


def test_an_import_logs_its_rows_and_version_but_no_cell_value_or_file_name(ref_root, caplog):
    caplog.set_level(logging.INFO, logger="popdash")
    plan = importer.prepare([(PRIVATE_FILE, events_csv())], today=TODAY)
    version = importer.commit(plan, "tester")
    text = logged(caplog)
    assert "import checked" in text and "import written by tester" in text
    assert f"new version {version}" in text and "events +1 ~0 -0" in text
    assert f"current data version: {version} (was base)" in text  # store.switch_current
    assert "Arben" not in text and "0691234567" not in text and "example.al" not in text


def test_a_refused_import_and_a_dry_run_say_so(ref_root, tmp_path_factory, caplog, package_logger):
    caplog.set_level(logging.INFO, logger="popdash")
    importer.prepare([("e.csv", csv_bytes(events_sheet(["SHK-E-2026-001", "Nowhere", "14.05.2025", "forum", "x"])))])
    assert "import checked and refused" in logged(caplog) and "1 errors" in logged(caplog)
    path = tmp_path_factory.mktemp("files") / PRIVATE_FILE
    path.write_bytes(events_csv())
    assert cli.main(["ingest", str(path), "--dry-run", "--lang", "en"]) == 0
    assert "import dry run, nothing written" in logged(caplog)
    assert "Arben" not in logged(caplog)


def test_a_restore_logs_the_switch(ref_root, caplog):
    importer.commit(importer.prepare([("e.csv", events_csv("Forum"))], today=TODAY), "tester")
    caplog.set_level(logging.INFO, logger="popdash")
    importer.restore("base", "admin")
    assert "restore by admin: version base is current again" in logged(caplog)


def test_a_refused_sign_in_logs_account_and_address_never_the_password(tmp_path, accounts, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="popdash")
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    assert sign_in.attempt(guard, accounts, "shkoder", "guess-Xq7", "192.0.2.7", tmp_path).account is None
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path).refused == "wait"
    # a password typed into the user-name field is not logged either
    clock.advance(3600)
    sign_in.attempt(guard, accounts, "my-secret-passphrase", "x", "198.51.100.9", tmp_path)
    refused = [r for r in caplog.records if r.name == "popdash.app.sign_in"]
    assert len(refused) == 3 and all(r.levelno == logging.WARNING for r in refused)
    text = logged(caplog)
    assert "wrong user name or password) for account shkoder from 192.0.2.7" in text
    assert "refused (wait, by account) for account shkoder from 192.0.2.7" in text
    assert "for account ? from 198.51.100.9" in text
    everything = text + repr([r.args for r in caplog.records])
    for secret in ("guess-Xq7", PASSWORD, "my-secret-passphrase"):
        assert secret not in everything


def test_a_slow_query_logs_its_name_time_and_parameter_names(sample_root, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="popdash")
    monkeypatch.setenv(db.SLOW_QUERY_VARIABLE, "0")
    db.run("candidates_by_municipality", year=2025, municipalities=["SHK", "TIR"], lang="en")
    (record,) = [r for r in caplog.records if r.name == "popdash.data.db"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert message.startswith("slow query candidates_by_municipality: ") and " ms on version sample" in message
    assert "parameters: " in message and "municipalities" in message
    assert "SHK" not in message and "2025" not in message  # names, not values
    caplog.clear()
    db.run("candidates_by_municipality", year=2025, municipalities=["SHK", "TIR"], lang="en")  # a cache hit
    monkeypatch.setenv(db.SLOW_QUERY_VARIABLE, "100000")
    db.run("candidates_by_municipality", year=2024, municipalities=["SHK"], lang="en")
    assert not [r for r in caplog.records if r.name == "popdash.data.db"]


def test_the_slow_query_threshold_defaults_to_500_ms(monkeypatch):
    monkeypatch.delenv(db.SLOW_QUERY_VARIABLE, raising=False)
    assert db.slow_query_ms() == 500
    monkeypatch.setenv(db.SLOW_QUERY_VARIABLE, "not a number")
    assert db.slow_query_ms() == 500


# Progress ----------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.calls: list[tuple[str, float]] = []

    def __call__(self, stage: str, fraction: float) -> None:
        self.calls.append((stage, fraction))

    def stages(self) -> list[str]:
        return list(dict.fromkeys(stage for stage, _ in self.calls))


def test_the_importer_reports_each_stage_in_order(ref_root):
    checked, written = Recorder(), Recorder()
    plan = importer.prepare([("a.csv", events_csv("A")), ("b.xlsx", b"not a workbook")], today=TODAY,
                            progress=checked)
    assert checked.stages() == ["read", "check", "merge"]
    assert ("read", 0.5) in checked.calls and checked.calls[-1] == ("merge", 1.0)
    for stage in ("read", "check", "merge"):
        fractions = [f for s, f in checked.calls if s == stage]
        assert fractions == sorted(fractions) and 0.0 <= min(fractions) and max(fractions) == 1.0
    assert not plan.ok  # the unreadable file: read, reported, and the stages still end
    plan = importer.prepare([("a.csv", events_csv("A"))], today=TODAY)
    importer.commit(plan, "tester", progress=written)
    assert written.stages() == ["write"] and written.calls[0] == ("write", 0.0) and written.calls[-1] == ("write", 1.0)


def test_the_upload_page_bar_runs_across_its_stages_with_translated_labels():
    shown = []
    t = lambda key: translate("sq", key)  # noqa: E731
    check = upload_session.page_progress(lambda value, label: shown.append((value, label)), t,
                                         upload_session.CHECK_STAGES)
    for stage, fraction in (("read", 0.0), ("read", 1.0), ("check", 0.5), ("merge", 1.0), ("write", 0.0)):
        check(stage, fraction)
    assert [round(v, 3) for v, _ in shown] == [0.0, 0.333, 0.5, 1.0]  # write belongs to the confirmation
    assert [label for _, label in shown] == ["Po lexohen skedarët…", "Po lexohen skedarët…",
                                             "Po kontrollohet çdo rresht…", "Po kontrollohet çdo rresht…"]
    write = upload_session.page_progress(lambda value, label: shown.append((value, label)),
                                         lambda key: translate("en", key), upload_session.WRITE_STAGES)
    write("write", 1.0)
    assert shown[-1] == (1.0, "Saving the new version…")


def test_sample_generation_announces_every_step():
    steps = Recorder()
    scale.generate_scaled(0.05, sample.SEED, steps)
    assert tuple(steps.stages()) == scale.STEPS == scale.steps_at(0.05)
    assert scale.steps_at(1) == sample.STEPS


def test_the_benchmark_steps_are_the_planned_ones(tmp_path, monkeypatch):
    from popdash.dev import bench_browser, bench_compare

    @contextmanager
    def nowhere(root):
        yield

    for name, value in {"prepare_data": (tmp_path, {"attendance_rows": 1, "generated": False}),
                        "time_queries": ([], []), "compare_bare": [], "compare_pandas": {}, "time_pages": [],
                        "serve_and_browse": {}, "load_average": [], "check_targets": []}.items():
        monkeypatch.setattr(bench, name, lambda *a, value=value, **k: value)
    monkeypatch.setattr(bench, "data_dir", nowhere)
    monkeypatch.setattr(bench, "browser_available", lambda: True)
    monkeypatch.setattr(bench_compare, "compare", lambda *a, **k: {})
    monkeypatch.setattr(bench_browser, "browse", lambda *a, **k: [])
    for options in (bench.Options(scales=[1]), bench.Options(scales=[1], only_peers=True),
                    bench.Options(scales=[1], peers=False, serve=False)):
        taken = []
        bench.run_scale(1, options, 1, lambda line: None, taken.append)
        assert taken == bench.planned_steps(options)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_show_on_a_terminal_only(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    with cli_progress.stage_bar(importer.STAGES, {"check": "Checking"}) as bar:
        bar("check", 0.5)
        logging.getLogger("popdash.test").warning("a line above the bar")
    drawn = sys.stderr.getvalue()
    assert "Checking" in drawn and " 38%" in drawn  # (1 + 0.5) / 4 stages
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe, a test, a CI log
    with cli_progress.stage_bar(importer.STAGES) as bar:
        bar("write", 1.0)
    assert sys.stderr.getvalue() == ""


def test_the_ingest_command_prints_no_bar_when_not_on_a_terminal(ref_root, tmp_path_factory, capsys, package_logger):
    path = tmp_path_factory.mktemp("files") / "events.csv"
    path.write_bytes(events_csv("Forum"))
    assert cli.main(["ingest", str(path), "--user", "cli", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "written and now current" in captured.out
    assert "\r" not in captured.err and "%|" not in captured.err
    assert "import written by cli" in captured.err  # the log line, configured by the command
    assert store.current_version(ref_root) != "base"


def test_the_importer_drives_progress_without_tqdm_or_streamlit():
    """Each caller draws its own bar: the import code imports neither bar library."""
    import ast
    from pathlib import Path

    for path in sorted((Path(importer.__file__).parent).glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        assert not names & {"tqdm", "streamlit"}, path.name
