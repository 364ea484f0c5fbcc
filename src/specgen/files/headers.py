"""Find a table's header row by the names of its columns: one finder for every table specgen reads (answer
sheets and requirement lists, the ISMAP list, members' evaluation workbooks).

Names are compared after NFKC, without spaces or punctuation, case-folded: 「登録 No.」 = 「登録no」. A cell names
a role exactly, or (when allowed) contains the longest known name of one: 「要件内容（詳細）」 → requirement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..textnorm import compact


class HeaderNames:
    """Known column names per role. `contained`: the shortest name that may match inside a longer cell
    (None = exact names only); cells longer than `max_len` are text, not headers."""

    def __init__(self, names: Mapping[str, Iterable[str]], contained: int | None = 2, max_len: int = 30) -> None:
        self.names = {role: tuple(dict.fromkeys(compact(n).lower() for n in ns if compact(n))) for role, ns in names.items()}
        self.exact = {}
        for role, ns in self.names.items():
            for n in ns:
                self.exact.setdefault(n, role)
        self.contained, self.max_len = contained, max_len

    def role(self, label: object) -> str | None:
        key = compact(label).lower()
        if not key or len(key) > self.max_len:
            return None
        if key in self.exact:
            return self.exact[key]
        if self.contained is None:
            return None
        best, best_len = None, 0
        for role, ns in self.names.items():
            for n in ns:
                if len(n) >= self.contained and n in key and len(n) > best_len:
                    best, best_len = role, len(n)
        return best

    def roles(self, cells: Sequence[object]) -> dict[str, int]:
        """role → column of one row (the first column naming a role wins)."""
        out: dict[str, int] = {}
        for col, label in enumerate(cells):
            role = self.role(label)
            if role and role not in out:
                out[role] = col
        return out

    def find(self, rows: Sequence[Sequence[object]], required: Iterable[str], scan: int = 30) -> tuple[int, dict[str, int]] | None:
        """The first of the top `scan` rows naming every required role: (0-based row, role → column)."""
        required = tuple(required)
        for r, row in enumerate(rows[:scan]):
            roles = self.roles(row)
            if all(k in roles for k in required):
                return r, roles
        return None
