"""spec.json: the machine-readable form of a generated spec, and reading it back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..errors import InputFileError, pydantic_message_ja
from .formats import SPEC_JSON_FAMILY as FORMAT_FAMILY
from .formats import SPEC_JSON_FORMAT as FORMAT
from .model import Spec


def spec_to_dict(spec: Spec) -> dict:
    """Everything in the spec. Keys read by the scorer stay stable (requirements[].id/text/mandatory/clause_id/
    weight/分類, inputs, project.period, title); the source file of each citation is kept here only."""

    def req(r):
        d = dataclasses.asdict(r)
        d["分類"] = d.pop("category")
        d["必須"] = "必須" if r.mandatory else "任意"
        d["source"]["citation"] = r.source.short()
        d["merged_clause_ids"] = d.pop("merged")
        d["also_sources"] = d.pop("also")
        return d

    return {
        "format": FORMAT,
        "title": spec.extra["title"],
        "municipality": spec.project["municipality"],
        "tool_version": spec.tool_version,
        "clause_library_version": spec.library_version,
        "generated_at": spec.generated_at,
        "inputs": dataclasses.asdict(spec.inputs),
        "project": spec.project,
        "purpose": spec.extra["purpose"],
        "period_text": spec.extra["period"],
        "chapters": spec.chapters,
        "terms": [{"term": t, "definition": d} for t, d in spec.terms],
        "scope": [req(r) for r in spec.scope],
        "requirements": [req(r) for r in spec.requirements],
        "city_notes": [req(r) for r in spec.city_notes],
        "sections": [dataclasses.asdict(s) for s in [*spec.front, *spec.back]],
        "sources": spec.sources,
        "checks": spec.checks,
        "rationale": {
            "rules": spec.rules,
            "decisions": [dataclasses.asdict(d) for d in spec.decisions],
        },
    }


def spec_json_text(spec: Spec) -> str:
    return json.dumps(spec_to_dict(spec), ensure_ascii=False, indent=2) + "\n"


def is_spec_json(path: Path) -> bool:
    return path.suffix.lower() == ".json"


# --- reading back: what the scorer and the committee need, typed strictly --------------------------------------
# Other keys (rationale, sections, sources…) are for people and other tools; they are not checked here.

def _text(v: object) -> object:
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v  # ids may be written as numbers


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True, populate_by_name=True)


class RequirementIn(_In):
    id: Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=200)]
    text: str = Field(min_length=1)
    category: str = Field("", alias="分類", max_length=500)
    mandatory: bool = True
    clause_id: str | None = None
    weight: float | None = Field(None, ge=0, le=1000)


class InputsIn(_In):
    data_class: str | None = None
    service: str | None = None


class ProjectIn(_In):
    model_config = ConfigDict(extra="ignore", strict=False, frozen=True)
    period: dict | None = None


class SpecFileIn(_In):
    format: str | None = None
    title: str = ""
    inputs: InputsIn = InputsIn()
    project: ProjectIn = ProjectIn()
    requirements: list[RequirementIn] = Field(min_length=1)

    @property
    def valid_until(self) -> dt.date | None:
        """The contract's end (履行期間), when the project file gave one: ISMAP registrations must last until then."""
        end = (self.project.period or {}).get("end")
        try:
            return dt.date.fromisoformat(str(end)) if end else None
        except ValueError:
            return None


def read_spec_json(path: Path) -> SpecFileIn:
    """spec.json as written by `specgen generate` (format checked), or a plain list / {"requirements": [...]}
    written by hand. Every problem is one line naming the file and the key."""
    from ..files.safety import load_json

    path = Path(path)
    data = load_json(path, "spec.json")  # size cap, nesting bound, no NaN / 5,000-digit numbers
    if isinstance(data, list):
        data = {"requirements": data}
    if not isinstance(data, dict) or not isinstance(data.get("requirements"), list) or not data["requirements"]:
        raise InputFileError(f"{path.name}: 'requirements' の一覧がありません / no 'requirements' list (expected specgen's spec.json)")
    fmt = data.get("format")
    if fmt is not None and fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith(FORMAT_FAMILY):
            raise InputFileError(f"{path.name}: spec.json の形式 {fmt} はこの版の specgen では読めません（読めるのは {FORMAT}）。"
                                 f"specgen を更新してください / unsupported spec.json format")
        raise InputFileError(f"{path.name}: format「{str(fmt)[:40]}」は specgen の spec.json ではありません / not a specgen spec.json")
    try:
        return SpecFileIn.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(err["loc"]))
        raise InputFileError(f"{path.name}: {where}: {pydantic_message_ja(err)}") from None
