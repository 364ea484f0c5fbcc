"""spec.json: the machine-readable form of a generated spec, and reading it back."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from specgen.spec.model import Spec

FORMAT = "specgen-spec/1"


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
