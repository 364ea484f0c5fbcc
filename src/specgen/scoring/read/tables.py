"""Find the header row and the column roles of a requirement or answer table, by header names and by content.

Works on a plain grid of strings, so Excel sheets and Word tables share it. Municipal lists put
titles above the header (row 3–6), merge cells, break header text over lines and rename columns.
"""

from __future__ import annotations

from functools import cache

import re
from dataclasses import dataclass

from ...files.headers import HeaderNames
from ...textnorm import normalize
from ..vocab import lexicon

ROLES = ("id", "category", "requirement", "mandatory", "answer", "remark", "evidence", "extra")
HEADER_SCAN_ROWS = 30
_ID_RE = re.compile(r"^[A-Za-z]{0,6}[-_ ]?\d{1,4}([-_.]\d{1,4}){0,3}[A-Za-z]?$|^\(?\d{1,4}\)?$|^[A-Za-z]{1,6}-[A-Za-z0-9]{1,6}(-[A-Za-z0-9]{1,6}){0,3}$")


@dataclass
class Layout:
    header_row: int                 # 0-based index into the grid
    columns: dict[str, int]         # role → 0-based column
    score: float
    named: frozenset[str] = frozenset()  # roles found by header name (the rest by content)
    extra: tuple[int, ...] = ()          # more answer columns (費用区分, 提供区分): read as part of the answer
    more_ids: tuple[int, ...] = ()       # more id columns (the vendor's No. and the RFP No.)


@cache
def _header_names() -> HeaderNames:
    return HeaderNames(lexicon().headers, contained=2)


def _role_of(label: str) -> str | None:
    """Role of one header cell: exact name first, then the longest known name it contains."""
    return _header_names().role(label)


def header_roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, label in enumerate(cells):
        role = _role_of(label)
        if role and role not in roles:
            roles[role] = col
        elif role == "requirement" and "answer" in roles and "remark" not in roles and col > roles["answer"]:
            roles["remark"] = col  # 「項目｜回答｜内容」: a second text column right of the answer is the answer's text
    return roles


def _extra_columns(cells: list[str], roles: dict[str, int]) -> tuple[int, ...]:
    taken = {c for role, c in roles.items() if role != "extra"}
    return tuple(c for c, label in enumerate(cells) if c not in taken and _role_of(label) in ("extra", "remark", "answer"))


def looks_like_id(value: str) -> bool:
    v = normalize(value)
    return bool(v) and len(v) <= 16 and bool(_ID_RE.match(v))


def find_layout(grid: list[list[str]], need_answer: bool) -> Layout | None:
    """Best header row within the first rows: most roles recognised, confirmed by the content below."""
    best: Layout | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid))):
        roles = header_roles(grid[r])
        # two-row headers: 「回答」 merged over 「対応可否」「備考」
        if r + 1 < len(grid):
            below = header_roles(grid[r + 1])
            if len(below) >= 2 and not (set(below) & set(roles) - {"answer", "remark"}):
                merged = dict(roles)
                merged.update(below)
                if len(merged) > len(roles):
                    roles, r_eff = merged, r + 1
                else:
                    r_eff = r
            else:
                r_eff = r
        else:
            r_eff = r
        if "requirement" not in roles and "answer" not in roles and "remark" not in roles:
            continue
        if len(roles) < 2:
            continue  # one header-like cell (「対応可否の凡例」) is not a table header
        named = frozenset(roles)
        body = grid[r_eff + 1 : r_eff + 200]
        _longest_requirement(grid[r_eff], body, roles)
        _content_roles(body, roles)
        if need_answer and "answer" not in roles and "remark" not in roles:
            continue
        if "requirement" not in roles and "id" not in roles:
            continue
        # columns named in the row count twice: a data row whose cells happen to read like labels
        # (「インシデント対応」「必須」) names fewer columns than the real header above it
        score = len(roles) + len(named) + (1 if "requirement" in roles else 0) + (1 if "answer" in roles else 0)
        if best is None or score > best.score:
            extra = _extra_columns(grid[r_eff], roles) + (_extra_columns(grid[r], roles) if r != r_eff else ())
            roles.pop("extra", None)
            ids = tuple(c for c, label in enumerate(grid[r_eff]) if _role_of(label) == "id" and c != roles.get("id"))
            best = Layout(r_eff, roles, score, named, tuple(dict.fromkeys(extra)), ids)
    return best


def _longest_requirement(header: list[str], body: list[list[str]], roles: dict[str, int]) -> None:
    """「項目｜要求内容」: two columns named like the requirement; the one with the longer texts is it."""
    cands = [c for c, label in enumerate(header) if _role_of(label) == "requirement" and c != roles.get("remark")]
    if len(cands) < 2:
        return

    def avg(col: int) -> float:
        vals = [row[col] for row in body if col < len(row) and row[col].strip()]
        return sum(len(v) for v in vals) / max(1, len(vals))

    best = max(cands, key=avg)
    if best != roles.get("requirement"):
        roles.setdefault("category", roles["requirement"])
        roles["requirement"] = best


def _content_roles(body: list[list[str]], roles: dict[str, int]) -> None:
    """Fill missing roles from the column contents (marks, ids, long text)."""
    if not body:
        return
    ncols = max(len(r) for r in body)
    taken = set(roles.values())
    lex = lexicon()

    def share(col: int, pred) -> float:
        vals = [row[col] for row in body if col < len(row) and row[col].strip()]
        return (sum(1 for v in vals if pred(v)) / len(vals)) if len(vals) >= 3 else 0.0

    if "answer" not in roles:
        for col in range(ncols):
            if col not in taken and share(col, lambda v: lex.mark_status(v) not in (None, "blank")) >= 0.6:
                roles["answer"] = col
                taken.add(col)
                break
    if "id" not in roles:
        for col in range(min(ncols, 4)):
            if col not in taken and share(col, looks_like_id) >= 0.8:
                roles["id"] = col
                taken.add(col)
                break
    if "requirement" not in roles:
        lengths = []
        for col in range(ncols):
            if col in taken:
                continue
            vals = [row[col] for row in body if col < len(row) and row[col].strip()]
            if len(vals) >= 3:
                lengths.append((sum(len(v) for v in vals) / len(vals), col))
        if lengths:
            avg, col = max(lengths)
            if avg >= 12 and (roles.get("remark") is None or col < roles["remark"]):
                roles["requirement"] = col


def cell(row: list[str], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return row[col]
