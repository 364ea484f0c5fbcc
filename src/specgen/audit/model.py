"""The audit's data: the city's requirement items, the findings, and the result of one audit."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("refused", "missing", "weaker", "lint", "extra")
KIND_JA = {"refused": "作成できない組合せ", "missing": "欠落", "weaker": "弱い記載", "lint": "記載の改善", "extra": "追加の記載"}
SEVERITY_JA = {"high": "高", "medium": "中", "low": "低", "info": "参考"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


@dataclass
class CityItem:
    """One requirement (or other statement) of the city's spec, with where it was read."""

    id: str
    text: str
    where: str                 # 段落12 / 表2 行5 / 要件番号 F-01
    heading: str = ""          # the chapter or numbered title it sits under
    title: str = ""            # its own numbered title, when it has one
    mandatory: bool = True
    kind: str = "requirement"  # requirement | definition | other
    appendix: bool = False     # under a 別紙 heading

    @property
    def location(self) -> str:
        label = f"{self.where}（{self.id}）" if self.id and self.id not in self.where else self.where
        return f"{label}「{self.heading}」" if self.heading and self.heading not in (self.title, self.text) else label


@dataclass
class CitySpec:
    source: str
    kind: str                  # docx | xlsx | json
    items: list[CityItem]
    title: str = ""
    text: str = ""             # everything readable, for the whole-document checks (role terms, 3A, 約款型)

    @property
    def requirements(self) -> list[CityItem]:
        return [i for i in self.items if i.kind == "requirement"]


@dataclass
class Finding:
    kind: str                  # KINDS
    severity: str              # high | medium | low | info
    summary: str               # one line in Japanese
    city_text: str = ""
    city_where: str = ""
    clause_id: str = ""        # library clause (or the profile row's clause ids, joined)
    requirement_id: str = ""   # the tailored profile's row number (SC-06)
    clause_text: str = ""
    source: str = ""           # the clause's citation as a city cites it
    suggestion: str = ""       # text to add or to replace the city's with
    detail: str = ""           # what was compared (「1年以上 → 6か月以上」)
    code: str = ""             # machine-readable sub-kind (modality, parameter, scope, vague, role_terms, …)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("kind", "code", "severity", "summary", "city_text", "city_where", "clause_id",
                                              "requirement_id", "clause_text", "source", "suggestion", "detail")}


@dataclass
class Link:
    """A city item matched to a profile row, with the similarity that decided it."""

    item: CityItem
    score: float


@dataclass
class AuditResult:
    spec: CitySpec
    data_class: str
    service: str
    personal_data: bool
    terms_of_service: bool
    profile_class: str           # the class audited against (3B when 3A was asked: 3A has no profile)
    profile_terms_of_service: bool
    findings: list[Finding]
    links: dict[str, list[Link]] = field(default_factory=dict)   # profile requirement id → city items
    profile_size: int = 0
    library_version: str = ""
    encoder: str = "fuzzy"
    run_at: str = ""

    def count(self, kind: str, severities: tuple[str, ...] | None = None) -> int:
        return sum(1 for f in self.findings if f.kind == kind and (severities is None or f.severity in severities))

    @property
    def needs_fixing(self) -> bool:
        """Missing 必須 clauses, weaker wording or a forbidden combination: the spec should not go out as is."""
        return any(f.kind in ("refused", "weaker") or (f.kind == "missing" and f.severity == "high") for f in self.findings)

    def summary(self) -> dict:
        out = {k: self.count(k) for k in KINDS}
        out["missing_mandatory"] = self.count("missing", ("high",))
        out["covered"] = sum(1 for v in self.links.values() if v)
        out["profile"] = self.profile_size
        return out
