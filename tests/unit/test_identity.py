"""Who is asking: a proxy's header believed only when trusted and from the proxy; OIDC; single-user otherwise."""
from __future__ import annotations

import unicodedata

import pytest

from storage.identity import (
    LOOPBACK,
    OIDC,
    PROXY,
    SINGLE_USER,
    IdentityConfigError,
    IdentitySettings,
    decide,
    misconfigured,
    usable_name,
)
from storage.ownership import EVERYONE

TRUSTED = IdentitySettings.from_env({"PATCHWORK_TRUST_IDENTITY_HEADER": "on"})
EMAIL = [("Host", "patchwork.example.internal"), ("X-Forwarded-Email", "Ann.Official@Example.ORG")]


def test_a_trusted_header_from_the_proxy_address_is_believed():
    for peer in ("127.0.0.1", "::1", LOOPBACK, "::ffff:127.0.0.1"):
        found = decide(EMAIL, peer, TRUSTED)
        assert (found.owner, found.mode, found.notices) == ("ann.official@example.org", PROXY, ())
        assert found.signed_in and found.can_save and found.viewer == "ann.official@example.org"
    lowercase = [(name.lower(), value) for name, value in EMAIL]
    assert decide(lowercase, "127.0.0.1", TRUSTED).owner == "ann.official@example.org"
    remote = IdentitySettings.from_env({"PATCHWORK_TRUST_IDENTITY_HEADER": "1", "PATCHWORK_TRUSTED_PROXIES": "10.0.0.5",
                                        "PATCHWORK_IDENTITY_HEADER": "X-Auth-Request-User"})
    assert decide([("X-Auth-Request-User", "ann")], "10.0.0.5", remote).owner == "ann"


def test_the_same_header_from_anywhere_else_is_ignored_with_a_notice():
    for peer in ("10.0.0.9", "192.168.1.20", "2001:db8::1", None, "not an address"):
        found = decide(EMAIL, peer, TRUSTED)
        assert found.owner is None and not found.signed_in and not found.can_save
        assert "not the sign-in proxy" in found.notices[0] and "ignored" in found.notices[0]
        assert found.viewer == EVERYONE  # sees only everyone's and shared figures
    remote = IdentitySettings.from_env({"PATCHWORK_TRUST_IDENTITY_HEADER": "yes", "PATCHWORK_TRUSTED_PROXIES": "10.0.0.5"})
    assert decide(EMAIL, LOOPBACK, remote).owner is None  # a loopback proxy is not trusted when not listed


def test_a_header_the_app_is_not_set_to_trust_is_never_an_identity():
    found = decide(EMAIL, "127.0.0.1", IdentitySettings.from_env({}))
    assert (found.owner, found.mode) == (EVERYONE, SINGLE_USER) and "not set to trust" in found.notices[0]
    oidc = decide(EMAIL, "127.0.0.1", IdentitySettings.from_env({}), {"is_logged_in": False})
    assert oidc.owner is None and "not set to trust" in oidc.notices[0]


def test_no_header_and_no_sign_in_configured_is_single_user_as_before():
    found = decide([("Host", "localhost:8501")], LOOPBACK, IdentitySettings.from_env({}))
    assert (found.owner, found.mode, found.notices) == (EVERYONE, SINGLE_USER, ())
    assert found.single_user and found.can_save and not found.signed_in


def test_with_trust_on_a_missing_doubled_or_odd_header_signs_nobody_in():
    assert "sent no X-Forwarded-Email" in decide([("Host", "h")], "127.0.0.1", TRUSTED).notices[0]
    doubled = [*EMAIL, ("X-Forwarded-Email", "mallory@example.org")]
    assert decide(doubled, "127.0.0.1", TRUSTED).owner is None  # a proxy that appends, not replaces
    for value in ("", "   ", "ann@example.org\r\nX-Other: 1", "a b@example.org", "<script>@x", "x" * 300):
        found = decide([("X-Forwarded-Email", value)], "127.0.0.1", TRUSTED)
        assert found.owner is None and found.notices
    assert usable_name(" Ann@Example.org ") == "ann@example.org"


