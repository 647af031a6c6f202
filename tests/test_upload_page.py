"""The upload page: closed without configured accounts, sign-in (failed attempts counted on the
server across reloads, idle sign-out, st.login), the error table for a broken file (nothing
written), the preview and confirmation for a good one, the scope of a municipality's account;
through AppTest and, end to end, in headless Chromium."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import write_dataset
from ingest_files import csv_bytes, events_sheet, fingerprint
from pages import APP
from popdash.app import accounts, login_guard, upload_session as session
from popdash.data import audit_log, store
from popdash.i18n.safe_text import escape_markdown
from test_login_guard import DELAYS, Clock

PAGE = "pages/upload.py"
PASSWORDS = {"rrjeti": "fjalëkalimi-i-rrjetit", "shkoder": "fjalëkalimi-i-shkodrës"}
SCREENSHOTS = Path("/tmp/ingest")


FAST = 2 ** 10  # scrypt cost for tests


def coordinators_json() -> str:
    return json.dumps([
        {"username": "rrjeti", "municipality": "*", "password_hash": accounts.hash_password(PASSWORDS["rrjeti"], n=FAST)},
        {"username": "shkoder", "municipality": "SHK", "email": "koordinatori@shkoder.example",
         "password_hash": accounts.hash_password(PASSWORDS["shkoder"], n=FAST)},
    ])


BROKEN = csv_bytes(events_sheet(["SHK-E-2026-001", "Shkodra", "14.05.2025", "forum publik", "Forum"],
                                ["SHK-E-2026-002", "Shkodërr", "14.05.2025", "festë", "Festa"]), "utf-8-sig", ";")
GOOD = csv_bytes(events_sheet(["SHK-E-2026-001", "Shkodra", "14.05.2025", "forum publik", "Forum për buxhetin"],
                              ["SHK-E-2026-002", "shkoder", "15.05.2025", "workshop", "Workshop"]), "utf-8-sig", ";")
OTHER_TOWN = csv_bytes(events_sheet(["TIR-E-2026-001", "Tiranë", "14.05.2025", "forum", "Forum"]))


def open_page(lang="sq") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    return at.switch_page(PAGE).run()


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="upload_username").input(username)
    at.text_input(key="upload_password").input(password)
    return at.button[0].click().run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=session.uploader_key(at.session_state)).set_value((name, data, "text/csv"))
    at.run()
    return at.button(key="upload_check").click().run()


def table_with(at: AppTest, column: str):
    """The first data table showing a column (AppTest does not expose dataframe keys)."""
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_without_accounts_the_page_explains_how_to_enable_it(sample_root, monkeypatch):
    monkeypatch.delenv("POPDASH_COORDINATORS", raising=False)
    at = open_page()
    assert not at.exception
    assert "Ngarkimi nuk është aktivizuar në këtë instalim." in texts(at.info)
    assert any("python -m popdash hash-password" in m for m in texts(at.markdown))
    assert not at.file_uploader and not at.text_input


def test_a_broken_configuration_says_so(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", "[not json")
    at = open_page("en")
    assert texts(at.error)[0].startswith("The accounts configuration has a problem: POPDASH")


@pytest.fixture
def clock(monkeypatch):
    """The sign-in guard's clock, moved by the test (no sleeping, no timing assertions)."""
    moved = Clock()
    monkeypatch.setattr(login_guard, "wall_clock", moved)
    return moved


def test_a_wrong_password_is_refused_and_an_attempt_too_soon_is_not_checked(sample_root, monkeypatch, clock, checks):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "shkoder", "wrong password")
    assert texts(at.error) == ["The user name or password is not correct."]
    assert not at.file_uploader
    at = sign_in(at, "shkoder", PASSWORDS["shkoder"])  # at once: the first failure asks for 1 s
    assert texts(at.error) == ["Wait 1 s before the next attempt."]
    assert checks == ["wrong password"]
    clock.advance(1)
    at = sign_in(at, "shkoder", PASSWORDS["shkoder"])
    assert "Signed in as **shkoder** · municipality of Shkodër" in texts(at.markdown)


def test_a_reload_does_not_reset_the_failed_login_count(sample_root, monkeypatch, clock, checks):
    """Each attempt in a new session (a reload); the sixth in the minute meets the lock."""
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    for i, wait in enumerate((0, *DELAYS)):
        clock.advance(wait)
        at = sign_in(open_page("en"), "shkoder", f"guess {i}")
        assert texts(at.error) == ["The user name or password is not correct."]
    assert len(checks) == 5
    clock.advance(1)
    reloaded = open_page("en")
    assert texts(reloaded.error) == [
        "Too many wrong attempts: signing in is locked for 15 more min. Reloading the page does not lift the lock."]
    assert not reloaded.text_input and not reloaded.file_uploader
    assert len(checks) == 5
    (locked,) = [e for e in audit_log.read_log(sample_root) if e["action"] == "login_locked"]
    assert (locked["user"], locked["address"], locked["locked"]) == ("shkoder", "local", ["account", "address"])
    clock.advance(15 * 60)
    at = sign_in(open_page("sq"), "shkoder", PASSWORDS["shkoder"])
    assert "Keni hyrë si **shkoder** · bashkia Shkodër" in texts(at.markdown)


