"""The scorer's data, from what is read to what is reported: one typed model, serialised once (`to_dict`).

read/ produces `ScoringSpec` and `Response`; align/ links them; judge/ produces a `Result` per requirement;
checks/ (ISMAP list, one vendor's two documents) amend results through `Result.amend`; report/ and the
JSON contract of `specgen score` read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..statuses import STATUS_JA, STATUSES  # noqa: F401 - part of the scoring API


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
    ref_ids: str = ""       # other id columns (「RFP No.」 beside the vendor's own No.)
    remark: str = ""
    evidence: str = ""
    mark_where: str = ""
    remark_where: str = ""
    exact_id: bool = False  # from specgen's hidden id column: authoritative
    comments: list[tuple[str, str]] = field(default_factory=list)   # (cell, text) of cell comments (notes) on the row
    extra: list[tuple[str, str]] = field(default_factory=list)      # (cell, text) of other text cells (e.g. 費用区分)
    follows: "AnswerRow | None" = None  # the numbered row above an unnumbered continuation row

    @property
    def answer_text(self) -> str:
        return " ".join(t for t in (self.remark, self.evidence) if t)


@dataclass
class Passage:
    """A stretch of prose in a Word proposal (a paragraph, list item or non-answer table row)."""

    where: str
    text: str
    heading: str = ""
    appendix: bool = False   # under a 別紙 / 付録 / Appendix heading


@dataclass
class Note:
    """A general condition outside the answer rows: a 前提条件 / 留意事項 sheet line or a legend."""

    where: str
    text: str


@dataclass
class Response:
    source: str
    vendor: str
    rows: list[AnswerRow] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    conditions: list[Note] = field(default_factory=list)   # notes sheets: they can override row answers
    mark_legend: dict[str, str] = field(default_factory=dict)  # vendor's own codes (A/B/◎…) → met/partial/unmet
    notes: list[str] = field(default_factory=list)          # what the reader skipped, for the report


@dataclass
class Evidence:
    where: str
    text: str
    similarity: float = 0.0
    role: str = ""   # mark / answer / comment / condition / prose / table / reference / ismap_list

    def to_dict(self) -> dict:
        d = {"where": self.where, "text": self.text, "similarity": round(self.similarity, 3)}
        if self.role:
            d["role"] = self.role
        return d


@dataclass
class Result:
    """The judgement of one requirement in one response."""

    id: str
    status: str
    confidence: float
    flags: list[str]
    evidence: list[Evidence]
    reason: str
    mandatory: bool = True
    clause_id: str | None = None
    requirement: str = ""
    weight: float | None = None
    needs_review: bool = False
    details: dict = field(default_factory=dict)   # e.g. {"required": "99.9%", "stated": "99.5%"}

    def amend(self, status: str | None = None, flag: str | None = None, reason: str | None = None,
              evidence: Evidence | None = None, append_reason: str = "") -> None:
        """A check's correction (ISMAP list, cross-document merge): status, flag and reason stay consistent."""
        if status:
            self.status = status
        if flag and flag not in self.flags:
            self.flags.append(flag)
        if reason is not None:
            self.reason = reason
        if append_reason:
            self.reason += append_reason
        if evidence is not None:
            self.evidence.append(evidence)

    def to_dict(self) -> dict:
        d = {"id": self.id, "status": self.status, "confidence": round(self.confidence, 3), "flags": list(self.flags),
             "evidence": [e.to_dict() for e in self.evidence], "reason": self.reason, "mandatory": self.mandatory,
             "clause_id": self.clause_id, "requirement": self.requirement, "weight": self.weight,
             "needs_review": self.needs_review}
        if self.details:
            d["details"] = self.details
        return d


@dataclass
class ResponseResult:
    """The judged results of one response (or one vendor's merged documents)."""

    source: str
    vendor: str
    results: list[Result]
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return summarize(self.results)

    def to_dict(self) -> dict:
        return {"source": self.source, "vendor": self.vendor, "results": [r.to_dict() for r in self.results],
                "summary": self.summary}


def summarize(results: list[Result]) -> dict:
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    counts["mandatory_failed"] = sum(1 for r in results if r.mandatory and r.status in ("unmet", "missing"))
    counts["needs_review"] = sum(1 for r in results if r.needs_review)
    return counts
