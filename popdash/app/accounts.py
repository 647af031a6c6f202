"""Coordinator accounts for the upload page, read from Streamlit secrets or the
POPDASH_COORDINATORS environment variable, and the checks that sign one in: a password against
its hash (popdash/app/passwords.py), or an OpenID Connect identity (st.login) by its e-mail address.

An account: {"username": "shkoder", "municipality": "SHK" (or "*" for network staff),
"password_hash": "scrypt$...", "email": "coordinator@example.org"}; it needs a password hash,
an e-mail address for st.login, or both.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

from popdash.app import passwords

MIN_PASSWORD_LENGTH = 10
ENV_VARIABLE = "POPDASH_COORDINATORS"
IDLE_ENV_VARIABLE = "POPDASH_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30  # a coordinator who walks away from a forum laptop is signed out
NETWORK_SCOPE = "*"

# Kept here for the callers that hash through auth (python -m popdash hash-password).
hash_password = passwords.hash_password
verify_password = passwords.verify_password


class ConfigError(ValueError):
    """The accounts configuration cannot be used."""


@dataclass(frozen=True)
class Account:
    username: str
    municipality: str   # a municipality code, or "*" for network staff
    password_hash: str = ""
    email: str = ""     # the identity st.login reports, for sign-in through OpenID Connect

    @property
    def is_network(self) -> bool:
        return self.municipality == NETWORK_SCOPE


def parse_account(entry) -> Account:
    """One account from a mapping; raises ConfigError when it cannot be used safely."""
    try:
        username = str(entry["username"]).strip()
        municipality = str(entry["municipality"]).strip().upper()
    except (KeyError, TypeError):
        raise ConfigError("each account needs username, municipality and password_hash (or email)") from None
    password_hash = str(entry.get("password_hash") or "").strip()
    email = str(entry.get("email") or "").strip()
    if not username or not (password_hash or email):
        raise ConfigError(f"account {username!r}: needs a password_hash (or an email for st.login)")
    if password_hash and not passwords.is_well_formed(password_hash):
        raise ConfigError(f"account {username!r}: password_hash must be the line printed by "
                          "python -m popdash hash-password (scrypt$n$r$p$salt$hash)")
    return Account(username, municipality, password_hash, email)


def parse_accounts(entries) -> dict[str, Account]:
    """Accounts by user name from a list of mappings (or a mapping of names)."""
    if isinstance(entries, dict):
        entries = [{"username": name, **spec} for name, spec in entries.items()]
    accounts = (parse_account(entry) for entry in entries or [])
    return {account.username: account for account in accounts}


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


def idle_minutes_from(upload_section, environ) -> float:
    """Minutes without activity before a coordinator is signed out: POPDASH_IDLE_MINUTES, else
    `idle_minutes` in the secrets' [upload] section, else 30."""
    raw = environ.get(IDLE_ENV_VARIABLE, "").strip() or (upload_section or {}).get("idle_minutes")
    if raw in (None, ""):
        return DEFAULT_IDLE_MINUTES
    try:
        minutes = float(raw)
    except (TypeError, ValueError):
        minutes = 0
    if minutes <= 0:
        raise ConfigError(f"{IDLE_ENV_VARIABLE} (or [upload] idle_minutes) must be a number of minutes above 0")
    return minutes


def to_plain(value):
    """Streamlit's secrets are read-only mappings; turn them into lists and dicts."""
    if hasattr(value, "items"):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def secrets_section(name: str):
    """A section of Streamlit's secrets, or None (Streamlit raises when there is no file)."""
    import streamlit as st

    try:
        return to_plain(st.secrets.get(name)) if len(st.secrets) else None
    except Exception:
        return None


def configured_accounts() -> dict[str, Account]:
    """Accounts for this run of the app (Streamlit secrets or the environment)."""
    return accounts_from(secrets_section("coordinators"), os.environ)


def configured_idle_minutes() -> float:
    return idle_minutes_from(secrets_section("upload"), os.environ)


def authenticate(accounts: dict[str, Account], username: str, password: str) -> Account | None:
    """The account if the password is right; the same work is done for unknown names and for
    accounts that sign in only through st.login."""
    account = accounts.get(username.strip())
    stored = account.password_hash if account and account.password_hash else passwords.dummy_hash()
    matched = passwords.verify_password(password, stored)
    return account if account and account.password_hash and matched else None


def account_for_identity(accounts: dict[str, Account], user: dict) -> Account | None:
    """The account whose e-mail address a signed-in OpenID Connect user has; none when the
    provider says the address is not verified."""
    email = str(user.get("email") or "").strip().casefold()
    if not user.get("is_logged_in") or not email or user.get("email_verified") is False:
        return None
    return next((a for a in accounts.values() if a.email and a.email.casefold() == email), None)
