"""The upload page's state across reruns: who is signed in, failed attempts, the checked plan
awaiting confirmation and the outcome to show after saving. Functions take the session state
mapping, so they are tested without Streamlit."""
from __future__ import annotations

from collections.abc import MutableMapping

from popdash import auth, ingest

ACCOUNT = "_upload_account"
ATTEMPTS = "_upload_attempts"
PLAN = "_upload_plan"
PLAN_FILES = "_upload_plan_files"
OUTCOME = "_upload_outcome"
UPLOADER_GENERATION = "_upload_generation"
MAX_ATTEMPTS = 5


def is_locked(state: MutableMapping) -> bool:
    return state.get(ATTEMPTS, 0) >= MAX_ATTEMPTS


def sign_in(state: MutableMapping, accounts: dict[str, auth.Account], username: str, password: str) -> auth.Account | None:
    """Check the password; remember the account, or count the failure."""
    if is_locked(state):
        return None
    account = auth.authenticate(accounts, username, password)
    if account is None:
        state[ATTEMPTS] = state.get(ATTEMPTS, 0) + 1
        return None
    state[ATTEMPTS] = 0
    state[ACCOUNT] = account.username
    return account


def signed_in(state: MutableMapping, accounts: dict[str, auth.Account]) -> auth.Account | None:
    """The signed-in account, if it is still configured (a removed account is signed out)."""
    account = accounts.get(state.get(ACCOUNT, ""))
    if account is None:
        state.pop(ACCOUNT, None)
    return account


def sign_out(state: MutableMapping) -> None:
    for key in (ACCOUNT, PLAN, PLAN_FILES, OUTCOME):
        state.pop(key, None)


def uploader_key(state: MutableMapping) -> str:
    """A new key after saving empties the file uploader."""
    return f"upload_files_{state.get(UPLOADER_GENERATION, 0)}"


def check_files(state: MutableMapping, account: auth.Account, files: list[tuple[str, bytes]], replace: bool) -> ingest.Plan:
    """Check the uploaded files against the current data; keep the plan for confirmation."""
    plan = ingest.prepare(files, scope=account.municipality, replace=replace and account.is_network)
    state[PLAN] = plan
    state[PLAN_FILES] = fingerprint(files)
    state.pop(OUTCOME, None)
    return plan


def fingerprint(files: list[tuple[str, bytes]]) -> tuple:
    return tuple(ingest.file_info(name, data).sha256 for name, data in files)


def current_plan(state: MutableMapping, files: list[tuple[str, bytes]]) -> ingest.Plan | None:
    """The checked plan, if it is for the files now in the uploader."""
    plan = state.get(PLAN)
    if plan is None or state.get(PLAN_FILES) != fingerprint(files):
        return None
    return plan


def confirm(state: MutableMapping, account: auth.Account) -> str:
    """Write the checked plan; the outcome ('saved', 'unchanged' or 'stale') is kept to show."""
    plan = state.pop(PLAN)
    state.pop(PLAN_FILES, None)
    try:
        version = ingest.commit(plan, account.username)
    except ingest.StaleData:
        state[OUTCOME] = ("stale", None)
        return "stale"
    state[OUTCOME] = ("saved", version) if version else ("unchanged", None)
    state[UPLOADER_GENERATION] = state.get(UPLOADER_GENERATION, 0) + 1
    return state[OUTCOME][0]


def cancel(state: MutableMapping) -> None:
    state.pop(PLAN, None)
    state.pop(PLAN_FILES, None)


def pop_outcome(state: MutableMapping) -> tuple[str, str | None] | None:
    return state.pop(OUTCOME, None)
