"""PATCHWORK_DATABASE_URL read and checked: a postgresql:// URL, shown everywhere with its password hidden."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from psycopg import ProgrammingError
from psycopg.conninfo import conninfo_to_dict

from storage.errors import StorageError

DATABASE_URL_ENV = "PATCHWORK_DATABASE_URL"
SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_S = "5"  # an unreachable server says so in seconds, not after the OS's minutes-long TCP timeout
HIDDEN = "***"


@dataclass(frozen=True)
class DatabaseUrl:
    """A checked PostgreSQL URL: `conninfo` for psycopg, `shown` for messages and logs (password hidden)."""

    conninfo: str = field(repr=False)  # holds the password: never in a repr, a log line or a cache key
    shown: str = ""
    password: str = field(default="", repr=False)  # as the server knows it: percent-decoding done

    def scrub(self, text: str) -> str:
        """Text (e.g. a driver's error) with this URL's password replaced (as typed or percent-encoded), in case a
        driver ever echoes it."""
        for form in (self.password, quote(self.password, safe="")) if self.password else ():
            text = text.replace(form, HIDDEN)
        return text


def configured_url() -> str | None:
    """PATCHWORK_DATABASE_URL when set (blank counts as unset: the embedded SQLite file is used)."""
    value = os.environ.get(DATABASE_URL_ENV, "").strip()
    return value or None


def _shown(parts, query: list[tuple[str, str]]) -> str:
    """The URL as it may be printed: password (in the user part or the query) replaced by ***."""
    netloc = parts.hostname or ""
    if parts.hostname and ":" in parts.hostname:
        netloc = f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username is not None:
        user = parts.username + (f":{HIDDEN}" if parts.password is not None else "")
        netloc = f"{user}@{netloc}"
    hidden = [(k, HIDDEN if k == "password" else v) for k, v in query]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(hidden, safe="/=-,%:"), ""))


def parse_database_url(url: str, name: str = DATABASE_URL_ENV) -> DatabaseUrl:
    """Check a postgresql:// URL; StorageError saying what is wrong with it (the password never repeated)."""
    text = str(url).strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in SCHEMES:
        said = f"'{scheme}://'" if scheme else "no scheme"
        raise StorageError(f"{name} must be a postgresql:// URL (it has {said}), e.g. "
                           "postgresql://patchwork@db.example.internal:5432/patchwork; unset it to use the embedded "
                           "SQLite file")
    if "#" in text:  # it would cut the URL short, most often inside a password
        raise StorageError(f"{name} is not a valid database URL: it has a '#' part; write a '#' in a password as %23")
    try:
        parts = urlsplit(text)
        port = parts.port  # urlsplit checks the port only when asked
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError as error:
        reason = "its port is not a number from 1 to 65535" if "port" in str(error).lower() else "it cannot be parsed"
        raise StorageError(f"{name} is not a valid database URL: {reason}") from None
    # the user part is percent-encoded (a password with '@', ':' or '/' must be); the query is decoded already
    password = unquote(parts.password) if parts.password else dict(query).get("password", "")
    shown = _shown(parts, query)
    if port == 0:
        raise StorageError(f"{name} is not a valid database URL: its port is not a number from 1 to 65535 ({shown})")
    try:
        conninfo_to_dict(text)
    except ProgrammingError as error:  # psycopg's parser says which query parameter it does not know
        message = DatabaseUrl(conninfo="", password=password).scrub(str(error))
        raise StorageError(f"{name} is not a valid database URL: {message.strip()} ({shown})") from None
    names = {key for key, _ in query}
    extra = [("connect_timeout", CONNECT_TIMEOUT_S)] if "connect_timeout" not in names else []
    extra += [("application_name", "patchwork")] if "application_name" not in names else []
    conninfo = text + (("&" if parts.query else "?") + urlencode(extra) if extra else "")
    return DatabaseUrl(conninfo=conninfo, shown=shown, password=password)
