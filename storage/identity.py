"""Who is asking: a sign-in proxy's header (believed only from the proxy's own address, and only when the app is
set to trust it), Streamlit's OpenID Connect sign-in, or nobody configured (single-user, as before owners)."""
from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storage.ownership import EVERYONE

TRUST_ENV = "PATCHWORK_TRUST_IDENTITY_HEADER"
HEADER_ENV = "PATCHWORK_IDENTITY_HEADER"
PROXIES_ENV = "PATCHWORK_TRUSTED_PROXIES"
DEFAULT_HEADER = "X-Forwarded-Email"  # what oauth2-proxy sets (with --set-xauthrequest / --pass-user-headers)
DEFAULT_PROXIES = "127.0.0.1,::1"
LOOPBACK = "loopback"  # a peer known to be on this host, address not given (Streamlit reports loopback as None)
SINGLE_USER, PROXY, OIDC = "single-user", "proxy", "oidc"
MAX_NAME = 254  # the longest e-mail address
# An e-mail address in any script (letters and digits as Unicode has them, so zoë@example.org and 用户@例子.广告
# are people), or a user name; never punctuation alone (".", "@", "-@-"), spaces, quotes or angle brackets.
_ALNUM = r"[^\W_]"
_LOCAL = r"[\w%+\-]{1,64}(?:\.[\w%+\-]{1,64})*"  # dots between parts, never first, last or doubled
_LABEL = rf"{_ALNUM}(?:(?:{_ALNUM}|-){{0,61}}{_ALNUM})?"
EMAIL_ADDRESS = re.compile(rf"^(?=[^@]{{1,64}}@){_LOCAL}@{_LABEL}(?:\.{_LABEL})*\.{_ALNUM}{{2,63}}$")
USER_NAME = re.compile(rf"^{_ALNUM}(?:[\w.+\-]*{_ALNUM})?$")
TRUE, FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class IdentityConfigError(ValueError):
    """The identity settings cannot be read (the message names the variable and what it should hold)."""


@dataclass(frozen=True)
class IdentitySettings:
    """Whether to trust a proxy's identity header, its name, and the proxy addresses it is believed from."""

    trust_header: bool = False
    header: str = DEFAULT_HEADER
    proxies: tuple = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> IdentitySettings:
        """From PATCHWORK_TRUST_IDENTITY_HEADER, PATCHWORK_IDENTITY_HEADER and PATCHWORK_TRUSTED_PROXIES."""
        environ = os.environ if environ is None else environ
        trust = environ.get(TRUST_ENV, "").strip().lower()
        if trust not in TRUE + FALSE:
            raise IdentityConfigError(f"{TRUST_ENV} must be on or off (1/0, true/false, yes/no); it is "
                                      f"'{trust[:20]}'")
        header = environ.get(HEADER_ENV, "").strip() or DEFAULT_HEADER
        if not re.match(r"^[A-Za-z0-9-]{1,64}$", header):
            raise IdentityConfigError(f"{HEADER_ENV} must be a header name such as {DEFAULT_HEADER}")
        proxies = []
        for item in (environ.get(PROXIES_ENV, "").strip() or DEFAULT_PROXIES).split(","):
            try:
                proxies.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise IdentityConfigError(f"{PROXIES_ENV} must list proxy addresses or networks separated by commas "
                                          f"(e.g. {DEFAULT_PROXIES} or 10.0.0.5/32); '{item.strip()[:40]}' is not "
                                          "one") from None
        return cls(trust in TRUE, header, tuple(proxies))

    def from_proxy(self, peer: str | None) -> bool:
        """Whether the connection's address is one of the trusted proxies (LOOPBACK: any loopback proxy)."""
        if not peer:
            return False
        if peer == LOOPBACK:
            loopbacks = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))
            return any(address in network for network in self.proxies for address in loopbacks
                       if address.version == network.version)
        try:
            address = ipaddress.ip_address(peer.strip("[]").split("%")[0])
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        return any(address in network for network in self.proxies)


