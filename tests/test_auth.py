"""Coordinator accounts: salted scrypt hashes, never passwords (older PBKDF2 hashes still
verified); constant-time comparison; the same work for unknown user names; accounts from the
environment or Streamlit secrets; st.login identities mapped by e-mail; idle sign-out."""
from __future__ import annotations

import hashlib
import hmac
import io
import json

import pytest

from popdash import cli
from popdash.app import accounts as auth, passwords, upload_session as session

FAST = 2 ** 10  # scrypt's n for tests; the default is passwords.SCRYPT_N


def fast_hash(password: str) -> str:
    return auth.hash_password(password, n=FAST)


def test_a_hash_names_scrypt_its_cost_and_salt():
    stored = auth.hash_password("një fjalëkalim i gjatë", salt=bytes(range(16)), n=FAST)
    algorithm, n, r, p, salt, derived = stored.split("$")
    assert (algorithm, n, r, p, salt) == ("scrypt", "1024", "8", "1", bytes(range(16)).hex())
    expected = hashlib.scrypt("një fjalëkalim i gjatë".encode(), salt=bytes(range(16)), n=1024, r=8, p=1, dklen=32)
    assert derived == expected.hex() and "fjalëkalim" not in stored


def test_each_hash_has_its_own_salt_and_the_default_is_memory_hard():
    assert fast_hash("same password") != fast_hash("same password")
    assert (passwords.SCRYPT_N, passwords.SCRYPT_R, passwords.SCRYPT_P) == (2 ** 17, 8, 1)  # 128 MiB
    assert passwords.memory_needed(passwords.SCRYPT_N, passwords.SCRYPT_R, passwords.SCRYPT_P) >= 128 * 2 ** 20


def test_older_pbkdf2_hashes_keep_working():
    stored = passwords.hash_pbkdf2("fjalëkalimi i vjetër", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$") and passwords.is_legacy(stored)
    assert auth.verify_password("fjalëkalimi i vjetër", stored)
    assert not auth.verify_password("fjalëkalimi i ri", stored)
    accounts = auth.parse_accounts([{"username": "vjeter", "municipality": "TIR", "password_hash": stored}])
    assert auth.authenticate(accounts, "vjeter", "fjalëkalimi i vjetër").municipality == "TIR"


def test_passwords_are_checked_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    stored = fast_hash("correct horse battery")
    assert auth.verify_password("correct horse battery", stored)
    assert not auth.verify_password("wrong horse battery", stored)
    assert len(calls) == 2
    assert not auth.verify_password("x", "plain-text-password")
    assert not auth.verify_password("x", "md5$1$00$00")
    assert len(calls) == 2  # nothing to compare against: refused before any work


def test_a_cost_beyond_the_memory_cap_is_refused_not_computed(monkeypatch):
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: pytest.fail("scrypt must not run"))
    assert not auth.verify_password("x", f"scrypt${2 ** 22}$8$1${'00' * 16}${'00' * 32}")  # 4 GiB


def test_unknown_user_names_cost_the_same_work(monkeypatch):
    costs = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda password, **k: costs.append(k["n"]) or real(password, **k))
    monkeypatch.setattr(passwords, "SCRYPT_N", 2 ** 12)  # the "default" cost, kept small for the test
    accounts = auth.parse_accounts([account_entry(), {"username": "oidc", "municipality": "DUR", "email": "a@b.al"}])
    costs.clear()
    assert auth.authenticate(accounts, "nobody", "whatever") is None
    assert auth.authenticate(accounts, "oidc", "") is None  # an st.login-only account has no password
    assert auth.authenticate(accounts, "shkoder", "wrong") is None
    assert auth.authenticate(accounts, " shkoder ", "fjalëkalimi-i-shkodrës").municipality == "SHK"
    assert costs == [2 ** 12, 2 ** 12, FAST, FAST]  # the dummy checks are full ones


def account_entry(name="shkoder", municipality="SHK", password="fjalëkalimi-i-shkodrës"):
    return {"username": name, "municipality": municipality, "password_hash": fast_hash(password)}


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
    ([{"username": "x", "municipality": "SHK", "password_hash": "scrypt$1024$8$1$zz$00"}], {}),
])
def test_a_bad_configuration_is_an_error_not_an_open_door(entries, environ):
    with pytest.raises(auth.ConfigError):
        auth.accounts_from(entries, environ)