@pytest.mark.parametrize("address", ["zoë@example.org", "ZOË@Example.org", "用户@例子.广告", "josé.garcía@correo.es",
                                     "o'brien@example.org".replace("'", ""), "ann+board@example.gov.uk",
                                     "a_b@sub-domain.example.co.uk", "oidc-abc-123", "ann.smith"])
def test_real_addresses_and_user_names_are_accepted_in_any_script(address):
    assert usable_name(address) == unicodedata.normalize("NFC", address).lower()


@pytest.mark.parametrize("junk", [".", "@", "-@-", "-", "..", "a@b", "a@@example.org", "@example.org", "ann@",
                                  "ann@.example.org", "ann@example..org", ".ann@example.org", "ann.@example.org",
                                  "ann@-example.org", "ann@example.o", "<script>@x", "a b@example.org",
                                  "ann@example.org>", "\"ann\"@example.org", "x" * 65 + "@example.org"])
def test_junk_is_refused(junk):
    assert usable_name(junk) is None


def test_streamlit_openid_connect_sign_in():
    settings = IdentitySettings.from_env({})
    found = decide([], None, settings, {"is_logged_in": True, "email": "Bob@Example.org", "sub": "123"})
    assert (found.owner, found.mode) == ("bob@example.org", OIDC) and found.signed_in
    assert decide([], None, settings, {"is_logged_in": True, "sub": "abc-123"}).owner == "oidc-abc-123"
    signed_out = decide([], None, settings, {"is_logged_in": False})
    assert signed_out.owner is None and signed_out.mode == OIDC
    trusted_wins = decide(EMAIL, "127.0.0.1", TRUSTED, {"is_logged_in": True, "email": "bob@example.org"})
    assert trusted_wins.owner == "ann.official@example.org"


def test_settings_that_cannot_be_read_fail_closed_with_a_clear_message():
    for environ, words in [({"PATCHWORK_TRUST_IDENTITY_HEADER": "maybe"}, "must be on or off"),
                           ({"PATCHWORK_TRUSTED_PROXIES": "127.0.0.1,proxy.local"}, "'proxy.local' is not one"),
                           ({"PATCHWORK_IDENTITY_HEADER": "X Forwarded: Email"}, "must be a header name")]:
        with pytest.raises(IdentityConfigError, match=words) as raised:
            IdentitySettings.from_env(environ)
        found = misconfigured(raised.value)
        assert found.owner is None and not found.can_save and "misconfigured" in found.notices[0]
    assert IdentitySettings.from_env({"PATCHWORK_TRUSTED_PROXIES": "10.0.0.0/24, ::1"}).from_proxy("10.0.0.77")


def _upload_page_notice():
    import streamlit as st

    from ui import identity

    found = identity.upload_page_notice()
    st.markdown(f"owner={found.owner!r} mode={found.mode}")


def test_the_upload_page_says_single_user_or_not_signed_in(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("PATCHWORK_TRUST_IDENTITY_HEADER", raising=False)
    at = AppTest.from_function(_upload_page_notice).run()
    assert not at.exception and "Single-user mode" in at.info[0].value and at.markdown[-1].value == "owner='' mode=single-user"
    monkeypatch.setenv("PATCHWORK_TRUST_IDENTITY_HEADER", "on")  # no proxy in front of AppTest: nobody signed in
    at = AppTest.from_function(_upload_page_notice).run()
    assert "cannot save" in at.info[0].value and at.markdown[-1].value == "owner=None mode=proxy"
    assert "not signed in" in at.warning[0].value
    monkeypatch.setenv("PATCHWORK_TRUST_IDENTITY_HEADER", "perhaps")
    at = AppTest.from_function(_upload_page_notice).run()
    assert "misconfigured" in at.warning[0].value and at.markdown[-1].value == "owner=None mode=proxy"
