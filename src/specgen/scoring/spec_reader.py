"""Load the spec to score against: spec.json, requirements.xlsx or any municipal requirement list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import InputFileError
from ..safety import sniff
from .records import ScoringSpec, SpecItem
from .xlsx_reader import read_xlsx_spec


def load_spec(path: Path) -> ScoringSpec:
    path = Path(path)
    kind = sniff(path)
    if kind == "json":
        return _from_json(path)
    if kind == "xlsx":
        return read_xlsx_spec(path)
    raise InputFileError(f"{path.name}: 仕様は spec.json 又は Excel の要件一覧で指定してください / spec must be spec.json or an Excel requirement list")


def _from_json(path: Path) -> ScoringSpec:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputFileError(f"{path.name}: JSON として読めません / invalid JSON ({e})") from None
    reqs = data.get("requirements") if isinstance(data, dict) else data
    if not isinstance(reqs, list) or not reqs:
        raise InputFileError(f"{path.name}: 'requirements' の一覧がありません / no 'requirements' list (expected specgen's spec.json)")
    items = []
    for i, r in enumerate(reqs):
        if not isinstance(r, dict) or not r.get("text") or not r.get("id"):
            raise InputFileError(f"{path.name}: requirements[{i}] に id と text が必要です / each requirement needs 'id' and 'text'")
        items.append(SpecItem(id=str(r["id"]), text=str(r["text"]), category=str(r.get("分類") or r.get("category") or ""),
                              mandatory=bool(r.get("mandatory", True)), clause_id=r.get("clause_id"), weight=r.get("weight")))
    inputs = data.get("inputs", {}) if isinstance(data, dict) else {}
    period = (data.get("project") or {}).get("period") if isinstance(data, dict) else None
    until = None
    if isinstance(period, dict) and period.get("end"):
        try:
            until = dt.date.fromisoformat(str(period["end"]))
        except ValueError:
            until = None
    return ScoringSpec(source=str(path), items=items, title=str(data.get("title", "")) if isinstance(data, dict) else "",
                       data_class=inputs.get("data_class"), service=inputs.get("service"), valid_until=until)
