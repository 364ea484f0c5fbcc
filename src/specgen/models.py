"""Core types: clause-library models (strict, validated from YAML) and the resolved specification."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DATA_CLASSES: tuple[str, ...] = ("1", "2", "3C", "3B", "3A")
SERVICES: dict[str, str] = {
    "genai": "生成AIサービス",
    "cloud": "クラウドサービス",
    "sns": "LINE等SNS公式アカウント連携システム",
    "payment": "収納代行業者を介したキャッシュレス決済（LINE Pay等）",
}
DataClass = Literal["1", "2", "3C", "3B", "3A"]


def class_rank(data_class: str) -> int:
    """Order of the 自治体機密性 classes: 1 < 2 < 3C < 3B < 3A."""
    return DATA_CLASSES.index(data_class)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    ref: str
    section: str
    note: str | None = None


class Applies(_Strict):
    services: list[str] | None = None
    min_class: DataClass | None = None
    max_class: DataClass | None = None
    data_classes: list[DataClass] | None = None
    personal_data: bool | None = None
    terms_of_service: bool | None = None


class Param(_Strict):
    label: str
    default: str | int | float


class Contradiction(_Strict):
    pattern: str
    flag: str
    reason: str
    soft: bool = False  # soft: weakens to partial instead of unmet


class Verify(_Strict):
    expects: list[str] = Field(default_factory=list)
    contradicts: list[Contradiction] = Field(default_factory=list)
    hedges: list[str] = Field(default_factory=list)


class Clause(_Strict):
    id: str
    title: str
    chapter: str
    category: str
    text: str
    source: Source
    party: Literal["vendor", "city"] = "vendor"
    applies: Applies = Field(default_factory=Applies)
    mandatory: bool = True
    mandatory_from: DataClass | None = None
    mandatory_for_services: dict[str, DataClass] = Field(default_factory=dict)
    params: dict[str, Param] = Field(default_factory=dict)
    verify: Verify = Field(default_factory=Verify)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not v or any(c.isspace() for c in v):
            raise ValueError("clause id must be non-empty without spaces")
        return v


class SourceDoc(_Strict):
    title: str
    short: str
    seed: str


class Chapter(_Strict):
    title: str
    prefix: str


class LibraryMeta(_Strict):
    version: str
    sources: dict[str, SourceDoc]
    chapters: dict[str, Chapter]


@dataclass(frozen=True)
class Library:
    meta: LibraryMeta
    clauses: tuple[Clause, ...]

    def get(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


@dataclass(frozen=True)
class Citation:
    document: str
    section: str
    seed: str
    note: str | None = None

    def short(self) -> str:
        return f"{self.document} {self.section}"


@dataclass(frozen=True)
class Requirement:
    """One numbered vendor requirement of a generated spec."""

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


@dataclass(frozen=True)
class Decision:
    """Why a clause is in or out of the spec (rationale appendix)."""

    clause_id: str
    title: str
    included: bool
    reason: str
    source: str


@dataclass(frozen=True)
class TailoringInputs:
    data_class: str
    service: str
    personal_data: bool
    terms_of_service: bool


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
