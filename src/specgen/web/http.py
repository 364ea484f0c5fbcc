"""The web page's HTTP layer: the standard library's threading server, a per-run token and the request checks.

Why the standard library (measured, see README "specgen serve"): importing http.server takes ~0.14 s against
~0.4 s for Starlette + uvicorn + python-multipart, it adds nothing to install (the Starlette stack is ~5 MB in
seven packages) and there is no wheel to miss on an office PC. The page serves one user on their own machine,
so a threading server is enough.

Every request must carry the run's token (the URL the server opens, then an HttpOnly SameSite=Strict cookie),
a Host naming this server (DNS rebinding), and a state-changing request an Origin of this server (CSRF).
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from ..errors import SpecgenError, one_line

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_FORM_BYTES = 1_000_000  # a form without files
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # not no-referrer: with it Chrome sends "Origin: null" on form posts, and the Origin check needs the real one;
    # same-origin sends nothing to any other site
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    form: dict[str, list[str]] = field(default_factory=dict)
    files: list = field(default_factory=list)  # forms.Upload
    params: dict[str, str] = field(default_factory=dict)  # from the route pattern

    def arg(self, name: str, default: str = "") -> str:
        v = self.query.get(name)
        return v[0] if v else default

    def field(self, name: str, default: str = "") -> str:
        v = self.form.get(name)
        return v[0] if v else default


@dataclass
class Response:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def redirect(location: str, status: int = 303) -> Response:
        return Response(status, b"", "text/plain; charset=utf-8", {"Location": location})

    @staticmethod
    def json(data) -> Response:
        import json

        return Response(200, json.dumps(data, ensure_ascii=False), "application/json; charset=utf-8")


Handler = Callable[[Request], Response]


class Router:
    def __init__(self):
        self.routes: list[tuple[str, re.Pattern, Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        rx = re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[A-Za-z0-9_.-]+)", pattern) + "$")
        self.routes.append((method, rx, handler))

    def find(self, method: str, path: str) -> tuple[Handler, dict[str, str]]:
        allowed = False
        for m, rx, h in self.routes:
            got = rx.match(path)
            if got:
                if m == method:
                    return h, got.groupdict()
                allowed = True
        raise HTTPError(405 if allowed else 404, "この操作はできません / method not allowed" if allowed else "ページがありません / not found")


class Guard:
    """The checks every request passes before a handler sees it."""

    def __init__(self, host: str, port: int, token: str | None = None):
        self.host, self.port = host, port
        self.token = token or secrets.token_urlsafe(24)
        self.cookie = f"specgen_{port}"  # cookies ignore the port: one name per server
        names = {host, "127.0.0.1", "localhost"} if host in LOOPBACK else {host}
        self.hosts = {f"{n}:{port}" for n in names} | {f"[{n}]:{port}" for n in names if ":" in n}
        self.origins = {f"http://{h}" for h in self.hosts}

    def check_host(self, headers: dict[str, str]) -> None:
        if headers.get("host", "").lower() not in self.hosts:
            raise HTTPError(421, "このアドレスでは利用できません（Host が一致しません）/ unexpected Host header")

    def check_origin(self, headers: dict[str, str]) -> None:
        """A state-changing request must come from this server's own page."""
        origin = headers.get("origin")
        if origin is None:
            ref = headers.get("referer", "")
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(ref)) if ref else None
        if origin not in self.origins or headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise HTTPError(403, "このページ以外からの操作は受け付けません（Origin が一致しません）/ cross-origin request refused")

    def has_token(self, headers: dict[str, str], query: dict[str, list[str]]) -> tuple[bool, bool]:
        """(authorised, came in the URL)."""
        given = (query.get("token") or [""])[0]
        if given and hmac.compare_digest(given.encode(), self.token.encode()):
            return True, True
        from http.cookies import CookieError, SimpleCookie

        try:
            c = SimpleCookie(headers.get("cookie", ""))
        except CookieError:
            return False, False
        m = c.get(self.cookie)
        return bool(m and hmac.compare_digest(m.value.encode(), self.token.encode())), False

    def cookie_header(self) -> str:
        return f"{self.cookie}={self.token}; HttpOnly; SameSite=Strict; Path=/"


