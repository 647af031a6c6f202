"""Coordinator accounts for the upload page: password hashes (PBKDF2-SHA256 with a salt, never
the password), constant-time checks, and the accounts read from Streamlit secrets or the
POPDASH_COORDINATORS environment variable.

An account: {"username": "shkoder", "municipality": "SHK" (or "*" for network staff),
"password_hash": "pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>"}.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-SHA256
MIN_PASSWORD_LENGTH = 10
ENV_VARIABLE = "POPDASH_COORDINATORS"
NETWORK_SCOPE = "*"
# Checked against when the user name is unknown, so a wrong name costs the same time as a
# wrong password and does not reveal which names exist.
DUMMY_HASH = f"{ALGORITHM}${ITERATIONS}${'00' * 16}${'00' * 32}"


class ConfigError(ValueError):
    """The accounts configuration cannot be used."""


@dataclass(frozen=True)
class Account:
    username: str
    municipality: str   # a municipality code, or "*" for network staff
    password_hash: str = ""

    @property
    def is_network(self) -> bool:
        return self.municipality == NETWORK_SCOPE


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """The stored form of a password: algorithm, iterations, salt and derived key."""
    salt = salt or secrets.token_bytes(16)
    derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${derived.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Does the password match the stored hash? Compared in constant time."""
    try:
        algorithm, iterations, salt_hex, hash_hex = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations))
        return hmac.compare_digest(derived, bytes.fromhex(hash_hex))
    except ValueError:
        return False


def parse_accounts(entries) -> dict[str, Account]:
    """Accounts by user name from a list of mappings; raises ConfigError on a bad entry."""
    if isinstance(entries, dict):
        entries = [{"username": name, **spec} for name, spec in entries.items()]
    accounts: dict[str, Account] = {}
    for entry in entries or []:
        try:
            username = str(entry["username"]).strip()
            municipality = str(entry["municipality"]).strip().upper()
            password_hash = str(entry["password_hash"]).strip()
        except (KeyError, TypeError):
            raise ConfigError("each account needs username, municipality and password_hash") from None
        if not username or not password_hash.startswith(ALGORITHM + "$") or password_hash.count("$") != 3:
            raise ConfigError(f"account {username!r}: password_hash must look like {ALGORITHM}$iterations$salt$hash")
        accounts[username] = Account(username, municipality, password_hash)
    return accounts


def accounts_from(secrets_section, environ) -> dict[str, Account]:
    """The configured accounts: POPDASH_COORDINATORS (JSON) if set, else the secrets' section."""
    raw = environ.get(ENV_VARIABLE, "").strip()
    if raw:
        try:
            return parse_accounts(json.loads(raw))
        except json.JSONDecodeError as problem:
            raise ConfigError(f"{ENV_VARIABLE} is not valid JSON ({problem.msg})") from None
    if secrets_section:
        return parse_accounts(to_plain(secrets_section))
    return {}


def to_plain(value):
    """Streamlit's secrets are read-only mappings; turn them into lists and dicts."""
    if hasattr(value, "items"):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def configured_accounts() -> dict[str, Account]:
    """Accounts for this run of the app (Streamlit secrets or the environment)."""
    import streamlit as st

    try:
        section = st.secrets.get("coordinators") if len(st.secrets) else None
    except Exception:  # no secrets file at all: Streamlit raises rather than returning empty
        section = None
    return accounts_from(section, os.environ)


def authenticate(accounts: dict[str, Account], username: str, password: str) -> Account | None:
    """The account if the password is right; the same work is done for unknown names."""
    account = accounts.get(username.strip())
    matched = verify_password(password, account.password_hash if account else DUMMY_HASH)
    return account if account and matched else None
