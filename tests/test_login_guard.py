"""Failed sign-ins counted on the server per account and per address: a growing wait after each
failure, a lockout after 5 in a minute that a reload or a restart does not lift, refusals that
never reach the password check, and lockouts and refusals in the audit log. Time comes from a
clock the test moves, never from sleeping."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from popdash.app import accounts as auth, login_guard, passwords, sign_in
from popdash.data import audit_log

PASSWORD = "fjalëkalimi-i-shkodrës"
DELAYS = (1, 2, 4, 8)  # the waits the default policy asks for after failures 1 to 4


class Clock:
    def __init__(self, start: float = 1_750_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def accounts(monkeypatch):
    monkeypatch.setattr(passwords, "SCRYPT_N", 2 ** 10)  # the dummy check for unknown names, kept fast
    return auth.parse_accounts([
        {"username": "shkoder", "municipality": "SHK", "password_hash": auth.hash_password(PASSWORD, n=2 ** 10)},
        {"username": "rrjeti", "municipality": "*",
         "password_hash": auth.hash_password("fjalëkalimi-i-rrjetit", n=2 ** 10)},
    ])


def fail_five_times(guard, accounts, root, clock, username="shkoder", address="192.0.2.7"):
    """Five wrong passwords, each after the wait the previous failure asked for (15 s in all)."""
    outcomes = []
    for wait in (0, *DELAYS):
        clock.advance(wait)
        outcomes.append(sign_in.attempt(guard, accounts, username, f"guess {len(outcomes)}", address, root))
    return outcomes


def actions(root) -> list[str]:
    return [e["action"] for e in audit_log.read_log(root)]


def test_the_sixth_wrong_password_in_a_minute_is_refused_without_checking_the_hash(tmp_path, accounts, checks):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    outcomes = fail_five_times(guard, accounts, tmp_path, clock)
    assert [(o.account, o.refused) for o in outcomes] == [(None, "")] * 5
    assert checks == [f"guess {i}" for i in range(5)]
    clock.advance(1)  # 16 s after the first failure
    sixth = sign_in.attempt(guard, accounts, "shkoder", "guess 5", "192.0.2.7", tmp_path)
    assert (sixth.account, sixth.refused, sixth.retry_in) == (None, "locked", 15 * 60 - 1)
    right = sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path)
    assert (right.account, right.refused) == (None, "locked")  # not even the right password
    assert len(checks) == 5  # neither reached the key derivation
    locked, refused = audit_log.read_log(tmp_path)
    assert (locked["action"], locked["user"], locked["address"]) == ("login_locked", "shkoder", "192.0.2.7")
    assert locked["locked"] == ["account", "address"] and locked["until"] == sign_in.stamp(clock.now - 1 + 15 * 60)
    assert (refused["action"], refused["reason"], refused["refused_by"]) == ("login_refused", "locked", "account")


def test_a_restart_does_not_lift_the_lock_but_its_end_does(tmp_path, accounts, checks):
    clock = Clock()
    fail_five_times(login_guard.for_root(tmp_path, clock=clock), accounts, tmp_path, clock)
    restarted = login_guard.for_root(tmp_path, clock=clock)  # a new server process: only the file
    clock.advance(60)
    assert sign_in.attempt(restarted, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path).refused == "locked"
    assert restarted.locked_until("192.0.2.7") == pytest.approx(clock.now - 60 + 15 * 60 - 45)
    clock.advance(15 * 60)
    assert sign_in.attempt(restarted, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path).account.username == "shkoder"
    assert len(checks) == 6


def test_each_failure_makes_the_next_wait_longer(tmp_path, accounts, checks):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    assert sign_in.attempt(guard, accounts, "shkoder", "guess", None, tmp_path).refused == ""
    clock.advance(0.5)
    too_soon = sign_in.attempt(guard, accounts, "shkoder", PASSWORD, None, tmp_path)
    assert (too_soon.refused, too_soon.retry_in) == ("wait", 0.5)
    clock.advance(0.5)
    assert sign_in.attempt(guard, accounts, "shkoder", "guess", None, tmp_path).refused == ""
    clock.advance(1.9)
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, None, tmp_path).refused == "wait"
    clock.advance(0.1)
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, None, tmp_path).account is not None
    assert checks == ["guess", "guess", PASSWORD]
    assert [login_guard.Policy().delay(n) for n in range(1, 13)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]


def test_a_success_forgets_the_accounts_failures_but_not_the_addresss(tmp_path, accounts):
    """One good account must not clear the way to guess at others from the same address."""
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    for wait in (0, 1, 2):
        clock.advance(wait)
        sign_in.attempt(guard, accounts, "rrjeti", "guess", "192.0.2.7", tmp_path)
    clock.advance(4)
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path).account is not None
    assert sign_in.attempt(guard, accounts, "tirane", "guess", "192.0.2.7", tmp_path).refused == ""
    clock.advance(8)
    assert sign_in.attempt(guard, accounts, "tirane", "guess", "192.0.2.7", tmp_path).refused == ""
    # the address has its 5 failures within the minute (the success did not count, nor clear them)
    assert [e["locked"] for e in audit_log.read_log(tmp_path)] == [["address"]]
    clock.advance(1)
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "192.0.2.7", tmp_path).refused == "locked"


def test_a_success_forgets_the_accounts_own_failures(tmp_path, accounts):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    for wait in (0, 1, 2):
        clock.advance(wait)
        sign_in.attempt(guard, accounts, "shkoder", "guess", f"192.0.2.{wait}", tmp_path)
    clock.advance(4)
    assert sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "198.51.100.9", tmp_path).account is not None
    assert sign_in.attempt(guard, accounts, "shkoder", "guess", "198.51.100.10", tmp_path).refused == ""  # no wait


def test_guessing_across_accounts_locks_the_address(tmp_path, accounts, checks):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    for i, wait in enumerate((0, *DELAYS)):
        clock.advance(wait)
        sign_in.attempt(guard, accounts, ["shkoder", "rrjeti", "tirane", "durres", "elbasan"][i], "guess", "203.0.113.5",
                      tmp_path)
    clock.advance(1)
    right = "fjalëkalimi-i-rrjetit"
    assert sign_in.attempt(guard, accounts, "rrjeti", right, "203.0.113.5", tmp_path).refused == "locked"
    assert guard.locked_until("203.0.113.5") is not None and guard.locked_until("198.51.100.9") is None
    # the owner elsewhere is not locked out by a guesser at another address
    assert sign_in.attempt(guard, accounts, "rrjeti", right, "198.51.100.9", tmp_path).account
    assert len(checks) == 6
    assert [e["locked"] for e in audit_log.read_log(tmp_path) if e["action"] == "login_locked"] == [["address"]]


def test_one_account_guessed_from_many_addresses_is_locked(tmp_path, accounts):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    for i, wait in enumerate((0, *DELAYS)):
        clock.advance(wait)
        sign_in.attempt(guard, accounts, "shkoder", "guess", f"203.0.113.{i}", tmp_path)
    clock.advance(1)
    refused = sign_in.attempt(guard, accounts, "shkoder", PASSWORD, "198.51.100.9", tmp_path)
    assert refused.refused == "locked"
    assert audit_log.read_log(tmp_path)[-1]["refused_by"] == "account"


def test_refusals_are_logged_at_most_once_a_minute_per_key(tmp_path, accounts):
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    fail_five_times(guard, accounts, tmp_path, clock)
    for _ in range(50):  # hammering while locked
        clock.advance(0.5)
        sign_in.attempt(guard, accounts, "shkoder", "guess", "192.0.2.7", tmp_path)
    clock.advance(60)
    sign_in.attempt(guard, accounts, "shkoder", "guess", "192.0.2.7", tmp_path)
    assert actions(tmp_path) == ["login_locked", "login_refused", "login_refused"]
    assert audit_log.verify(tmp_path).intact


def test_a_name_that_is_no_account_is_kept_nowhere(tmp_path, accounts):
    """People type their password into the name field; it must not end up in a file."""
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    fail_five_times(guard, accounts, tmp_path, clock, username="Sekret-i-Madh-2025")
    assert {e["user"] for e in audit_log.read_log(tmp_path)} == {"?"}
    stored = (tmp_path / login_guard.FILE).read_bytes()
    assert b"Sekret" not in stored and b"192.0.2.7" not in stored


def test_parallel_attempts_cannot_all_pass_the_check(tmp_path, accounts):
    """Counted before the password is checked: the second of two simultaneous guesses waits."""
    clock = Clock()
    guard = login_guard.for_root(tmp_path, clock=clock)
    verdicts = []
    threads = [threading.Thread(target=lambda: verdicts.append(guard.admit("shkoder", "192.0.2.7"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(v.allowed for v in verdicts) == [False] * 7 + [True]
    assert {v.reason for v in verdicts if not v.allowed} == {"wait"}


def test_without_a_place_to_count_nobody_signs_in(tmp_path, accounts, checks):
    guard = login_guard.Guard(tmp_path / "missing" / login_guard.FILE)
    outcome = sign_in.attempt(guard, accounts, "shkoder", PASSWORD, None, tmp_path)
    assert (outcome.account, outcome.refused) == (None, "unavailable") and checks == []
    with pytest.raises(sqlite3.Error):
        guard.admit("shkoder", None)


def test_looking_at_the_lock_writes_nothing(tmp_path):
    assert login_guard.for_root(tmp_path).locked_until(None) is None
    assert list(tmp_path.iterdir()) == []
