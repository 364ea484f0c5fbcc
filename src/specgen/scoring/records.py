"""Plain data types shared by the scoring modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class SpecItem:
    """A requirement to score against: from spec.json, requirements.xlsx or a municipality's own list."""

    id: str
    text: str
    category: str = ""
    mandatory: bool = True
    clause_id: str | None = None
    weight: float | None = None


@dataclass
class ScoringSpec:
    source: str
    items: list[SpecItem]
    title: str = ""
    data_class: str | None = None
    service: str | None = None
    valid_until: "dt.date | None" = None  # end of the contract period, when the spec says


@dataclass
class AnswerRow:
    """One row of an answer table (Excel sheet or Word table)."""

    where: str            # e.g. 回答書!E12 or 表2 行5
    sheet: str
    row: int
    id: str = ""
    category: str = ""
    requirement: str = ""
    mark: str = ""
    remark: str = ""
    evidence: str = ""
    mark_where: str = ""
    remark_where: str = ""
    exact_id: bool = False  # from specgen's hidden id column: authoritative

    @property
    def answer_text(self) -> str:
        return " ".join(t for t in (self.remark, self.evidence) if t)


@dataclass
class Passage:
    """A stretch of prose in a Word proposal (a paragraph, list item or non-answer table row)."""

    where: str
    text: str
    heading: str = ""


@dataclass
class Response:
    source: str
    vendor: str
    rows: list[AnswerRow] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


STATUSES = ("met", "partial", "unmet", "missing")
STATUS_JA = {"met": "充足", "partial": "一部", "unmet": "不充足", "missing": "記載なし"}


@dataclass
class ResponseResult:
    """The judged results of one response (or one vendor's merged documents)."""

    source: str
    vendor: str
    results: list[dict]
    summary: dict
    notes: list[str] = field(default_factory=list)


def summarize(results: list[dict]) -> dict:
    counts = {s: sum(1 for r in results if r["status"] == s) for s in STATUSES}
    counts["mandatory_failed"] = sum(1 for r in results if r["mandatory"] and r["status"] in ("unmet", "missing"))
    return counts
