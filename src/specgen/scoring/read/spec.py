"""Load the spec to score against: spec.json, requirements.xlsx or any municipal requirement list in Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import InputFileError
from specgen.files.safety import load_json, sniff
from ...textnorm import compact
from ..model import ScoringSpec, SpecItem
from .tables import cell, find_layout, looks_like_id
from .workbook import guarded, open_workbook, read_sheet


def load_spec(path: Path) -> ScoringSpec:
    path = Path(path)
    kind = sniff(path)
    if kind == "json":
        return _from_json(path)
    if kind == "xlsx":
        return read_xlsx_spec(path)
    raise InputFileError(f"{path.name}: 仕様は spec.json 又は Excel の要件一覧で指定してください / spec must be spec.json or an Excel requirement list")


def _from_json(path: Path) -> ScoringSpec:
    data = load_json(path, "spec.json")  # size cap, nesting bound, no NaN / 5,000-digit numbers
    reqs = data.get("requirements") if isinstance(data, dict) else data
    if not isinstance(reqs, list) or not reqs:
        raise InputFileError(f"{path.name}: 'requirements' の一覧がありません / no 'requirements' list (expected specgen's spec.json)")
    items = []
    for i, r in enumerate(reqs):
        if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not r["text"] or not isinstance(r.get("id"), (str, int)):
            raise InputFileError(f"{path.name}: requirements[{i}] に id と text（文字列）が必要です / each requirement needs 'id' and 'text'")
        weight, clause = r.get("weight"), r.get("clause_id")
        if weight is not None and (isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1000):
            raise InputFileError(f"{path.name}: requirements[{i}].weight は 0～1000 の数値で指定してください / weight must be a number")
        if clause is not None and not isinstance(clause, str):
            raise InputFileError(f"{path.name}: requirements[{i}].clause_id は文字列で指定してください / clause_id must be a string")
        items.append(SpecItem(id=str(r["id"]), text=r["text"], category=str(r.get("分類") or r.get("category") or ""),
                              mandatory=r.get("mandatory", True) is not False, clause_id=clause,
                              weight=float(weight) if weight is not None else None))
    inputs = data.get("inputs") if isinstance(data, dict) and isinstance(data.get("inputs"), dict) else {}
    project = data.get("project") if isinstance(data, dict) and isinstance(data.get("project"), dict) else {}
    period = project.get("period")
    until = None
    if isinstance(period, dict) and period.get("end"):
        try:
            until = dt.date.fromisoformat(str(period["end"]))
        except ValueError:
            until = None
    title = data.get("title") if isinstance(data, dict) and isinstance(data.get("title"), str) else ""
    cls, service = inputs.get("data_class"), inputs.get("service")
    return ScoringSpec(source=str(path), items=items, title=title, data_class=cls if isinstance(cls, str) else None,
                       service=service if isinstance(service, str) else None, valid_until=until)


def _specgen_col(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h == "specgen_id"), None)


@guarded
def read_xlsx_spec(path: Path) -> ScoringSpec:
    """A requirement list in Excel: specgen's requirements.xlsx or a municipality's own sheet(s)."""
    wb = open_workbook(path)
    items: list[SpecItem] = []
    seen: set[str] = set()
    sheets = [ws for ws in wb.worksheets if ws.title != "_specgen"]
    title = ""
    for ws in sheets:
        grid = read_sheet(ws).grid
        layout = find_layout(grid, need_answer=False) if grid else None
        if layout is None or "requirement" not in layout.named:
            continue
        title = title or next((v for v in grid[0] if v), "")
        cols = layout.columns
        sg = _specgen_col(grid[layout.header_row])
        for r in range(layout.header_row + 1, len(grid)):
            line = grid[r]
            text = cell(line, cols["requirement"])
            rid = cell(line, cols.get("id"))
            if sg is not None and cell(line, sg):
                rid = cell(line, sg).split("|", 1)[0]
            if not text or (not rid and len(text) < 12):
                continue
            if not rid or not looks_like_id(rid) and len(rid) > 24:
                rid = f"{ws.title}-{r + 1}" if len(sheets) > 1 else f"R{r + 1}"
            if rid in seen:
                rid = f"{rid}#{r + 1}"
            seen.add(rid)
            clause = cell(line, sg).split("|", 1)[1] if sg is not None and "|" in cell(line, sg) else None
            items.append(SpecItem(id=rid, text=text.replace("\n", ""), category=cell(line, cols.get("category")),
                                  mandatory=_mandatory(cell(line, cols.get("mandatory"))), clause_id=clause))
    if not items:
        raise InputFileError(f"{path.name}: 要件一覧が見つかりません（「要件」等の見出し行がありません）/ no requirement list found")
    return ScoringSpec(source=str(path), items=items, title=title)


def _mandatory(value: str) -> bool:
    v = compact(value).lower()
    if not v:
        return True
    if any(k in v for k in ("任意", "加点", "推奨", "want", "optional", "△", "望ましい")):
        return False
    return True
