"""Failed sign-ins counted on the server, per account and per client address, in a small SQLite
file under the data root: shared by every session and server process, and kept across a page
reload and a server restart (the session-only count it replaces was reset by a reload).

After each failure the next attempt must wait longer (1 s, 2 s, 4 s, ... up to 15 minutes);
5 failures within a minute lock the account or the address for 15 minutes. A refused attempt
never reaches the password check. Every attempt is counted as a failure *before* the password is
checked and uncounted if it succeeds, so parallel sessions cannot all pass the check first.

Why SQLite rather than a JSON file: the check and the count must be one atomic step for every
session thread and every process; a write transaction (BEGIN IMMEDIATE) gives that with the
file's own lock, from the standard library, and a crash mid-write leaves the last good state.
Keys are stored as SHA-256 digests, so a password typed into the user-name field is not kept.
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

FILE = "login_attempts.sqlite3"
LOCAL = "local"  # Streamlit reports no address for this machine (and in tests): one shared bucket
SCHEMA = (
    "create table if not exists attempts (id integer primary key, key text not null, at real not null)",
    "create index if not exists attempts_by_key on attempts (key, at)",
    "create table if not exists locks (key text primary key, until real not null)",
    "create table if not exists reports (key text primary key, at real not null)",
)


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5          # within `window` seconds: the next attempt is refused
    window: float = 60.0
    lockout: float = 15 * 60.0
    first_delay: float = 1.0       # after one failure; doubled after each further one
    max_delay: float = 15 * 60.0
    memory: float = 24 * 3600.0    # failures older than this are forgotten

    def delay(self, failures: int) -> float:
        return 0.0 if failures <= 0 else min(self.first_delay * 2 ** (failures - 1), self.max_delay)


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt may check its password. A refusal names the kind of key that refused
    ("account" or "address") and says whether the audit log should record it (at most once per
    key per window, so a guesser cannot flood the log)."""
    allowed: bool
    keys: tuple[tuple[str, str], ...] = ()   # (kind, stored key)
    reason: str = ""                          # "locked" or "wait" when refused
    retry_at: float = 0.0
    refused_by: str = ""
    report: bool = False
    attempt: tuple[int, ...] = ()             # rows counting this attempt, removed on success


def stored_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode("utf-8")).hexdigest()


def keys_for(username: str, address: str | None) -> tuple[tuple[str, str], ...]:
    """The account (by the name as typed, without case or spaces) and the client's address."""
    return (("account", stored_key("account", username.strip().casefold())),
            ("address", stored_key("address", address or LOCAL)))


def wall_clock() -> float:
    return time.time()


class Guard:
    """The counts in one file. `clock` (seconds since the epoch) is injectable for tests."""

    def __init__(self, path: Path, policy: Policy | None = None, clock=None):
        self.path = Path(path)
        self.policy = policy or Policy()
        self.clock = clock or wall_clock

    @contextmanager
    def transaction(self):
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as connection:
            connection.execute("begin immediate")
            try:
                for statement in SCHEMA:
                    connection.execute(statement)
                yield connection
            except BaseException:
                connection.execute("rollback")
                raise
            connection.execute("commit")

    def refusal(self, connection, key: str, now: float) -> tuple[str, float] | None:
        """("locked" or "wait", until when) if this key may not try now."""
        row = connection.execute("select until from locks where key = ?", (key,)).fetchone()
        if row and row[0] > now:
            return "locked", row[0]
        count, last = connection.execute("select count(*), max(at) from attempts where key = ?", (key,)).fetchone()
        retry_at = (last or 0.0) + self.policy.delay(count)
        return ("wait", retry_at) if count and now < retry_at else None

    def first_report(self, connection, key: str, now: float) -> bool:
        row = connection.execute("select at from reports where key = ?", (key,)).fetchone()
        if row and row[0] > now - self.policy.window:
            return False
        connection.execute("insert or replace into reports (key, at) values (?, ?)", (key, now))
        return True

    def admit(self, username: str, address: str | None) -> Verdict:
        """Refuse the attempt, or count it as a failure until it is known to have succeeded."""
        keys = keys_for(username, address)
        with self.transaction() as connection:
            now = self.clock()
            connection.execute("delete from attempts where at < ?", (now - self.policy.memory,))
            connection.execute("delete from locks where until <= ?", (now,))
            for kind, key in keys:
                refused = self.refusal(connection, key, now)
                if refused:
                    return Verdict(False, keys, refused[0], refused[1], kind, self.first_report(connection, key, now))
            rows = tuple(connection.execute("insert into attempts (key, at) values (?, ?)", (key, now)).lastrowid
                         for _, key in keys)
        return Verdict(True, keys, attempt=rows)

    def failed(self, verdict: Verdict) -> list[tuple[str, float]]:
        """The attempt's password was wrong: lock each key that reached the limit; returns the
        kinds newly locked and until when."""
        locked = []
        with self.transaction() as connection:
            now = self.clock()
            for kind, key in verdict.keys:
                (recent,) = connection.execute("select count(*) from attempts where key = ? and at > ?",
                                               (key, now - self.policy.window)).fetchone()
                if recent >= self.policy.max_failures:
                    until = now + self.policy.lockout
                    connection.execute("insert or replace into locks (key, until) values (?, ?)", (key, until))
                    locked.append((kind, until))
        return locked

    def succeeded(self, verdict: Verdict) -> None:
        """The password was right: this attempt was no failure, and the account's earlier
        failures are forgotten (the address's stay: one good account must not clear the way to
        guess at others)."""
        with self.transaction() as connection:
            connection.executemany("delete from attempts where id = ?", [(row,) for row in verdict.attempt])
            for kind, key in verdict.keys:
                if kind == "account":
                    connection.execute("delete from attempts where key = ?", (key,))

    def locked_until(self, address: str | None) -> float | None:
        """When the lock on this address ends, if it is locked (to say so before the form)."""
        if not self.path.exists():  # nothing failed yet: viewing the page writes nothing
            return None
        key = stored_key("address", address or LOCAL)
        with self.transaction() as connection:
            row = connection.execute("select until from locks where key = ?", (key,)).fetchone()
        return row[0] if row and row[0] > self.clock() else None


def for_root(root: Path, clock=None) -> Guard:
    """The guard of a data root (its file sits beside the audit log)."""
    return Guard(Path(root) / FILE, clock=clock)
