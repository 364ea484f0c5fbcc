"""Checks run on every input document before any parser sees it: type sniffing and ZIP limits.

A .xlsx/.docx is a ZIP of XML; we look at the bytes and the ZIP directory (never the extension alone)
and refuse encrypted, legacy, mislabelled, truncated or bomb-like files with one readable line.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFileError


@dataclass(frozen=True)
class Limits:
    """Defaults sized for real answer sheets and proposals (a 300-page proposal is ~20 MB)."""

    max_file_bytes: int = int(os.environ.get("SPECGEN_MAX_FILE_MB", "100")) * 1_000_000
    max_uncompressed_bytes: int = int(os.environ.get("SPECGEN_MAX_UNZIPPED_MB", "500")) * 1_000_000
    max_member_ratio: float = 200.0  # XML compresses well (~10–30×); bombs are 1000×+
    max_members: int = 10_000
    max_rows: int = 20_000
    max_cols: int = 200
    max_cell_chars: int = 32_767  # Excel's own cell limit
    max_paragraphs: int = 50_000
    max_part_bytes: int = int(os.environ.get("SPECGEN_MAX_PART_MB", "60")) * 1_000_000  # one XML part, unzipped


LIMITS = Limits()

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
OOXML_MAIN = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
KIND_BY_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx", ".docx": "docx", ".docm": "docx", ".dotx": "docx"}


def sniff(path: Path, limits: Limits = LIMITS) -> str:
    """Return 'xlsx', 'docx' or 'json' for a readable input, else raise InputFileError with the reason."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise InputFileError(f"{name}: ファイルが見つかりません / file not found") from None
    except IsADirectoryError:
        raise InputFileError(f"{name}: フォルダです。ファイルを指定してください / is a directory") from None
    except OSError as e:
        raise InputFileError(f"{name}: 読み込めません / cannot read ({e.strerror})") from None
    suffix = path.suffix.lower()
    if size == 0:
        raise InputFileError(f"{name}: 空のファイルです / the file is empty")
    if size > limits.max_file_bytes:
        raise InputFileError(f"{name}: ファイルが大きすぎます / too large ({size / 1e6:.0f} MB > {limits.max_file_bytes / 1e6:.0f} MB; set SPECGEN_MAX_FILE_MB to raise)")
    if head.startswith(_CFB):
        if suffix in (".xls", ".doc"):
            raise InputFileError(f"{name}: 旧形式（{suffix}）は読めません。Excel/Word で .xlsx/.docx に保存し直してください / legacy binary format; save as .xlsx/.docx")
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in _read_all_capped(path):
            raise InputFileError(f"{name}: パスワードで保護（暗号化）されています。保護を解除して保存し直してください / encrypted (password-protected) file")
        raise InputFileError(f"{name}: 旧形式の Office ファイルです。.xlsx/.docx に保存し直してください / legacy OLE2 Office file")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or stripped[:1] in (b"{", b"["):
        if suffix == ".json":
            return "json"
    if stripped[:5].lower() == b"{\\rtf":
        raise InputFileError(f"{name}: RTF 文書です（拡張子 {suffix}）。Word で .docx に保存し直してください / RTF, not OOXML")
    if stripped[:1] == b"<":
        raise InputFileError(f"{name}: HTML/XML ファイルです（拡張子 {suffix}）。Excel/Word で .xlsx/.docx に保存し直してください / HTML or XML saved with an Office extension")
    if suffix in (".xls", ".doc"):
        raise InputFileError(f"{name}: 旧形式（{suffix}）は読めません / legacy format; save as .xlsx/.docx")
    if not head.startswith(_ZIP):
        if suffix == ".pdf" or head.startswith(b"%PDF"):
            raise InputFileError(f"{name}: PDF は読めません。Excel の回答書又は Word の提案書を指定してください / PDF is not supported")
        raise InputFileError(f"{name}: Excel (.xlsx) / Word (.docx) ファイルではありません / not an Office Open XML file")
    kind = KIND_BY_SUFFIX.get(suffix)
    check_zip(path, kind, limits)
    if kind is None:
        kind = _kind_from_zip(path)
    return kind


def _read_all_capped(path: Path, cap: int = 8_000_000) -> bytes:
    with path.open("rb") as f:
        return f.read(cap)


def _kind_from_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise InputFileError(f"{path.name}: ファイルが壊れています / corrupt file") from None
    for kind, main in OOXML_MAIN.items():
        if main in names:
            return kind
    raise InputFileError(f"{path.name}: Excel/Word ファイルではない ZIP です / a ZIP archive, not a workbook or document")


def check_zip(path: Path, kind: str | None, limits: Limits = LIMITS) -> None:
    """Validate the ZIP directory: readable, not a bomb, and the main part for `kind` present."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise InputFileError(f"{name}: ファイルが壊れています（ZIP として読めません。途中で切れている可能性）/ corrupt or truncated file") from None
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as e:
        raise InputFileError(f"{name}: ファイルが壊れています / corrupt file ({type(e).__name__}: {str(e)[:80]})") from None
    if len(infos) > limits.max_members:
        raise InputFileError(f"{name}: ZIP のメンバー数が多すぎます / too many parts ({len(infos)} > {limits.max_members})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.compress_size and info.file_size / info.compress_size > limits.max_member_ratio:
            raise InputFileError(f"{name}: 圧縮率が異常です（ZIP爆弾の疑い: {info.filename}）/ suspicious compression ratio")
    if total > limits.max_uncompressed_bytes:
        raise InputFileError(f"{name}: 展開後のサイズが大きすぎます / too large when unzipped ({total / 1e6:.0f} MB)")
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise InputFileError(f"{name}: {info.filename} が大きすぎます / part too large when unzipped ({info.file_size / 1e6:.0f} MB > {limits.max_part_bytes / 1e6:.0f} MB)")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise InputFileError(f"{name}: Office 文書ではない ZIP です / a plain ZIP archive, not an Office document")
    if kind and OOXML_MAIN[kind] not in names:
        other = next((k for k, m in OOXML_MAIN.items() if m in names), None)
        if other:
            raise InputFileError(f"{name}: 拡張子は .{kind} ですが中身は {other} です / the content is {other}, not {kind}; rename the file")
        raise InputFileError(f"{name}: {kind} の本体 ({OOXML_MAIN[kind]}) がありません / not a valid .{kind}")
    _scan_parts(path, infos, limits)


_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n


def _scan_parts(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Look at the head of every XML part: no DTD/entity declarations, sane worksheet dimensions."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with z.open(info) as f:
                    head = f.read(8192)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputFileError(f"{name}: {info.filename} に DTD/エンティティ宣言があります（Office 文書には不要で、攻撃に使われます）/ XML entity declarations are not allowed")
                if info.filename.startswith("xl/worksheets/"):
                    m = _DIM_RE.search(head)
                    if m and m.group(3):
                        rows, cols = int(m.group(4)), _col_number(m.group(3))
                        if rows > limits.max_rows or cols > limits.max_cols:
                            raise InputFileError(f"{name}: シートが大きすぎます（{rows}行×{cols}列、上限 {limits.max_rows}行×{limits.max_cols}列）/ sheet too large")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, RuntimeError, ValueError) as e:
        raise InputFileError(f"{name}: ファイルが壊れています / corrupt file ({type(e).__name__})") from None