def test_an_idle_session_is_signed_out(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    monkeypatch.setenv("POPDASH_IDLE_MINUTES", "20")
    at = sign_in(open_page("en"), "shkoder", PASSWORDS["shkoder"])
    at.session_state[session.LAST_SEEN] = time.time() - 19 * 60
    at.run()
    assert at.file_uploader  # still signed in
    at.session_state[session.LAST_SEEN] = time.time() - 21 * 60
    at.run()
    assert "You were signed out after 20 minutes without activity. Sign in again." in texts(at.info)
    assert not at.file_uploader and at.text_input(key="upload_username") is not None


def open_with_identity(user: dict, lang="en") -> AppTest:
    """The page as st.login's user sees it (AppTest seeds st.user)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    at.user = user
    at.run()
    return at.switch_page(PAGE).run()


def test_with_st_login_a_mapped_identity_is_signed_in_without_a_password(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = open_with_identity({"is_logged_in": True, "email": "Koordinatori@Shkoder.example", "email_verified": True})
    assert "Signed in as **shkoder** · municipality of Shkodër" in texts(at.markdown)
    assert at.file_uploader and not at.text_input
    at = at.button(key="upload_logout").click().run()
    assert at.user == {"is_logged_in": False}  # st.logout ended the identity, not only the session
    at.run()  # what the browser shows once st.logout's redirect has reloaded the app
    assert [b.label for b in at.button] == ["Sign in with the organisation account"]


def test_with_st_login_an_unknown_identity_may_not_upload(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = open_with_identity({"is_logged_in": True, "email": "dikush@example.org"}, lang="sq")
    # the address is the provider's text: shown literally (escaped for Markdown)
    assert texts(at.error) == [f"Adresa {escape_markdown('dikush@example.org')} nuk ka llogari ngarkimi. "
                               "Kërkojini stafit të rrjetit ta shtojë këtë adresë te një llogari."]
    assert not at.file_uploader and not at.text_input
    at = open_with_identity({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in with the organisation account"]
    assert not at.file_uploader and not at.text_input


def test_with_st_login_an_idle_session_signs_the_identity_out(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = open_with_identity({"is_logged_in": True, "email": "koordinatori@shkoder.example"})
    assert at.file_uploader
    at.session_state[session.LAST_SEEN] = time.time() - 31 * 60
    at.run()
    assert "You were signed out after 30 minutes without activity. Sign in again." in texts(at.info)
    assert at.user == {"is_logged_in": False} and not at.file_uploader


def test_a_broken_file_shows_every_error_and_writes_nothing(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page(), "shkoder", PASSWORDS["shkoder"])
    assert "Keni hyrë si **shkoder** · bashkia Shkodër" in texts(at.markdown)
    assert not at.checkbox  # replacing all data is for network staff only
    before = fingerprint(sample_root)
    at = upload(at, "aktivitetet.csv", BROKEN)
    assert not at.exception
    assert texts(at.error) == ["Skedarët kanë 2 gabime: asgjë nuk u ndryshua"]
    table = table_with(at, "Rreshti")
    assert list(table.Rreshti) == [3, 3]
    assert list(table.Kolona) == ["Bashkia / Municipality", "Lloji i aktivitetit / Event type"]
    assert list(table["Vlera e gjetur"]) == ["Shkodërr", "festë"]
    assert not [b for b in at.button if b.key == "upload_confirm"]
    assert fingerprint(sample_root) == before


def test_a_good_file_is_previewed_then_saved_after_confirmation(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "shkoder", PASSWORDS["shkoder"])
    at = upload(at, "events.csv", GOOD)
    summary = table_with(at, "Added")
    assert summary.to_dict("records") == [{"Table": "Events", "Added": 2, "Changed": 0, "Unchanged": 0, "Removed": 0}]
    assert store.current_version() == "sample"  # nothing written before confirmation
    at = at.button(key="upload_confirm").click().run()
    version = store.current_version()
    assert version != "sample"
    assert texts(at.success) == [f"Version {version} saved. The other pages now show the new data."]
    assert {"SHK-E-2026-001", "SHK-E-2026-002"} <= set(store.read_table("events").event_id)
    entry = audit_log.read_log(sample_root)[-1]
    assert (entry["user"], entry["scope"], entry["version"]) == ("shkoder", "SHK", version)
    assert store.read_manifest(version)["sample"] is True  # still mostly sample data


def test_the_same_file_again_has_nothing_to_change(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "rrjeti", PASSWORDS["rrjeti"])
    at = upload(at, "events.csv", GOOD).button(key="upload_confirm").click().run()
    first = store.current_version()
    at = upload(at, "events.csv", GOOD)
    assert "The files match the current data: there is nothing to change." in texts(at.info)
    at = at.button(key="upload_confirm").click().run()
    assert texts(at.success) == ["There were no changes; no new version was written."]
    assert store.current_version() == first


def test_a_municipality_account_cannot_touch_another_municipality(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "shkoder", PASSWORDS["shkoder"])
    at = upload(at, "tirana.csv", OTHER_TOWN)
    table = table_with(at, "What was expected")
    assert table["What was expected"].tolist() == [
        "Only data of municipality SHK: this row touches data of municipality TIR."]


def test_network_staff_may_replace_and_sign_out(sample_root, monkeypatch):
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    at = sign_in(open_page("en"), "rrjeti", PASSWORDS["rrjeti"])
    assert "Signed in as **rrjeti** · network staff (all municipalities)" in texts(at.markdown)
    at.checkbox(key="upload_replace").check().run()
    at = upload(at, "events.csv", GOOD)
    assert any(w.startswith("Careful: replacing removes") for w in texts(at.warning))
    at = at.button(key="upload_cancel").click().run()
    assert table_with(at, "Added") is None
    at = at.button(key="upload_logout").click().run()
    assert at.text_input(key="upload_username") is not None and not at.file_uploader


# End to end in headless Chromium -----------------------------------------------------------------

@pytest.fixture
def upload_server(tmp_path_factory, sample_frames, monkeypatch):
    """The app over a temporary copy of the sample data with two coordinator accounts."""
    from browser_support import AppServer, skip_without_browser

    skip_without_browser()
    root = tmp_path_factory.mktemp("upload-data")
    write_dataset(root, sample_frames, sample=True, version="sample")
    monkeypatch.setenv("POPDASH_COORDINATORS", coordinators_json())
    server = AppServer(root, tmp_path_factory.mktemp("upload-logs")).start()
    try:
        yield server, root
    finally:
        server.stop()


def dismiss_page_not_found(page) -> None:
    """The first page a fresh server serves by its URL path may open Streamlit's "Page not
    found" dialog over the right page (seen on every page of the app); close it if it is there."""
    dialog = page.get_by_role("dialog")
    try:
        dialog.wait_for(timeout=1500)
    except Exception:
        return
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def browser_upload(browser, server, name: str, data: bytes, screenshot: str, confirm: bool) -> str:
    """Sign in, upload one file, check it (and confirm); return the page's alert texts."""
    from browser_support import SCRIPT_DONE, TIMEOUT_MS, VIEWPORT, full_page_screenshot

    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", lambda route: route.continue_() if "localhost" in route.request.url else route.abort())
    page = context.new_page()
    try:
        page.goto(f"{server.url}/ngarko?lang=sq", wait_until="domcontentloaded")
        page.wait_for_function(SCRIPT_DONE)
        dismiss_page_not_found(page)
        page.get_by_label("Përdoruesi").fill("shkoder")
        page.get_by_label("Fjalëkalimi").fill(PASSWORDS["shkoder"])
        page.get_by_role("button", name="Hyr").click()
        page.get_by_text("Keni hyrë si").wait_for()
        page.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
        page.locator('button:has-text("Kontrollo skedarët"):not([disabled])').click()
        if confirm:
            page.get_by_role("button", name="Konfirmo dhe ruaj").click()
            page.get_by_text("U ruajt versioni").wait_for()
        else:
            page.get_by_text("asgjë nuk u ndryshua").wait_for()
            page.locator('[data-testid="stDataFrame"]').first.wait_for()
        page.wait_for_timeout(500)  # let the data grid paint before the screenshot
        full_page_screenshot(page, SCREENSHOTS / screenshot)
        return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    finally:
        context.close()


@pytest.mark.browser
def test_upload_in_the_browser_shows_errors_then_applies_a_good_file(chromium, upload_server):
    server, root = upload_server
    data_files = lambda: {k: v for k, v in fingerprint(root).items() if k != login_guard.FILE}  # noqa: E731
    before = data_files()
    alerts = browser_upload(chromium, server, "aktivitetet-gabim.csv", BROKEN, "upload-errors.png", confirm=False)
    assert "Skedarët kanë 2 gabime" in alerts
    assert data_files() == before
    alerts = browser_upload(chromium, server, "aktivitetet.csv", GOOD, "upload-saved.png", confirm=True)
    version = store.current_version(root)
    assert version != "sample" and f"U ruajt versioni {version}" in alerts
    assert {"SHK-E-2026-001", "SHK-E-2026-002"} <= set(store.read_table("events", root=root).event_id)


# Imported here so the browser fixtures are available to this module.
from browser_support import chromium  # noqa: E402,F401
