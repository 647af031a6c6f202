"""Run the command line (`python -m popdash ...`) with every write under a data root counted,
and SIGKILL the process at the N-th one.

A write point is any operation that changes a file or folder under the data root, taken just
before it happens:

* what Python itself does, seen through an audit hook (sys.addaudithook): a file opened for
  writing or appending (open, Path.write_text, os.open with write flags), a rename or replace,
  a file or folder removed (also each one shutil.rmtree removes), a folder made, a time stamp
  set (Path.touch);
* what the C++ writers do, which no audit hook sees: pyarrow.parquet.write_table, and a DuckDB
  relation's write_parquet (the derived tables), wrapped here.

Each point is logged as one JSON line (number, operation, path relative to the data root)
before the kill, so a test can tell which write a killed run reached and compare it with the
writes of a normal run; and a test can check that every file a normal run changed is explained
by a logged point (so no writer is missed).

    python tests/write_points.py run --root DATA --log OPS.jsonl [--kill-at N] [--hold] -- ingest FILE ...
    python tests/write_points.py serve < jobs.json

With --hold the first write of the checked import (popdash.ingest.importer.commit) waits: the process
prints HOLD and goes on when a line arrives on its standard input, so a test can let another
import land between this one's check and its write.

`serve` imports the package once, then forks one child per job (two at a time), each running
the command line with its own data root and kill point, and prints each child's exit status
as JSON: the same code and writes as a fresh interpreter, without paying its start-up per run.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PATH_EVENTS = {"os.remove": "remove", "os.rmdir": "rmdir", "os.mkdir": "mkdir", "os.utime": "utime",
               "os.truncate": "truncate", "os.chmod": "chmod", "os.chown": "chown", "os.symlink": "symlink"}


class Points:
    """Counts write points under `root`, logs each to `log_fd`, kills the process at `kill_at`."""

    def __init__(self, root: str, log_fd: int, kill_at: int | None):
        self.root = os.path.realpath(root)
        self.log_fd = log_fd
        self.kill_at = kill_at
        self.count = 0
        self.busy = False

    def resolve(self, path, dir_fd=None) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        path = os.fsdecode(os.fspath(path))
        if not os.path.isabs(path):
            base = os.readlink(f"/proc/self/fd/{dir_fd}") if isinstance(dir_fd, int) else os.getcwd()
            path = os.path.join(base, path)
        folder, name = os.path.split(os.path.abspath(path))
        return os.path.join(os.path.realpath(folder), name)

    def relative(self, path: str | None) -> str | None:
        if path is None or not (path == self.root or path.startswith(self.root + os.sep)):
            return None
        return os.path.relpath(path, self.root)

    def point(self, op: str, path, dir_fd=None, to=None, to_dir_fd=None) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            source = self.relative(self.resolve(path, dir_fd))
            target = self.relative(self.resolve(to, to_dir_fd)) if to is not None else None
            if source is None and target is None:
                return
            self.count += 1
            line = {"n": self.count, "op": op, "path": source}
            if to is not None:
                line["to"] = target
            os.write(self.log_fd, (json.dumps(line) + "\n").encode())
            if self.count == self.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        finally:
            self.busy = False

    def audit(self, event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = args
            writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool((flags or 0) & WRITE_FLAGS)
            if writes:
                self.point("open", path)
        elif event in ("os.rename", "os.link"):  # a link from the base version writes its target
            source, target, source_fd, target_fd = args
            self.point(event[3:], source, source_fd, target, target_fd)
        elif event in PATH_EVENTS:
            dir_fd = args[-1] if event in ("os.remove", "os.rmdir", "os.mkdir", "os.utime") else None
            self.point(PATH_EVENTS[event], args[0], dir_fd if isinstance(dir_fd, int) else None)


class Relation:
    """A DuckDB relation whose writes to files are write points."""

    def __init__(self, relation, points: Points):
        self._relation, self._points = relation, points

    def __getattr__(self, name):
        attribute = getattr(self._relation, name)
        if name in ("write_parquet", "to_parquet", "write_csv", "to_csv"):
            def write(path, *args, **kwargs):
                self._points.point(f"duckdb.{name}", path)
                return attribute(path, *args, **kwargs)
            return write
        return attribute


class Connection:
    """A DuckDB connection whose relations are wrapped (derived.write goes through con.sql)."""

    def __init__(self, connection, points: Points):
        self._connection, self._points = connection, points

    def sql(self, *args, **kwargs):
        return Relation(self._connection.sql(*args, **kwargs), self._points)

    query = sql

    def __getattr__(self, name):
        return getattr(self._connection, name)


def install(root: str, log_fd: int, kill_at: int | None) -> Points:
    import pyarrow.parquet as pq

    from popdash.data import derived

    points = Points(root, log_fd, kill_at)
    real_write_table = pq.write_table

    def write_table(table, where, *args, **kwargs):
        points.point("pyarrow.write_table", where)
        return real_write_table(table, where, *args, **kwargs)

    pq.write_table = write_table
    real_connect = derived.connect
    derived.connect = lambda: Connection(real_connect(), points)
    sys.addaudithook(points.audit)
    return points


def run_cli(argv: list[str]) -> int:
    from popdash.cli import main

    try:
        return main(argv)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1


def hold_first_commit() -> None:
    from popdash.ingest import importer

    real_commit = importer.commit
    held = []

    def commit(*args, **kwargs):
        if not held:
            held.append(True)
            print("HOLD", flush=True)
            sys.stdin.readline()
        return real_commit(*args, **kwargs)

    importer.commit = commit


def run(args: argparse.Namespace) -> int:
    log_fd = os.open(args.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    install(args.root, log_fd, args.kill_at)
    if args.hold:
        hold_first_commit()
    return run_cli(args.argv)


def serve() -> int:
    """Jobs from stdin: [{"root", "log", "out", "kill_at", "argv"}]; results to stdout."""
    import importlib

    from popdash.cli import build_parser

    # Everything an import uses, imported once before forking (no thread started yet).
    for module in ("popdash.data.derived", "popdash.ingest.importer", "popdash.commands.data", "pyarrow.parquet", "openpyxl"):
        importlib.import_module(module)
    build_parser()  # imports every command's module
    jobs = json.load(sys.stdin)
    width = int(os.environ.get("WRITE_POINTS_PARALLEL", "2"))
    running: dict[int, dict] = {}
    results = []
    pending = list(jobs)
    while pending or running:
        while pending and len(running) < width:
            job = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                child(job)
            running[pid] = job
        pid, status = os.wait()
        job = running.pop(pid)
        results.append({**job, "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                        "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None})
    json.dump(results, sys.stdout)
    return 0


def child(job: dict) -> None:
    code = 70
    try:
        out = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        sys.stdout = os.fdopen(1, "w", buffering=1)
        sys.stderr = os.fdopen(2, "w", buffering=1)
        log_fd = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        install(job["root"], log_fd, job.get("kill_at"))
        code = run_cli(job["argv"])
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 (reported through the exit status and the output file)
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("run")
    one.add_argument("--root", required=True)
    one.add_argument("--log", required=True)
    one.add_argument("--kill-at", type=int)
    one.add_argument("--hold", action="store_true")
    one.add_argument("argv", nargs=argparse.REMAINDER)
    sub.add_parser("serve")
    args = parser.parse_args()
    if args.mode == "serve":
        return serve()
    if args.argv and args.argv[0] == "--":
        args.argv = args.argv[1:]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
