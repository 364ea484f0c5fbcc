"""Make outside text safe for the documents we write: one neutraliser for workbook cells, one escaper for Markdown.

Outside text is anything a vendor, a spec author or a committee member typed: vendor names, requirement texts,
evidence, reasons, member names, file and sheet names. It reaches our outputs only through these functions:

* `safe_cell` / `safe_text` — workbook cells, header cells, sheet names (via `sheet_title`), chart titles, comments;
* `put` — write one cell through `safe_cell` and never as a formula;
* `md_text` — Markdown and HTML (score.md, evaluation.md, and any web page);
* `xml_text` — Word paragraphs and comments: only the characters XML cannot carry are removed;
* `plain` — text for images (chart labels): control characters removed, `$` never starts matplotlib math.

The check runs on the text as it will be stored, after normalisation: NFKC folds 「＝」 into 「=」 and the readers
strip leading spaces, so 「\\t＝1+1」 is caught whichever form arrives.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CELL = 2000
EXCEL_MAX = 32_767  # Excel's own cell limit
CUT_MARK = "…（以下省略）"
_FORMULA_CHARS = "=+-@"
# characters XML 1.0 cannot carry (openpyxl raises IllegalCharacterError) and lone surrogates (not UTF-8)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = " \t\r\n\u3000\u00a0\u2000\u2001\u2002\u2003\u2009\u200b\ufeff"


def xml_text(value: object) -> str:
    """Text an OOXML part can hold (Word paragraphs, comments): characters XML 1.0 cannot carry removed."""
    return _ILLEGAL.sub("", value if isinstance(value, str) else str(value))


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula, a DDE call or an @-function, in any width."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    head = unicodedata.normalize("NFKC", text[:8]).lstrip(_SPACES)
    return head[:1] in _FORMULA_CHARS


def safe_text(value: object, limit: int = MAX_CELL) -> str:
    """The one neutraliser for cell text: illegal characters removed, formula-like text prefixed with 「'」,
    long text cut with 「…（以下省略）」. None becomes ""."""
    if value is None:
        return ""
    s = _ILLEGAL.sub("", value if isinstance(value, str) else str(value))
    if looks_like_formula(s):
        s = "'" + s
    limit = min(limit, EXCEL_MAX)
    if len(s) > limit:
        s = s[: max(0, limit - len(CUT_MARK))] + CUT_MARK
    return s


def safe_cell(value: object, limit: int = MAX_CELL) -> object:
    """`safe_text` for strings; numbers, dates, booleans and None pass unchanged (they cannot carry a formula)."""
    if isinstance(value, str):
        return safe_text(value, limit)
    return value


def put(ws, row: int, column: int, value: object, limit: int = MAX_CELL):
    """Write one cell through `safe_cell`; a string is always stored as a string, never as a formula."""
    cell = ws.cell(row=row, column=column)
    v = safe_cell(value, limit)
    if isinstance(v, float) and v != v:  # NaN cannot be stored; show it as empty
        v = None
    cell.value = v
    if isinstance(v, str):
        cell.data_type = "s"
    return cell


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: object, used: set[str], fallback: str = "シート") -> str:
    """A sheet name made from outside text: neutralised, without []:*?/\\, no leading/trailing 「'」, ≤ 31
    characters, unique (case-insensitively, as Excel compares) among `used`; `used` is updated."""
    s = _SHEET_BAD.sub("", _ILLEGAL.sub("", str(name or "")))
    s = s.strip().strip("'").strip()
    if looks_like_formula(s):
        s = "＿" + s  # an apostrophe may not start a sheet name; a full-width mark keeps it readable
    s = s[:31] or fallback
    taken = {u.casefold() for u in used}
    out, n = s, 1
    while out.casefold() in taken or out.casefold() == "history":
        n += 1
        tail = f"_{n}"
        out = s[: 31 - len(tail)] + tail
    used.add(out)
    return out


# Markdown: backslash-escape the punctuation that starts emphasis, code, links, tables, strikethrough or math;
# HTML: entities for < > & so no tag or entity from outside is ever live. Outside text never starts a line
# (line breaks become spaces), so heading, list and quote markers need no escaping.
_MD_ESCAPE = re.compile(r"([\\`*\[\]|~$]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_RE = re.compile(r"[&<>]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def md_text(value: object, limit: int | None = None) -> str:
    """Outside text for Markdown (inline or in a table cell): HTML and Markdown syntax shown literally, one line."""
    if value is None:
        return ""
    s = _ILLEGAL.sub("", str(value))
    s = _LINE_BREAKS.sub(" ", s)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    s = _HTML_RE.sub(lambda m: _HTML[m.group()], s)
    return _MD_ESCAPE.sub(lambda mt: "\\" + mt.group(), s)


def plain(value: object, limit: int = 80) -> str:
    """Outside text for an image label: no control characters, `$` doubled-up math disabled, cut to `limit`."""
    s = _LINE_BREAKS.sub(" ", _ILLEGAL.sub("", str(value or ""))).replace("\t", " ")
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("$", "＄")
