"""Checks run on every input before any parser sees it: file kind, size, type sniffing, ZIP and XML limits.

A .xlsx/.docx is a ZIP of XML; we look at the bytes and the ZIP directory (never the extension alone) and
refuse encrypted, legacy, mislabelled, truncated or bomb-like files with one readable line. Every XML part is
scanned whole (streamed, not parsed) for DTD/entity declarations and for what a parser would have to build:
the real extent of each sheet (the cells it holds, not the dimension it claims), merged ranges, paragraphs and
table cells. Text inputs (YAML, JSON, CSV, templates) are read with a size cap from regular files only, so a
FIFO, a device such as /dev/zero or a 1 GB line ends in one line instead of a hang or an exhausted memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputFileError, SpecgenError, one_line


def _env_mb(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw.strip() else default
    except ValueError:
        value = default  # a typo in the variable must not stop the tool; the default limit applies
    return int(max(0.0, value) * 1_000_000)


@dataclass(frozen=True)
class Limits:
    """Defaults sized for real answer sheets and proposals (a 300-page proposal is ~20 MB, ~10,000 paragraphs).

    The worst case inside these limits is what bounds time and memory (docs/benchmarks.md, "Fuzzing").
    """

    max_file_bytes: int = _env_mb("SPECGEN_MAX_FILE_MB", 100)
    max_uncompressed_bytes: int = _env_mb("SPECGEN_MAX_UNZIPPED_MB", 500)
    max_member_ratio: float = 200.0  # XML compresses well (~10–30×); bombs are 1000×+
    max_members: int = 10_000
    max_rows: int = 20_000
    max_cols: int = 200
    max_cells: int = 500_000           # cells actually present in one sheet
    max_merged_cells: int = 200_000    # cells covered by merged ranges in one sheet (openpyxl builds each one)
    max_merged_ranges: int = 20_000
    max_cell_chars: int = 32_767  # Excel's own cell limit
    max_paragraphs: int = 10_000      # body paragraphs; a 300-page proposal has about 9,000
    max_table_cells: int = 20_000      # all table cells of one Word document (an answer table is a few thousand)
    max_part_bytes: int = _env_mb("SPECGEN_MAX_PART_MB", 60)  # one XML part, unzipped
    max_text_bytes: int = 2_000_000    # YAML project/rules files, templates
    max_json_bytes: int = 50_000_000   # spec.json, score JSON, committee records
    max_csv_bytes: int = 20_000_000    # ISMAP list as CSV (the real list is ~200 KB)
    max_nesting: int = 64              # YAML/JSON depth; real files use < 10
    max_yaml_aliases: int = 100


LIMITS = Limits()

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
OOXML_MAIN = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
KIND_BY_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx", ".docx": "docx", ".docm": "docx", ".dotx": "docx"}


# --- files -----------------------------------------------------------------------------------------------

def _kind_word(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO（名前付きパイプ）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "デバイス"
    if stat.S_ISSOCK(mode):
        return "ソケット"
    return "特殊ファイル"


def check_regular_file(path: Path, what: str = "") -> os.stat_result:
    """stat() an input and refuse anything but a regular file: missing, folder, FIFO, device, socket."""
    path = Path(path)
    label = f"{what} " if what else ""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileError(f"{path.name}: {label}ファイルが見つかりません / file not found ({path})") from None
    except OSError as e:
        raise InputFileError(f"{path.name}: 読み込めません / cannot read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{path.name}: フォルダです。ファイルを指定してください / is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(f"{path.name}: 通常のファイルではありません（{_kind_word(st.st_mode)}）/ not a regular file")
    return st


def read_bytes_capped(path: Path, cap: int, what: str = "") -> bytes:
    """The bytes of a regular file of at most `cap` bytes; never blocks on a FIFO, never reads a device."""
    path = Path(path)
    check_regular_file(path, what)
    with _open_regular(path) as (fd, st):
        if st.st_size > cap:
            raise InputFileError(f"{path.name}: ファイルが大きすぎます / too large ({st.st_size:,} bytes > {cap:,})")
        data = _read(fd, path, cap + 1)
        if len(data) > cap:
            raise InputFileError(f"{path.name}: ファイルが大きすぎます / too large (> {cap:,} bytes)")
        return data


@contextlib.contextmanager
def _open_regular(path: Path):
    """Open without blocking (a FIFO would hang) and check that what was opened is a regular file: the file
    opened may not be the one stat()ed before. Yields (fd, stat)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise InputFileError(f"{path.name}: 読み込めません / cannot read ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(f"{path.name}: 通常のファイルではありません（{_kind_word(st.st_mode)}）/ not a regular file")
        yield fd, st
    finally:
        os.close(fd)


def _read(fd: int, path: Path, limit: int) -> bytes:
    """At most `limit` bytes, in chunks."""
    chunks, total = [], 0
    try:
        while total < limit:
            chunk = os.read(fd, min(1 << 20, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as e:
        raise InputFileError(f"{path.name}: 読み込めません / cannot read ({e.strerror})") from None
    return b"".join(chunks)


def decode_text(raw: bytes, name: str, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Decode with the first encoding that fits; line ends (CRLF, CR alone) become LF."""
    for enc in encodings:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        names = " 又は ".join("UTF-8" if e.startswith("utf-8") else "Shift_JIS" if e == "cp932" else e for e in encodings)
        raise InputFileError(f"{name}: 文字コードを判別できません。{names} で保存してください / unknown text encoding")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- JSON and CSV ----------------------------------------------------------------------------------------

_JSON_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+')


def json_depth(text: str, stop_at: int) -> int:
    """Nesting depth of JSON text without parsing it (strings skipped); stops counting past `stop_at`."""
    depth = deepest = 0
    pos, n = 0, len(text)
    while pos < n:
        m = _JSON_SKIP.match(text, pos)
        if m:
            pos = m.end()
            continue
        ch = text[pos]
        pos += 1
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    return deepest
        elif ch in "]}":
            depth -= 1
        # an unterminated string is left to the parser
        elif ch == '"':
            break
    return deepest


def load_json(path: Path, what: str = "JSON", cap: int | None = None, error: type[SpecgenError] = InputFileError) -> Any:
    """Parse a JSON file with a size cap and a nesting bound; every failure is one line naming the file."""
    path = Path(path)
    raw = read_bytes_capped(path, cap or LIMITS.max_json_bytes, what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path.name}: {what} が UTF-8 ではありません / not UTF-8") from None
    if json_depth(text, LIMITS.max_nesting) > LIMITS.max_nesting:
        raise error(f"{path.name}: {what} の入れ子が深すぎます（{LIMITS.max_nesting} 段まで）/ nested too deeply")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise error(f"{path.name} line {e.lineno}: {what} として読めません / invalid JSON ({e.msg})") from None
    except (ValueError, RecursionError) as e:  # e.g. a 5,000-digit integer, NaN / Infinity
        raise error(f"{path.name}: {what} として読めません / invalid JSON ({one_line(e, 120)})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def read_csv_rows(path: Path, what: str = "CSV", max_rows: int | None = None, max_cols: int = 200,
                  max_field: int | None = None) -> list[list[str]]:
    """Rows of a CSV file (UTF-8 or Shift_JIS; CRLF, LF or CR line ends), with size, row and field caps."""
    import csv
    import io

    path = Path(path)
    raw = read_bytes_capped(path, LIMITS.max_csv_bytes, what)
    text = decode_text(raw, path.name, ("utf-8-sig", "cp932"))
    max_rows = max_rows or LIMITS.max_rows
    max_field = max_field or LIMITS.max_cell_chars
    old = csv.field_size_limit()
    csv.field_size_limit(max(max_field, 1))
    rows: list[list[str]] = []
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            if n > max_rows:
                raise InputFileError(f"{path.name}: 行が多すぎます / too many rows (> {max_rows:,})")
            rows.append(row[:max_cols])
    except csv.Error as e:
        if "field larger" in str(e):
            raise InputFileError(f"{path.name} line {len(rows) + 1}: 項目が長すぎます（{max_field:,} 文字まで）/ field too long") from None
        raise InputFileError(f"{path.name} line {len(rows) + 1}: CSV として読めません / invalid CSV ({one_line(e, 100)})") from None
    finally:
        csv.field_size_limit(old)
    return rows


# --- Office files ----------------------------------------------------------------------------------------

def sniff(path: Path, limits: Limits = LIMITS) -> str:
    """Return 'xlsx', 'docx' or 'json' for a readable input, else raise InputFileError with the reason."""
    path = Path(path)
    name = path.name
    st = check_regular_file(path)
    size = st.st_size
    suffix = path.suffix.lower()
    if size == 0:
        raise InputFileError(f"{name}: 空のファイルです / the file is empty")
    if size > limits.max_file_bytes:
        raise InputFileError(f"{name}: ファイルが大きすぎます / too large ({size / 1e6:.0f} MB > {limits.max_file_bytes / 1e6:.0f} MB; set SPECGEN_MAX_FILE_MB to raise)")
    head = _head(path, 4096)
    if head.startswith(_CFB):
        if suffix in (".xls", ".doc"):
            raise InputFileError(f"{name}: 旧形式（{suffix}）は読めません。Excel/Word で .xlsx/.docx に保存し直してください / legacy binary format; save as .xlsx/.docx")
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in _head(path, 8_000_000):
            raise InputFileError(f"{name}: パスワードで保護（暗号化）されています。保護を解除して保存し直してください / encrypted (password-protected) file")
        raise InputFileError(f"{name}: 旧形式の Office ファイルです。.xlsx/.docx に保存し直してください / legacy OLE2 Office file")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
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


def _head(path: Path, n: int) -> bytes:
    with _open_regular(Path(path)) as (fd, _):
        return _read(fd, Path(path), n)


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
    """Validate the ZIP directory: readable, not a bomb, and the main part for `kind` present; then scan the XML."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise InputFileError(f"{name}: ファイルが壊れています（ZIP として読めません。途中で切れている可能性）/ corrupt or truncated file") from None
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as e:
        raise InputFileError(f"{name}: ファイルが壊れています / corrupt file ({type(e).__name__}: {one_line(e, 80)})") from None
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
_DTD_RE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_CELL_RE = re.compile(rb'<(?:\w+:)?c[\s>/]')
_CELL_REF_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="\$?([A-Za-z]{1,4})\$?(\d{1,9})"')
_ROW_REF_RE = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"')
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="\$?([A-Za-z]{1,4})\$?(\d{1,9})(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?"')
_DOC_TAG_RE = re.compile(rb'<(/?)(?:\w+:)?(p|tc|tbl)[\s>/]')
_CHUNK = 1 << 20


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode().upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _too_large(name: str, rows: int, cols: int, limits: Limits, what: str = "") -> InputFileError:
    return InputFileError(f"{name}: シートが大きすぎます（{what}{rows:,}行×{cols:,}列、上限 {limits.max_rows:,}行×{limits.max_cols}列）/ sheet too large")


def _scan_parts(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Stream every XML part once: refuse DTD/entity declarations anywhere, sheets whose real extent, cell
    count or merged area exceeds the limits, and documents with too many paragraphs or table cells."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            for info in infos:
                fname = info.filename
                if not fname.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = fname.startswith("xl/worksheets/")
                document = fname == "word/document.xml"
                stats = {"row": 0, "col": 0, "cells": 0, "merged": 0, "ranges": 0, "paras": 0, "tcs": 0}
                tail = b""
                first = True
                utf16 = False
                with z.open(info) as f:
                    while True:
                        chunk = f.read(_CHUNK)
                        if first:
                            utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(chunk) > 3 and chunk[1:2] == b"\0")
                            first = False
                            if sheet:
                                m = _DIM_RE.search(chunk[:8192])
                                if m and m.group(3):
                                    rows, cols = int(m.group(4)), _col_number(m.group(3))
                                    if rows > limits.max_rows or cols > limits.max_cols:
                                        raise _too_large(name, rows, cols, limits)
                        if not chunk:
                            break
                        if utf16:
                            chunk = chunk.replace(b"\0", b"")
                        buf = tail + chunk
                        cut = buf.rfind(b">") + 1
                        if cut == 0:  # no tag end in this chunk: keep a bounded tail
                            cut = max(0, len(buf) - 4096)
                        part, tail = buf[:cut], buf[cut:]
                        if _DTD_RE.search(part):
                            raise InputFileError(f"{name}: {fname} に DTD/エンティティ宣言があります（Office 文書には不要で、攻撃に使われます）/ XML entity declarations are not allowed")
                        if sheet:
                            _scan_sheet(part, stats, name, limits)
                        elif document:
                            _scan_document(part, stats)
                            if stats["paras"] > limits.max_paragraphs:
                                raise InputFileError(f"{name}: 段落が多すぎます / too many paragraphs (> {limits.max_paragraphs:,})")
                            if stats["tcs"] > limits.max_table_cells:
                                raise InputFileError(f"{name}: 表のセルが多すぎます / too many table cells (> {limits.max_table_cells:,})")
                if _DTD_RE.search(tail):
                    raise InputFileError(f"{name}: {fname} に DTD/エンティティ宣言があります / XML entity declarations are not allowed")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, RuntimeError, ValueError) as e:
        raise InputFileError(f"{name}: ファイルが壊れています / corrupt file ({type(e).__name__})") from None


def _scan_document(part: bytes, stats: dict) -> None:
    """Count body paragraphs (outside tables) and table cells; paragraphs inside cells belong to the cells."""
    depth = stats.get("tbl", 0)
    for m in _DOC_TAG_RE.finditer(part):
        closing, tag = m.group(1), m.group(2)
        if tag == b"tbl":
            depth = max(0, depth - 1) if closing else depth + 1
        elif not closing:
            if tag == b"tc":
                stats["tcs"] += 1
            elif depth == 0:
                stats["paras"] += 1
    stats["tbl"] = depth


def _scan_sheet(part: bytes, stats: dict, name: str, limits: Limits) -> None:
    stats["cells"] += len(_CELL_RE.findall(part))
    if stats["cells"] > limits.max_cells:
        raise InputFileError(f"{name}: シートのセルが多すぎます / too many cells in one sheet (> {limits.max_cells:,})")
    for m in _CELL_REF_RE.finditer(part):
        row, col = int(m.group(2)), _col_number(m.group(1))
        if row > limits.max_rows or col > limits.max_cols:
            raise _too_large(name, row, col, limits, f"{m.group(1).decode()}{row} にセルがあります。")
    for m in _ROW_REF_RE.finditer(part):
        row = int(m.group(1))
        if row > limits.max_rows:
            raise _too_large(name, row, 1, limits, f"{row} 行目があります。")
    for m in _MERGE_RE.finditer(part):
        r1, c1 = int(m.group(2)), _col_number(m.group(1))
        r2, c2 = (int(m.group(4)), _col_number(m.group(3))) if m.group(3) else (r1, c1)
        r1, r2 = sorted((r1, r2))
        c1, c2 = sorted((c1, c2))
        if r2 > limits.max_rows or c2 > limits.max_cols:
            raise InputFileError(f"{name}: 結合セルの範囲がシートの上限を超えています（{m.group(0)[-40:].decode(errors='replace')}）/ merged range too large")
        stats["ranges"] += 1
        stats["merged"] += (r2 - r1 + 1) * (c2 - c1 + 1)
        if stats["ranges"] > limits.max_merged_ranges or stats["merged"] > limits.max_merged_cells:
            raise InputFileError(f"{name}: 結合セルが多すぎます / too many merged cells (> {limits.max_merged_cells:,})")


# --- text of an Office file, for telling a spec from an answer ------------------------------------------

_WT_RE = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_PARA_END = re.compile(rb"</(?:\w+:)?p>")


def office_text_sample(path: Path, max_chars: int = 200_000) -> list[str]:
    """Texts of a file that passed `sniff`, without a full parse: the paragraphs of a docx, the cell strings
    (shared and inline) of an xlsx. Used to tell a spec from an answer (`textnorm.spec_document_reason`)."""
    import html

    path = Path(path)
    out: list[str] = []
    total = 0
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "word/document.xml" in names:
                parts, splitter = ["word/document.xml"], _PARA_END
            else:
                parts = [n for n in names if n == "xl/sharedStrings.xml" or (n.startswith("xl/worksheets/") and n.endswith(".xml"))]
                splitter = re.compile(rb"</(?:\w+:)?(?:si|is)>")
            for part in parts:
                with z.open(part) as f:
                    data = f.read(LIMITS.max_part_bytes)
                for piece in splitter.split(data):
                    text = "".join(html.unescape(t.decode("utf-8", "replace")) for t in _WT_RE.findall(piece)).strip()
                    if text:
                        out.append(text)
                        total += len(text)
                        if total >= max_chars:
                            return out
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, RuntimeError, ValueError):
        return out
    return out
