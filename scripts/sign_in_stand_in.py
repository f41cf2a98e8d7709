"""A stand-in for an organisation's sign-in service (oauth2-proxy's nginx interface), for tests and local teams only.

It answers nginx's check (GET /oauth2/auth) as oauth2-proxy does: 202 with X-Auth-Request-Email when the request
carries a signed-in cookie, 401 when it does not; /oauth2/start is the page a browser is sent to when signed out.
Nobody can sign in through it: a test (or scripts/team.py) makes a person's cookie with `cookie_value`, from the
secret the stand-in was started with, and can revoke a person (POST /oauth2/revoke?email=..., from loopback).
Never put it in front of real users.
Usage: .venv/bin/python scripts/sign_in_stand_in.py --port 4180 --secret HEX
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import http.server
import threading
from urllib.parse import parse_qs, unquote, urlparse

COOKIE = "_patchwork_sign_in"
ANSWER_HEADER = "X-Auth-Request-Email"


def cookie_value(secret: str, email: str) -> str:
    """The cookie that signs `email` in with a stand-in started with `secret`."""
    mark = hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{email}|{mark}".replace("@", "%40")


def _signed_in(secret: str, cookie_header: str, revoked: set[str]) -> str | None:
    """The e-mail a Cookie header signs in, or None."""
    for part in cookie_header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            email, _, mark = unquote(value).partition("|")
            if email and email not in revoked and hmac.compare_digest(cookie_value(secret, email), value):
                return email
    return None


def serve(port: int, secret: str) -> http.server.ThreadingHTTPServer:
    """Start the stand-in on 127.0.0.1:port in a thread; the server (shutdown() stops it)."""
    revoked: set[str] = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = urlparse(self.path).path
            if path == "/oauth2/auth":
                email = _signed_in(secret, self.headers.get("Cookie", ""), revoked)
                self.send_response(202 if email else 401)
                if email:
                    self.send_header(ANSWER_HEADER, email)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"<!doctype html><title>Sign in</title><p>Sign in with your organisation (stand-in).</p>"
            self.send_response(200 if path.startswith("/oauth2/") else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            parsed = urlparse(self.path)
            if parsed.path == "/oauth2/revoke" and self.client_address[0] == "127.0.0.1":
                revoked.update(parse_qs(parsed.query).get("email", []))
                self.send_response(204)
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4180)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    server = serve(args.port, args.secret)
    print(f"sign-in stand-in on http://127.0.0.1:{args.port}", flush=True)
    threading.Event().wait()
    server.shutdown()


if __name__ == "__main__":
    main()