class _Handler(BaseHTTPRequestHandler):
    server_version = "specgen"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    app = None  # set per server

    def log_message(self, fmt, *args):  # the console shows problems, not every request
        if self.app.verbose:
            sys.stderr.write("specgen serve: " + (fmt % args) + "\n")

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_HEAD(self):
        self._serve("HEAD")

    def _serve(self, method: str) -> None:
        try:
            resp = self._handle(method)
        except HTTPError as e:
            resp = self.app.error_page(e.status, e.message)
            if e.status in (400, 413):
                self.close_connection = True  # the body may be unread
        except SpecgenError as e:
            resp = self.app.error_page(400, str(e))
        except Exception as e:  # noqa: BLE001 - a bug: one line on the page and the console, the server keeps running
            sys.stderr.write(f"specgen serve: 内部エラー / internal error: {type(e).__name__}: {one_line(e, 200)}\n")
            if self.app.debug:
                import traceback

                traceback.print_exc()
            resp = self.app.error_page(500, f"内部エラー / internal error: {type(e).__name__}")
        self._send(resp, method == "HEAD")

    def _handle(self, method: str) -> Response:
        guard: Guard = self.app.guard
        headers = {k.lower(): v for k, v in self.headers.items()}
        guard.check_host(headers)
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        ok, in_url = guard.has_token(headers, query)
        if not ok:
            raise HTTPError(403, "このページを開くには、specgen serve が表示したアドレス（token 付き）から開いてください / missing or wrong token")
        if in_url:  # swap the token in the URL for the cookie, and drop it from the address bar and history
            rest = "&".join(f"{quote(k)}={quote(v)}" for k, vs in query.items() if k != "token" for v in vs)
            r = Response.redirect(url.path + (f"?{rest}" if rest else ""))
            r.headers["Set-Cookie"] = guard.cookie_header()
            return r
        req = Request(method if method != "HEAD" else "GET", url.path, query, headers)
        if method == "POST":
            guard.check_origin(headers)
            self._read_body(req)
        handler, params = self.app.router.find(req.method, req.path)
        req.params = params
        return handler(req)

    def _read_body(self, req: Request) -> None:
        from .forms import parse_multipart, parse_urlencoded

        try:
            length = int(req.headers.get("content-length", "0"))
        except ValueError:
            raise HTTPError(400, "Content-Length が正しくありません / bad Content-Length") from None
        ctype = req.headers.get("content-type", "")
        limit = self.app.limits.max_request_bytes if ctype.startswith("multipart/") else MAX_FORM_BYTES
        if length < 0 or length > limit:
            raise HTTPError(413, f"送信されたデータが大きすぎます（上限 {limit // 1_000_000} MB）/ request too large")
        body = self.rfile.read(length) if length else b""
        if ctype.startswith("multipart/form-data"):
            req.form, req.files = parse_multipart(body, ctype, self.app.limits)
        elif ctype.startswith("application/x-www-form-urlencoded") or not ctype:
            req.form = parse_urlencoded(body)
        else:
            raise HTTPError(415, "この形式の送信は受け付けません / unsupported content type")

    def _send(self, resp: Response, head_only: bool) -> None:
        body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
        self.send_response(resp.status)
        headers = {**SECURITY_HEADERS, "Content-Type": resp.content_type, "Content-Length": str(len(body)), **resp.headers}
        for k, v in headers.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # POSIX: rebind right after a restart (TIME_WAIT). Windows: SO_REUSEADDR would let another process bind the same
    # port and take requests, so it stays off there.
    allow_reuse_address = os.name != "nt"


def make_server(app, host: str, port: int) -> Server:
    handler = type("SpecgenHandler", (_Handler,), {"app": app})
    cls = Server
    if ":" in host:
        import socket

        cls = type("Server6", (Server,), {"address_family": socket.AF_INET6})
    return cls((host, port), handler)


def serve_in_thread(server: Server) -> threading.Thread:
    t = threading.Thread(target=server.serve_forever, name="specgen-serve", daemon=True)
    t.start()
    return t
