"""Coordinator accounts: salted PBKDF2 hashes, never passwords; constant-time comparison; the
same work for unknown user names; accounts from the environment or Streamlit secrets."""
from __future__ import annotations

import hashlib
import hmac
import io
import json

import pytest

from popdash import auth, cli
from popdash import upload_session as session

FAST = 1_000  # iterations for tests; the default is auth.ITERATIONS


def test_a_hash_names_its_algorithm_iterations_and_salt():
    stored = auth.hash_password("një fjalëkalim i gjatë", iterations=FAST, salt=bytes(range(16)))
    algorithm, iterations, salt, derived = stored.split("$")
    assert (algorithm, iterations, salt) == ("pbkdf2_sha256", "1000", bytes(range(16)).hex())
    expected = hashlib.pbkdf2_hmac("sha256", "një fjalëkalim i gjatë".encode(), bytes(range(16)), 1000).hex()
    assert derived == expected and "fjalëkalim" not in stored


def test_each_hash_has_its_own_salt_and_the_default_is_strong():
    assert auth.hash_password("same password", iterations=FAST) != auth.hash_password("same password", iterations=FAST)
    assert auth.ITERATIONS >= 600_000


def test_passwords_are_checked_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    stored = auth.hash_password("correct horse battery", iterations=FAST)
    assert auth.verify_password("correct horse battery", stored)
    assert not auth.verify_password("wrong horse battery", stored)
    assert len(calls) == 2
    assert not auth.verify_password("x", "plain-text-password")
    assert not auth.verify_password("x", "md5$1$00$00")


def test_unknown_user_names_cost_the_same_work(monkeypatch):
    derived = []
    real = hashlib.pbkdf2_hmac
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", lambda *a: derived.append(a[3]) or real(*a))
    accounts = auth.parse_accounts([{"username": "shkoder", "municipality": "SHK",
                                     "password_hash": auth.hash_password("fjalëkalimi-i-shkodrës", iterations=FAST)}])
    derived.clear()
    assert auth.authenticate(accounts, "nobody", "whatever") is None
    assert auth.authenticate(accounts, "shkoder", "wrong") is None
    assert auth.authenticate(accounts, " shkoder ", "fjalëkalimi-i-shkodrës").municipality == "SHK"
    assert derived[0] == auth.ITERATIONS  # the dummy check for an unknown name is a full one


def account_entry(name="shkoder", municipality="SHK", password="fjalëkalimi-i-shkodrës"):
    return {"username": name, "municipality": municipality, "password_hash": auth.hash_password(password, iterations=FAST)}


def test_accounts_from_the_environment_win_over_secrets():
    from_env = json.dumps([account_entry("rrjeti", "*")])
    secrets = {"coordinators": [account_entry("shkoder", "shk")]}
    assert list(auth.accounts_from(secrets["coordinators"], {"POPDASH_COORDINATORS": from_env})) == ["rrjeti"]
    accounts = auth.accounts_from(secrets["coordinators"], {})
    assert accounts["shkoder"].municipality == "SHK" and not accounts["shkoder"].is_network
    assert auth.accounts_from(None, {}) == {}


def test_accounts_as_a_table_of_names():
    accounts = auth.parse_accounts({"rrjeti": {"municipality": "*", "password_hash": account_entry()["password_hash"]}})
    assert accounts["rrjeti"].is_network


@pytest.mark.parametrize("entries,environ", [
    (None, {"POPDASH_COORDINATORS": "[{not json"}),
    ([{"username": "x", "municipality": "SHK"}], {}),
    ([{"username": "x", "municipality": "SHK", "password_hash": "secret123"}], {}),
])
def test_a_bad_configuration_is_an_error_not_an_open_door(entries, environ):
    with pytest.raises(auth.ConfigError):
        auth.accounts_from(entries, environ)


def test_hash_password_command_prints_a_usable_hash(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("një fjalëkalim i gjatë\n"))
    monkeypatch.setattr(auth, "ITERATIONS", FAST)
    assert cli.main(["hash-password", "--stdin"]) == 0
    stored = capsys.readouterr().out.strip()
    assert stored.startswith("pbkdf2_sha256$") and auth.verify_password("një fjalëkalim i gjatë", stored)


def test_hash_password_command_refuses_short_or_mismatched_passwords(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["hash-password", "--stdin", "--lang", "en"]) == 1
    assert "at least 10" in capsys.readouterr().err
    answers = iter(["first password!", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["hash-password"]) == 1


def test_sign_in_counts_failures_and_locks_the_session():
    accounts = auth.parse_accounts([account_entry()])
    state = {}
    for _ in range(session.MAX_ATTEMPTS):
        assert session.sign_in(state, accounts, "shkoder", "wrong") is None
    assert session.is_locked(state)
    assert session.sign_in(state, accounts, "shkoder", "fjalëkalimi-i-shkodrës") is None
    fresh = {}
    assert session.sign_in(fresh, accounts, "shkoder", "fjalëkalimi-i-shkodrës").username == "shkoder"
    assert session.signed_in(fresh, accounts).municipality == "SHK"
    assert session.signed_in(fresh, {}) is None and session.ACCOUNT not in fresh  # account removed: signed out
