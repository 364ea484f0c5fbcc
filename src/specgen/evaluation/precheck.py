"""A vendor's pre-check of its own bid: every answer that is not met, what the committee will read, how to fix it.

One library call for `specgen check` and the web page. The exit policy lives here too: a 必須 requirement that is
not met (or only partly) means the bid is at risk, which `check` reports with exit 3.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import EXIT_GAPS, InputFileError

SELF = "自社"  # every file given is one bid: the vendor's own
STATUS_LABEL = {"partial": "一部", "unmet": "不充足", "missing": "記載なし"}


@dataclass(frozen=True)
class Finding:
    id: str
    requirement: str
    mandatory: bool
    status: str  # partial / unmet / missing
    flags: tuple[str, ...]
    committee_sees: str  # the reason the committee's report will show
    fix: tuple[str, ...]  # what would make the answer compliant
    where: tuple[str, ...]  # the first evidence locations

    @property
    def fails(self) -> bool:
        """A 必須 requirement unmet or not answered: a disqualification candidate."""
        return self.mandatory and self.status in ("unmet", "missing")

    def headline(self, width: int = 40) -> str:
        text = self.requirement if len(self.requirement) <= width else self.requirement[:width] + "…"
        return f"[{'必須' if self.mandatory else '任意'}・{STATUS_LABEL[self.status]}] {self.id} {text}"


@dataclass
class Precheck:
    vendor: str
    summary: dict[str, int]
    findings: list[Finding]
    encoder: str
    notes: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    @property
    def mandatory_failed(self) -> list[Finding]:
        return [f for f in self.findings if f.fails]

    @property
    def mandatory_partial(self) -> list[Finding]:
        return [f for f in self.findings if f.mandatory and f.status == "partial"]

    @property
    def exit_code(self) -> int:
        return EXIT_GAPS if self.mandatory_failed or self.mandatory_partial else 0

    def summary_line(self) -> str:
        s = self.summary
        return (f"充足 {s['met']}・一部 {s['partial']}・不充足 {s['unmet']}・記載なし {s['missing']}。"
                f"必須要件のうち 不充足・記載なし {len(self.mandatory_failed)} 件（このままでは失格候補）、"
                f"一部 {len(self.mandatory_partial)} 件（委員会の判断になります）")

    def to_dict(self) -> dict:
        return {"summary": self.summary, "mandatory_failed": len(self.mandatory_failed),
                "mandatory_partial": len(self.mandatory_partial),
                "findings": [{**asdict(f), "flags": list(f.flags), "fix": list(f.fix), "where": list(f.where)} for f in self.findings],
                "encoder": self.encoder}


def advice(tips: list[str], mandatory: bool, status: str) -> tuple[str, ...]:
    """The scorer's advice, with what it means for this requirement: a 必須 gap disqualifies, an 任意 one costs points."""
    out = []
    for tip in tips:
        if not mandatory:  # a sentence about mandatory requirements does not apply to an optional one
            tip = "".join(s for s in re.split(r"(?<=。)", tip) if "必須" not in s).strip()
        if tip:
            out.append(tip)
    if mandatory and status in ("unmet", "missing"):
        out.append("必須要件のため、このままでは失格候補になります。")
    elif mandatory:
        out.append("必須要件の一部充足は、委員会が個別に判断します。")
    else:
        out.append("任意要件のため失格にはなりませんが、得点が下がります。")
    return tuple(out)


def from_report(report) -> Precheck:
    """The findings of a scored bid (the first response of a ScoreReport), most serious first:
    必須 before 任意, and within each, unmet/missing before partial."""
    from ..scoring import advice_for

    if not report.responses:
        raise InputFileError("; ".join(s["error"] for s in report.skipped) or "回答を読めませんでした / no response could be read")
    resp = report.to_dict()["responses"][0]
    findings = [Finding(id=r["id"], requirement=r.get("requirement", ""), mandatory=r["mandatory"], status=r["status"],
                        flags=tuple(r["flags"]), committee_sees=r["reason"],
                        fix=advice(advice_for(r["flags"], r["id"]), r["mandatory"], r["status"]),
                        where=tuple(e["where"] for e in r["evidence"][:2]))
                for r in resp["results"] if r["status"] != "met"]
    findings.sort(key=lambda f: (not f.mandatory, f.status == "partial"))
    return Precheck(vendor=resp.get("vendor", ""), summary=resp["summary"], findings=findings, encoder=report.encoder,
                    notes=list(report.notes), skipped=list(report.skipped))


def precheck(spec: Path, responses: list[Path], encoder: str | None = None, ismap_list: Path | None = None,
             contract_end: dt.date | None = None, progress: Callable | None = None) -> Precheck:
    """Score one bid (an answer sheet and/or a proposal, read as one response) and list what is not met."""
    from ..files.screen import screen_responses
    from ..scoring import score

    keep, screened = screen_responses(list(responses))
    if not keep:
        raise InputFileError("採点できる回答がありません / no response could be scored: " + "; ".join(s["error"] for s in screened))
    report = score(spec, keep, encoder, [SELF], ismap_list=ismap_list, valid_until=contract_end, progress=progress)
    report.skipped[:0] = screened
    return from_report(report)
