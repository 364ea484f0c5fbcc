"""The clause library's types: strict models validated from YAML, and the vocabulary of classes and services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..axes import DATA_CLASSES, SERVICES, class_rank  # noqa: F401 - re-exported with the models

if TYPE_CHECKING:
    from ..spec.model import TailoringInputs

DataClass = Literal["1", "2", "3C", "3B", "3A"]
Party = Literal["vendor", "city", "scope"]


class Strict(BaseModel):
    """Extra keys forbidden, frozen: the base of every model read from YAML."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    ref: str
    section: str
    note: str | None = None


class Conditions(Strict):
    """When something holds; every given condition must match (unset = any)."""

    services: list[str] | None = None
    min_class: DataClass | None = None
    max_class: DataClass | None = None
    data_classes: list[DataClass] | None = None
    personal_data: bool | None = None
    terms_of_service: bool | None = None
    any_of: list["Conditions"] | None = None  # at least one of these must match as well

    def matches(self, inp: "TailoringInputs") -> bool:
        return (
            (self.any_of is None or any(c.matches(inp) for c in self.any_of))
            and
            (self.services is None or inp.service in self.services)
            and (self.data_classes is None or inp.data_class in self.data_classes)
            and (self.min_class is None or class_rank(inp.data_class) >= class_rank(self.min_class))
            and (self.max_class is None or class_rank(inp.data_class) <= class_rank(self.max_class))
            and (self.personal_data is None or inp.personal_data == self.personal_data)
            and (self.terms_of_service is None or inp.terms_of_service == self.terms_of_service)
        )


class Applies(Conditions):
    # Shown in the rationale when the clause is included: the source sentence that decides the scope.
    why: str | None = None


class MandatoryRule(Strict):
    """One 必須/任意 default; the first rule whose `when` matches decides."""

    when: Conditions = Field(default_factory=Conditions)
    mandatory: bool
    basis: Literal["source", "tool"] = "source"  # tool = 本ツールの既定 (the sources do not decide it)
    why: str
    cite: Source | None = None  # when this rule decides, the row cites this source instead of the clause's


class Param(Strict):
    label: str
    default: str | int | float
    by_class: dict[DataClass, str | int | float] = Field(default_factory=dict)  # class-dependent default
    adverb: bool = False  # a frequency such as 毎月 / 四半期, written 「毎月」「四半期ごとに」
    note: str | None = None  # why this default (shown in the rationale; say 本ツールの既定 when it is ours)
    confirm: bool = False  # the default must be checked by the officer (listed in 要確認事項 while unchanged)


class Contradiction(Strict):
    pattern: str
    flag: str
    reason: str
    soft: bool = False  # soft: weakens to partial instead of unmet


class ContradictionRef(Strict):
    """A contradiction shared by several clauses, named in library.yaml `contradictions:` (written once)."""

    use: str
    reason: str | None = None  # this clause's own wording of the reason


class Verify(Strict):
    expects: list[str] = Field(default_factory=list)
    contradicts: list[Contradiction | ContradictionRef] = Field(default_factory=list)  # refs are resolved on load
    hedges: list[str] = Field(default_factory=list)


class Clause(Strict):
    id: str
    title: str
    chapter: str
    category: str
    text: str
    source: Source
    party: Party = "vendor"  # vendor: numbered requirement; city: 発注者側の留意事項; scope: stated in 取り扱う情報
    applies: Applies = Field(default_factory=Applies)
    mandatory: bool | list[MandatoryRule] = True
    merged_into: str | None = None  # when that clause is in the spec, this one is stated there (no duplicate row)
    params: dict[str, Param] = Field(default_factory=dict)
    verify: Verify = Field(default_factory=Verify)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not v or any(c.isspace() for c in v):
            raise ValueError("clause id must be non-empty without spaces")
        return v

    @model_validator(mode="after")
    def _optional_needs_a_reason(self) -> "Clause":
        if self.mandatory is False:
            raise ValueError("mandatory: false needs a reason: write a rule list [{mandatory: false, basis: ..., why: ...}]")
        if isinstance(self.mandatory, list) and (not self.mandatory or self.mandatory[-1].when != Conditions()):
            raise ValueError("the last mandatory rule must have no `when` (the default)")
        return self


class SourceDoc(Strict):
    issuer: str
    title: str
    date: str | None = None
    part: str | None = None  # the part of a larger document, printed after the date
    via: str | None = None  # where the excerpt we read was published (a WG paper quoting the guideline)
    short: str
    seed: str
    class_scope: str | None = None  # the source's own scope by class, quoted when a clause is out of scope for a lower class

    def citation(self) -> str:
        """How a city cites it: issuer「title」（date）."""
        return f"{self.issuer}「{self.title}」" + (f"（{self.date}）" if self.date else "") + (self.part or "")


class Chapter(Strict):
    title: str
    prefix: str


class Term(Strict):
    term: str
    text: str
    when: Conditions = Field(default_factory=Conditions)


class LibraryMeta(Strict):
    version: str
    files: list[str]
    sources: dict[str, SourceDoc]
    chapters: dict[str, Chapter]
    terms: list[Term] = Field(default_factory=list)
    contradictions: dict[str, Contradiction] = Field(default_factory=dict)  # shared by name: {use: name} in a clause


@dataclass(frozen=True)
class Library:
    meta: LibraryMeta
    clauses: tuple[Clause, ...]

    def get(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)
