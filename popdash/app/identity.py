"""Who is at the other end, as Streamlit reports it: the client's network address (for counting
failed sign-ins) and the OpenID Connect user of st.login. Kept apart so the sign-in logic can
be tested without Streamlit."""
from __future__ import annotations

import streamlit as st


def client_address() -> str | None:
    """The address of the browser's connection; None on this machine itself (Streamlit reports
    none for localhost) and where there is no connection (AppTest). Behind a reverse proxy it is
    the proxy's address for everyone."""
    try:
        address = st.context.ip_address
    except Exception:
        return None
    # AppTest's stand-in runtime answers with a mock: anything but text counts as no address
    return address if isinstance(address, str) and address else None


def oidc_user() -> dict | None:
    """st.user as a plain mapping when st.login is configured (an [auth] section in the
    secrets, so Streamlit adds `is_logged_in`), else None: the page then uses passwords."""
    try:
        user = dict(st.user.to_dict())
    except Exception:
        return None
    return user if "is_logged_in" in user else None