def test_hash_password_command_prints_a_usable_scrypt_hash(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("një fjalëkalim i gjatë\n"))
    monkeypatch.setattr(passwords, "SCRYPT_N", FAST)
    assert cli.main(["hash-password", "--stdin"]) == 0
    stored = capsys.readouterr().out.strip()
    assert stored.startswith("scrypt$1024$8$1$") and auth.verify_password("një fjalëkalim i gjatë", stored)
    assert auth.parse_accounts([{"username": "u", "municipality": "SHK", "password_hash": stored}])["u"]


def test_hash_password_command_refuses_short_or_mismatched_passwords(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["hash-password", "--stdin", "--lang", "en"]) == 1
    assert "at least 10" in capsys.readouterr().err
    answers = iter(["first password!", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["hash-password"]) == 1


@pytest.mark.parametrize("section,environ,minutes", [
    (None, {}, 30),
    ({"idle_minutes": 10}, {}, 10),
    ({"idle_minutes": 10}, {"POPDASH_IDLE_MINUTES": "2.5"}, 2.5),
])
def test_the_idle_time_comes_from_the_environment_or_secrets(section, environ, minutes):
    assert auth.idle_minutes_from(section, environ) == minutes


@pytest.mark.parametrize("value", ["0", "-5", "half an hour"])
def test_a_bad_idle_time_is_a_configuration_error(value):
    with pytest.raises(auth.ConfigError):
        auth.idle_minutes_from(None, {"POPDASH_IDLE_MINUTES": value})


def test_an_idle_session_is_signed_out_and_says_so_once():
    accounts = auth.parse_accounts([account_entry()])
    state = {}
    session.remember(state, accounts["shkoder"], now=1_000.0)
    assert session.signed_in(state, accounts, idle_minutes=30, now=1_000.0 + 29 * 60).username == "shkoder"
    # each visit counts as activity: 29 more minutes from the last one is still within the limit
    assert session.signed_in(state, accounts, idle_minutes=30, now=1_000.0 + 58 * 60).username == "shkoder"
    assert session.signed_in(state, accounts, idle_minutes=30, now=1_000.0 + 88 * 60 + 1) is None
    assert session.ACCOUNT not in state
    assert session.pop_expired(state) is True and session.pop_expired(state) is False
    assert session.signed_in(state, accounts, now=1_000.0 + 89 * 60) is None


def test_a_removed_account_is_signed_out():
    accounts = auth.parse_accounts([account_entry()])
    state = {}
    session.remember(state, accounts["shkoder"])
    assert session.signed_in(state, accounts).municipality == "SHK"
    assert session.signed_in(state, {}) is None and session.ACCOUNT not in state


def test_an_identity_is_mapped_to_an_account_by_verified_email():
    accounts = auth.parse_accounts([
        {"username": "shkoder", "municipality": "SHK", "email": "Koordinatori@Shkoder.example"},
        account_entry("rrjeti", "*")])
    user = {"is_logged_in": True, "email": "koordinatori@shkoder.example", "email_verified": True}
    assert auth.account_for_identity(accounts, user).username == "shkoder"
    assert auth.account_for_identity(accounts, {**user, "email_verified": False}) is None
    assert auth.account_for_identity(accounts, {**user, "is_logged_in": False}) is None
    assert auth.account_for_identity(accounts, {**user, "email": "tjeter@example.org"}) is None
    assert auth.account_for_identity(accounts, {"is_logged_in": True}) is None  # rrjeti has no e-mail


def test_the_session_follows_the_identity_provider():
    accounts = auth.parse_accounts([{"username": "shkoder", "municipality": "SHK", "email": "k@shkoder.example"}])
    state = {}
    session.follow_identity(state, accounts, None)  # no st.login: nothing happens
    assert session.ACCOUNT not in state
    session.follow_identity(state, accounts, {"is_logged_in": True, "email": "k@shkoder.example"})
    assert session.signed_in(state, accounts).username == "shkoder"
    session.follow_identity(state, accounts, {"is_logged_in": False})
    assert session.signed_in(state, accounts) is None
