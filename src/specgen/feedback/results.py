"""The inputs of the feedback outputs: judged results (objects, or the score JSON's dicts) and the spec's names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..scoring.model import Evidence, ResponseResult, Result


@dataclass(frozen=True)
class SpecInfo:
    """Who asks and about what: the municipality and 件名, when the spec says (a city's own list may not)."""

    municipality: str = ""
    title: str = ""

    @classmethod
    def of(cls, spec) -> SpecInfo:
        """From a `ScoringSpec`: its title; the municipality from specgen's spec.json (`municipality`, or
        `project.municipality`) when the spec came from one. An Excel requirement list names no city."""
        if spec is None:
            return cls()
        title = str(getattr(spec, "title", "") or "").strip()
        source = Path(str(spec.source))
        if source.suffix.lower() != ".json":
            title = _subject_of_heading(title)
        return cls(_municipality(source), title)

    @classmethod
    def from_path(cls, path: str | Path | None) -> SpecInfo:
        """From the spec file named in a score JSON, when it is still there and readable; neutral otherwise."""
        if not path or not Path(path).is_file():
            return cls()
        from ..errors import SpecgenError
        from ..scoring import load_spec

        try:
            return cls.of(load_spec(Path(path)))
        except SpecgenError:
            return cls()


def result_from_dict(d: dict) -> Result:
    ev = [Evidence(str(e.get("where", "")), str(e.get("text", "")), float(e.get("similarity", 0.0) or 0.0), str(e.get("role", "")))
          for e in d.get("evidence", []) or [] if isinstance(e, dict)]
    return Result(id=str(d["id"]), status=d["status"], confidence=float(d.get("confidence", 0.0) or 0.0),
                  flags=list(d.get("flags", []) or []), evidence=ev, reason=str(d.get("reason", "") or ""),
                  mandatory=d.get("mandatory", True) is not False, clause_id=d.get("clause_id"),
                  requirement=str(d.get("requirement", "") or ""), weight=d.get("weight"),
                  needs_review=bool(d.get("needs_review", False)), details=dict(d.get("details", {}) or {}))


def responses_from_score(score: dict) -> list[ResponseResult]:
    """The score JSON (already checked by `evaluation.scorejson.check_score`) as result objects."""
    return [ResponseResult(str(r.get("source", "")), str(r["vendor"]), [result_from_dict(x) for x in r["results"]])
            for r in score["responses"]]


def sources_of(resp: ResponseResult) -> list[str]:
    """The files one response was read from (merged documents are joined with 「 + 」)."""
    return [s for s in str(resp.source).split(" + ") if s]


_PLACEHOLDER = ("○○", "〇〇", "●●")
_TRIM = " 　-_：:・（(「"


def _subject_of_heading(heading: str) -> str:
    """「生成AIサービス導入業務 機能・非機能要件一覧」 → 「生成AIサービス導入業務」; 「要件一覧（テスト市）」 → "" (no 件名)."""
    import re

    from .questions import wording

    m = re.search(wording().list_heading, heading)
    if m is None:
        return heading if not any(p in heading for p in _PLACEHOLDER) else ""
    subject = heading[: m.start()].strip(_TRIM)
    return subject if len(subject) >= 2 and not any(p in subject for p in _PLACEHOLDER) else ""


def _municipality(path: Path) -> str:
    """The city named in a spec.json (read through the bounded JSON reader); "" when none or a placeholder."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return ""
    from ..errors import SpecgenError
    from ..files.safety import load_json

    try:
        data = load_json(path, "spec.json")
    except SpecgenError:
        return ""
    if not isinstance(data, dict):
        return ""
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    city = data.get("municipality") or project.get("municipality") or ""
    city = city.strip() if isinstance(city, str) else ""
    return "" if any(p in city for p in _PLACEHOLDER) else city[:60]
