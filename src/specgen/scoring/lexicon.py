"""The scorer lexicon (scoring/lexicon.yaml), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..errors import ClauseLibraryError
from ..resources import data_dir
from ..textnorm import compact, fold_mark
from ..yamlio import load_yaml


@dataclass(frozen=True)
class Lexicon:
    marks: dict[str, str]                       # folded, lower-cased mark → met/partial/unmet/blank
    negation_after: re.Pattern
    hedges: tuple[tuple[str, re.Pattern], ...]
    refusals: re.Pattern
    commitments: re.Pattern
    prohibition: re.Pattern
    negative_statement: re.Pattern
    topics: tuple[tuple[re.Pattern, tuple[str, ...]], ...]
    headers: dict[str, tuple[str, ...]]          # role → compacted header names
    advice: dict[str, str]

    def mark_status(self, value: object) -> str | None:
        """Map a 対応可否 cell to met/partial/unmet/blank, or None when it is not a known mark."""
        key = fold_mark(value).lower()
        if key in self.marks:
            return self.marks[key]
        key = key.rstrip("。.")
        if key in self.marks:
            return self.marks[key]
        # 「○（標準機能）」「△ オプション」「対応可（標準）」: a known mark at the start, then a comment
        head = fold_mark(key[:1]).lower()
        if head in "○△×" and head:
            return self.marks[head]
        for mark in self._word_marks:
            if key.startswith(mark) and (len(key) == len(mark) or not key[len(mark)].isalnum()):
                return self.marks[mark]
        return None

    @property
    def _word_marks(self) -> list[str]:
        # longest first so that 不可 wins over 可 and 一部対応 over 対応
        return sorted((m for m in self.marks if len(m) >= 2), key=len, reverse=True)


@cache
def lexicon() -> Lexicon:
    path = data_dir("scoring") / "lexicon.yaml"
    data, _ = load_yaml(path, ClauseLibraryError)
    marks = {}
    for status, values in data["marks"].items():
        for v in values:
            marks[fold_mark(v).lower()] = status
    return Lexicon(
        marks=marks,
        negation_after=re.compile(data["negation_after"]),
        hedges=tuple((h["flag"], re.compile(h["pattern"])) for h in data["hedges"]),
        refusals=re.compile(data["refusals"]),
        commitments=re.compile(data["commitments"]),
        prohibition=re.compile(data["prohibition"]),
        negative_statement=re.compile(data["negative_statement"]),
        topics=tuple((re.compile(t["trigger"], re.I), tuple(t["clauses"])) for t in data["topics"]),
        headers={role: tuple(compact(n).lower() for n in names) for role, names in data["headers"].items()},
        advice=dict(data.get("advice", {})),
    )
