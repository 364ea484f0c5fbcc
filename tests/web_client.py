"""A small HTTP client for the `specgen serve` tests: keeps the token cookie, sends this server's Origin on POST."""

from __future__ import annotations

import html
import http.client
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    body: bytes
    url: str | None
    headers: dict

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    def alerts(self) -> list[str]:
        return [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</(?:p|div)>', self.text, re.S)]


class Client:
    def __init__(self, url: str):
        self.base = url.split("/?")[0]
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(url).read()

    def _do(self, req) -> Reply:
        try:
            r = self.opener.open(req)
            return Reply(r.status, r.read(), r.url, dict(r.headers))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read(), None, dict(e.headers))

    def get(self, path: str) -> Reply:
        return self._do(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict | None = None, files: list[tuple[str, str, bytes]] = (), headers: dict | None = None) -> Reply:
        h = {"Origin": self.base, **(headers or {})}
        if files:
            body, ctype = multipart(fields or {}, files)
            h["Content-Type"] = ctype
        else:
            body = urllib.parse.urlencode(fields or {}, doseq=True).encode()
        return self._do(urllib.request.Request(self.base + path, data=body, headers=h))


def multipart(fields: dict, files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    b = uuid.uuid4().hex
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    for k, name, data in files:
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


def raw(port: int, method: str, path: str, headers: dict, body: bytes = b"") -> tuple[int, bytes]:
    """A request with exactly these headers (Host, Origin, Cookie …), as another page or process would send it."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in headers.items():
        c.putheader(k, v)
    if (body or method == "POST") and "Content-Length" not in headers:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    if body:
        c.send(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def field(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page).group(1))


def wait_done(client: Client, cid: str, timeout: float = 120) -> dict:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        p = client.get(f"/cases/{cid}/progress").json()
        if p["state"] in ("done", "failed"):
            return p
        time.sleep(0.1)
    raise AssertionError("job did not finish")
