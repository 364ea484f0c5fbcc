"""The resolved specification: everything the writers need, nothing they must decide."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    document: str  # issuer「title」（date）
    section: str
    seed: str  # the source file; spec.json only, never printed in a document
    note: str | None = None

    def short(self) -> str:
        return f"{self.document} {self.section}"


@dataclass(frozen=True)
class Requirement:
    """One numbered vendor requirement (or 発注者側 note / scope statement) of a generated spec."""

    id: str
    clause_id: str
    title: str
    text: str
    category: str
    chapter: str
    mandatory: bool
    parameters: dict[str, dict[str, object]]
    source: Citation
    weight: float | None = None
    merged: tuple[str, ...] = ()  # clause ids stated here instead of in their own row
    also: tuple[Citation, ...] = ()  # their sources

    def cite(self, notes: bool = False) -> str:
        """出典 text: each document once, its sections after it (merged rows cite every clause's source).
        Notes explain the tool's choices: internal documents only."""
        by_doc: dict[str, list[str]] = {}
        for c in (self.source, *self.also):
            by_doc.setdefault(c.document, []).append(c.section + (f"（注：{c.note}）" if notes and c.note else ""))
        return "／".join(f"{doc} {'、'.join(dict.fromkeys(sections))}" for doc, sections in by_doc.items())


@dataclass(frozen=True)
class Decision:
    """Why a clause is in or out of the spec (rationale appendix)."""

    clause_id: str
    title: str
    included: bool
    reason: str
    source: str
    requirement_id: str | None = None  # where it ended up (its own row, or the row it was merged into)
    basis: str | None = None  # "source" / "tool" for the 必須/任意 default of included vendor clauses


@dataclass(frozen=True)
class TailoringInputs:
    data_class: str
    service: str
    personal_data: bool
    terms_of_service: bool


@dataclass(frozen=True)
class Section:
    """A block of the document that is not a numbered requirement (用語の定義, 回答方法, …)."""

    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass
class Spec:
    """A resolved specification: everything the writers need, nothing they must decide."""

    inputs: TailoringInputs
    project: dict[str, object]
    requirements: list[Requirement]
    city_notes: list[Requirement]
    decisions: list[Decision]
    rules: list[str]
    chapters: dict[str, str]
    library_version: str
    tool_version: str
    generated_at: str
    extra: dict[str, object] = field(default_factory=dict)
    scope: list[Requirement] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)
    front: list[Section] = field(default_factory=list)  # after 件名・目的・履行期間, before the requirement chapters
    back: list[Section] = field(default_factory=list)  # after the requirement chapters (回答方法)
    sources: list[dict[str, str]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # 要確認事項: placeholders and tool defaults to confirm