@dataclass(frozen=True)
class Identity:
    """The person a request is from: `owner` saves under that name (EVERYONE in single-user mode, None = not
    signed in: may look, may not save); `mode` says how it was decided; `notices` say what was ignored and why."""

    owner: str | None
    mode: str
    notices: tuple[str, ...] = ()

    @property
    def single_user(self) -> bool:
        """No sign-in configured: everyone who can open the app is one user."""
        return self.mode == SINGLE_USER

    @property
    def signed_in(self) -> bool:
        """A named person, believed."""
        return not self.single_user and self.owner is not None

    @property
    def can_save(self) -> bool:
        """Whether this person may save, share and delete (single user or signed in)."""
        return self.owner is not None

    @property
    def viewer(self) -> str:
        """Whose private rows this person sees (nobody's when not signed in: EVERYONE's and shared rows only)."""
        return EVERYONE if self.owner is None else self.owner


def usable_name(value: str | None) -> str | None:
    """An e-mail address or user name folded to lower case (Unicode NFC), or None if it is empty, too long or not
    shaped like one."""
    name = unicodedata.normalize("NFC", str(value or "").strip()).lower()
    if not name or len(name) > MAX_NAME:
        return None
    shape = EMAIL_ADDRESS if "@" in name else USER_NAME
    return name if shape.match(name) else None


def _values(headers: Iterable[tuple[str, str]], name: str) -> list[str]:
    """Every value of one header (names compared without case)."""
    return [value for key, value in headers if key.lower() == name.lower()]


def from_proxy_header(headers: Iterable[tuple[str, str]], peer: str | None, settings: IdentitySettings) -> Identity:
    """The proxy header's person when trusted and sent once, with a usable name, from a trusted proxy address."""
    values = _values(headers, settings.header)
    if not settings.from_proxy(peer):
        said = (f"An identity header ({settings.header}) came from an address that is not the sign-in proxy, so it "
                "was ignored: you are not signed in.") if values else "You are not signed in (the request did not come "\
               "through the sign-in proxy)."
        return Identity(None, PROXY, (said,))
    if not values:
        return Identity(None, PROXY, (f"You are not signed in: the sign-in proxy sent no {settings.header} header.",))
    if len(values) > 1:
        return Identity(None, PROXY, (f"More than one {settings.header} header came with this request, so none was "
                                      "believed: you are not signed in.",))
    name = usable_name(values[0])
    if name is None:
        return Identity(None, PROXY, (f"The sign-in proxy's {settings.header} header did not hold a usable e-mail "
                                      "address or user name, so it was ignored: you are not signed in.",))
    return Identity(name, PROXY)


def from_oidc(user: Mapping) -> Identity:
    """Streamlit's OpenID Connect sign-in (st.user): the e-mail address, else the subject id; None when signed out."""
    if not user.get("is_logged_in"):
        return Identity(None, OIDC, ("You are not signed in.",))
    name = usable_name(user.get("email"))
    if name is None and user.get("sub"):
        name = usable_name(f"oidc-{user.get('sub')}")
    if name is None:
        return Identity(None, OIDC, ("The sign-in gave no usable e-mail address, so you are treated as not signed "
                                     "in.",))
    return Identity(name, OIDC)


def decide(headers: Iterable[tuple[str, str]], peer: str | None, settings: IdentitySettings,
           oidc_user: Mapping | None = None) -> Identity:
    """Who is asking: the trusted proxy header when that is on; else the OIDC sign-in when configured (oidc_user
    not None); else single-user. An identity header that is not trusted is never believed, only reported."""
    headers = list(headers)
    if settings.trust_header:
        return from_proxy_header(headers, peer, settings)
    ignored = ()
    if _values(headers, settings.header):
        ignored = (f"An identity header ({settings.header}) came with this request, but this app is not set to trust "
                   f"one ({TRUST_ENV}), so it was ignored.",)
    if oidc_user is not None:
        found = from_oidc(oidc_user)
        return Identity(found.owner, found.mode, ignored + found.notices)
    return Identity(EVERYONE, SINGLE_USER, ignored)


def misconfigured(error: IdentityConfigError) -> Identity:
    """Not signed in, saying why: identity settings that cannot be read fail closed, never open."""
    return Identity(None, PROXY, (f"Sign-in is misconfigured, so nobody is signed in: {error}.",))
