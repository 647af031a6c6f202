"""One sign-in attempt with a password: the guard decides whether the password may be checked
at all, it is checked only then, and the result is counted. Lockouts and refused attempts are
written to the audit log (the name only if it is a configured account: people type passwords
into the user-name field, and a guesser's text has no place in the log). Every refused attempt
is also logged (popdash/logs.py) with the same name and the client address, never the password."""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from popdash.app import accounts as auth
from popdash.app.login_guard import Guard, LOCAL
from popdash.data import audit_log

UNKNOWN_USER = "?"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    account: auth.Account | None
    refused: str = ""      # "locked", "wait" or "unavailable" (attempts cannot be recorded)
    retry_in: float = 0.0  # seconds until another attempt is considered


def stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


def attempt(guard: Guard, accounts: dict[str, auth.Account], username: str, password: str,
            address: str | None, root: Path) -> Outcome:
    """Sign in if allowed and the password is right; otherwise say why not."""
    try:
        verdict = guard.admit(username, address)
    except sqlite3.Error as error:  # cannot count attempts (data folder read-only?): fail closed
        log.error("sign-in refused: failed attempts cannot be counted (%s: %s)", type(error).__name__, error)
        return Outcome(None, "unavailable")
    name = username.strip() if username.strip() in accounts else UNKNOWN_USER
    where = address or LOCAL
    if not verdict.allowed:
        log.warning("sign-in refused (%s, by %s) for account %s from %s", verdict.reason, verdict.refused_by,
                    name, where)
        if verdict.report:
            audit_log.append(root, {"at": stamp(guard.clock()), "action": "login_refused", "user": name,
                                "address": where, "reason": verdict.reason, "refused_by": verdict.refused_by})
        return Outcome(None, verdict.reason, max(0.0, verdict.retry_at - guard.clock()))
    account = auth.authenticate(accounts, username, password)
    if account is not None:
        guard.succeeded(verdict)
        return Outcome(account)
    locked = guard.failed(verdict)
    log.warning("sign-in refused (wrong user name or password) for account %s from %s", name, where)
    if locked:
        log.warning("sign-in locked for %s after failures: account %s from %s",
                    " and ".join(kind for kind, _ in locked), name, where)
        audit_log.append(root, {"at": stamp(guard.clock()), "action": "login_locked", "user": name, "address": where,
                            "locked": [kind for kind, _ in locked], "until": stamp(max(u for _, u in locked))})
    return Outcome(None)
