"""Streamlit glue for who is asking: the request's headers and address, or st.user, handed to storage.identity.

What the script can and cannot check (Streamlit 1.67): `st.context.headers` are the websocket handshake's headers
and `st.context.ip_address` its peer, except that a loopback peer is reported as None, and that the server
(uvicorn) has already replaced the peer by the X-Forwarded-For client when the peer is in FORWARDED_ALLOW_IPS
(default 127.0.0.1 and ::1). So the app sees the proxy's own address only when the proxy sends no
X-Forwarded-For; docs/deployment.md has nginx clear that header, set the identity header itself (dropping any the
browser sent) and the app listen on loopback only, so the proxy check holds in nginx as well as here."""
from __future__ import annotations

import logging
import os
import urllib.request

import streamlit as st

from storage.identity import LOOPBACK, PROXY, Identity, IdentityConfigError, IdentitySettings, decide, misconfigured, usable_name

LOGGED_KEY = "identity_notice_logged"
SINGLE_USER_WORDS = ("**Single-user mode:** no sign-in is configured, so everyone who can open this copy of "
                     "Patchwork is treated as one user and figures saved here are visible to all of them. To keep "
                     "each person's uploads to them, run it behind your organisation's sign-in "
                     "(see docs/deployment.md, 'A team').")
SIGNED_IN_WORDS = ("Signed in as **{who}**. Figures you save are private to you until you share them with everyone "
                   "signed in; you can withdraw a share at any time. Bundled figures are visible to all.")
NOT_SIGNED_IN_WORDS = ("You can see the bundled figures and those others have shared, and use uploads in this "
                       "session, but you cannot save, share or delete saved figures until you sign in.")

# An open tab keeps the identity its websocket was opened with for as long as it lives (up to a day); before each
# save, share or delete the sign-in service is asked again with the tab's cookies, when its address is given.
CHECK_ENV = "PATCHWORK_SIGN_IN_CHECK_URL"  # e.g. oauth2-proxy's http://127.0.0.1:4180/oauth2/auth
ANSWER_ENV = "PATCHWORK_SIGN_IN_ANSWER_HEADER"
ANSWER_HEADER = "X-Auth-Request-Email"
ENDED_WORDS = ("Your sign-in has ended (or could not be checked): nothing was saved or changed. Reload the page to "
               "sign in again.")

_log = logging.getLogger(__name__)


def _headers() -> list[tuple[str, str]]:
    """Every header of this session's websocket handshake as (name, value) pairs (none under AppTest)."""
    headers = st.context.headers
    pairs = [(name, value) for name in headers for value in headers.get_all(name)]
    return [(name, value) for name, value in pairs if isinstance(name, str) and isinstance(value, str)]


def _peer(headers: list[tuple[str, str]]) -> str | None:
    """The connection's address; Streamlit gives None for a loopback peer, so a live connection without one is
    LOOPBACK (with no headers at all there is no connection to judge, e.g. under AppTest)."""
    address = st.context.ip_address
    if isinstance(address, str) and address:  # AppTest's stand-in session gives a mock, not an address
        return address
    return LOOPBACK if headers else None


def _oidc_user() -> dict | None:
    """st.user when Streamlit's OpenID Connect sign-in is configured ([auth] in secrets.toml), else None."""
    user = st.user.to_dict()
    return user if "is_logged_in" in user else None


def request() -> tuple[list[tuple[str, str]], str | None]:
    """This session's request as the identity rules judge it: its headers and the connection's address.

    The one place the script reads them; tests stand in for a proxy by replacing this function (AppTest cannot
    seed st.context's headers or address)."""
    headers = _headers()
    return headers, _peer(headers)


def current() -> Identity:
    """Who this session is, decided afresh on each run (settings that cannot be read: nobody is signed in)."""
    headers, peer = request()
    try:
        settings = IdentitySettings.from_env()
    except IdentityConfigError as error:
        found = misconfigured(error)
    else:
        found = decide(headers, peer, settings, None if settings.trust_header else _oidc_user())
    if found.notices and not st.session_state.get(LOGGED_KEY):
        st.session_state[LOGGED_KEY] = True  # once a session: the server log tells the operator what was ignored
        _log.warning("identity: %s (peer %s, mode %s)", " ".join(found.notices), peer, found.mode)
    return found


def still_signed_in(who: Identity) -> bool:
    """Whether the sign-in service still signs this tab's person in, asked now with the tab's cookies (True when no
    check address is configured, or for anyone not signed in through the proxy: they cannot save anyway)."""
    address = os.environ.get(CHECK_ENV, "").strip()
    if not address or who.mode != PROXY or not who.signed_in:
        return True
    cookies = "; ".join(value for name, value in _headers() if name.lower() == "cookie")
    try:
        with urllib.request.urlopen(urllib.request.Request(address, headers={"Cookie": cookies}), timeout=5) as answer:
            named = answer.headers.get(os.environ.get(ANSWER_ENV, "").strip() or ANSWER_HEADER)
            return 200 <= answer.status < 300 and usable_name(named) == who.owner
    except (OSError, ValueError):  # 401 (urllib's HTTPError), unreachable or a bad address: not signed in
        return False


def upload_page_notice() -> Identity:
    """Say on the upload page who is signed in (or that it runs single-user) and anything ignored; the identity."""
    found = current()
    for notice in found.notices:
        st.warning(notice, icon=":material/warning:")
    if found.single_user:
        st.info(SINGLE_USER_WORDS, icon=":material/info:")
    elif found.signed_in:
        st.caption(SIGNED_IN_WORDS.format(who=found.owner.replace("*", "\\*").replace("_", "\\_")))
    else:
        st.info(NOT_SIGNED_IN_WORDS, icon=":material/lock:")
        if found.mode == "oidc" and st.button("Sign in", key="identity_sign_in"):
            st.login()
    return found
