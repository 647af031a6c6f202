"""The upload page's state across reruns: who is signed in and when they last acted, the
checked plan awaiting confirmation and the outcome to show after saving. Functions take the
session state mapping, so they are tested without Streamlit. Failed sign-ins are not counted
here (a reload starts a new session) but on the server: popdash/app/login_guard.py."""
from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping, Sequence

from popdash.app import accounts as auth
from popdash.ingest import importer

ACCOUNT = "_upload_account"
LAST_SEEN = "_upload_last_seen"
EXPIRED = "_upload_expired"
PLAN = "_upload_plan"
PLAN_FILES = "_upload_plan_files"
OUTCOME = "_upload_outcome"
UPLOADER_GENERATION = "_upload_generation"
CHECK_STAGES = ("read", "check", "merge")  # the stages of the importer the "check" button runs
WRITE_STAGES = ("write",)                  # and those of "confirm"
PAGE_LABELS = {"read": "read", "check": "check", "merge": "check", "write": "write"}  # upload.progress.*


def remember(state: MutableMapping, account: auth.Account, now: float | None = None) -> None:
    """Sign the session in as this account (its password or st.login identity was checked)."""
    state[ACCOUNT] = account.username
    state[LAST_SEEN] = time.time() if now is None else now
    state.pop(EXPIRED, None)


def follow_identity(state: MutableMapping, accounts: dict[str, auth.Account], user: dict | None) -> None:
    """With st.login (`user` is st.user, None without it): the session signs in as the account
    mapped to the provider's user, and out when that user signs out."""
    if user is None:
        return
    if not user.get("is_logged_in"):
        sign_out(state)
    elif ACCOUNT not in state and (account := auth.account_for_identity(accounts, user)) is not None:
        remember(state, account)


def signed_in(state: MutableMapping, accounts: dict[str, auth.Account],
              idle_minutes: float = auth.DEFAULT_IDLE_MINUTES, now: float | None = None) -> auth.Account | None:
    """The signed-in account, if it is still configured (a removed account is signed out) and
    the session was not idle longer than `idle_minutes`; each call counts as activity."""
    now = time.time() if now is None else now
    account = accounts.get(state.get(ACCOUNT, ""))
    if account is None:
        state.pop(ACCOUNT, None)
        return None
    if now - state.get(LAST_SEEN, now) > idle_minutes * 60:
        sign_out(state)
        state[EXPIRED] = True
        return None
    state[LAST_SEEN] = now
    return account


def pop_expired(state: MutableMapping) -> bool:
    """Was the session just signed out for being idle? (Asked once, to say so.)"""
    return bool(state.pop(EXPIRED, False))


def sign_out(state: MutableMapping) -> None:
    for key in (ACCOUNT, LAST_SEEN, PLAN, PLAN_FILES, OUTCOME):
        state.pop(key, None)


def uploader_key(state: MutableMapping) -> str:
    """A new key after saving empties the file uploader."""
    return f"upload_files_{state.get(UPLOADER_GENERATION, 0)}"


def page_progress(show: Callable[[float, str], None], t: Callable[[str], str],
                  stages: Sequence[str]) -> importer.Progress:
    """The importer's progress callback for the page's bar: `show(value, label)` (st.progress's
    update) with the bar running 0 to 1 across `stages` and labelled in the page's language; the
    merge stage shows as the check."""
    def progress(stage: str, fraction: float) -> None:
        if stage in stages:
            value = (stages.index(stage) + min(max(fraction, 0.0), 1.0)) / len(stages)
            show(min(value, 1.0), t(f"upload.progress.{PAGE_LABELS[stage]}"))
    return progress


def check_files(state: MutableMapping, account: auth.Account, files: list[tuple[str, bytes]], replace: bool,
                progress: importer.Progress | None = None) -> importer.Plan:
    """Check the uploaded files against the current data; keep the plan for confirmation."""
    plan = importer.prepare(files, scope=account.municipality, replace=replace and account.is_network,
                            progress=progress)
    state[PLAN] = plan
    state[PLAN_FILES] = fingerprint(files)
    state.pop(OUTCOME, None)
    return plan


def fingerprint(files: list[tuple[str, bytes]]) -> tuple:
    return tuple(importer.file_info(name, data).sha256 for name, data in files)


def current_plan(state: MutableMapping, files: list[tuple[str, bytes]]) -> importer.Plan | None:
    """The checked plan, if it is for the files now in the uploader."""
    plan = state.get(PLAN)
    if plan is None or state.get(PLAN_FILES) != fingerprint(files):
        return None
    return plan


def confirm(state: MutableMapping, account: auth.Account, progress: importer.Progress | None = None) -> str:
    """Write the checked plan; the outcome ('saved', 'unchanged' or 'stale') is kept to show."""
    plan = state.pop(PLAN)
    state.pop(PLAN_FILES, None)
    try:
        version = importer.commit(plan, account.username, progress=progress)
    except importer.StaleData:
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
