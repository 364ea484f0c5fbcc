"""Form bodies: urlencoded fields and multipart uploads, with size and count limits.

An upload keeps its file name only as text to show; where it is stored is decided by `cases.store_upload`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from .http import HTTPError

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    max_files: int = 20            # files in one request
    max_file_bytes: int = 100 * MB  # one file (the same as files.safety's default)
    max_request_bytes: int = 300 * MB
    max_fields: int = 2000

    @classmethod
    def from_env(cls) -> Limits:
        from ..files.safety import LIMITS

        mb = int(os.environ.get("SPECGEN_SERVE_MAX_REQUEST_MB", "300"))
        return cls(max_file_bytes=LIMITS.max_file_bytes, max_request_bytes=mb * MB)


@dataclass(frozen=True)
class Upload:
    field: str
    filename: str  # as the browser sent it: shown, never used as a path
    data: bytes


def parse_urlencoded(body: bytes) -> dict[str, list[str]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "送信された文字が UTF-8 ではありません / form is not UTF-8") from None
    form = parse_qs(text, keep_blank_values=True, max_num_fields=Limits.max_fields)
    return form


_DISP = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"|(\w+)=([^;\s]+)')


def _disposition(value: str) -> dict[str, str]:
    out = {}
    for m in _DISP.finditer(value):
        if m.group(1):
            out[m.group(1).lower()] = m.group(2).replace('\\"', '"')
        else:
            out[m.group(3).lower()] = m.group(4)
    return out


def parse_multipart(body: bytes, content_type: str, limits: Limits) -> tuple[dict[str, list[str]], list[Upload]]:
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not m:
        raise HTTPError(400, "送信データの形式が正しくありません（boundary がありません）/ no multipart boundary")
    delim = b"--" + m.group(1).encode("latin-1")
    parts = body.split(delim)
    if len(parts) < 2 or not parts[-1].startswith(b"--"):
        raise HTTPError(400, "送信データが途中で切れています / truncated multipart body")
    form: dict[str, list[str]] = {}
    files: list[Upload] = []
    for raw in parts[1:-1]:
        if raw.startswith(b"\r\n"):
            raw = raw[2:]
        head, sep, data = raw.partition(b"\r\n\r\n")
        if not sep:
            raise HTTPError(400, "送信データの形式が正しくありません / malformed multipart part")
        if data.endswith(b"\r\n"):
            data = data[:-2]
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        disp = _disposition(headers.get("content-disposition", ""))
        name = disp.get("name", "")
        if "filename" in disp:
            if not disp["filename"] and not data:
                continue  # the browser sends an empty part for a file input left empty
            if len(files) >= limits.max_files:
                raise HTTPError(413, f"一度に送れるファイルは {limits.max_files} 個までです / too many files")
            if len(data) > limits.max_file_bytes:
                raise HTTPError(413, f"{disp['filename'][:80]}: ファイルが大きすぎます（上限 {limits.max_file_bytes // MB} MB）/ file too large")
            files.append(Upload(name, disp["filename"], data))
        else:
            if sum(len(v) for v in form.values()) >= limits.max_fields:
                raise HTTPError(413, "項目が多すぎます / too many fields")
            try:
                form.setdefault(name, []).append(data.decode("utf-8"))
            except UnicodeDecodeError:
                raise HTTPError(400, "送信された文字が UTF-8 ではありません / form is not UTF-8") from None
    return form, files
