"""Neutralise text copied from vendor files before it goes into a workbook we write."""

from __future__ import annotations

MAX_CELL = 2000
CUT_MARK = "…（以下省略）"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: object, limit: int = MAX_CELL) -> object:
    """Prefix formula-looking text with an apostrophe-like quote and cut long text with a marker."""
    if not isinstance(value, str):
        return value
    s = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 0x20)
    if s.startswith(_FORMULA_START):
        s = "'" + s
    if len(s) > limit:
        s = s[: limit - len(CUT_MARK)] + CUT_MARK
    return s
