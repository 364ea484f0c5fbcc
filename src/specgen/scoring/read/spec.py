"""Load the spec to score against: spec.json, requirements.xlsx or any municipal requirement list in Excel."""

from __future__ import annotations

import datetime as dt

from pathlib import Path

from ...errors import InputFileError
from ...files.safety import sniff
from ...textnorm import compact
from ...spec.formats import ANSWER_SHEET_FORMAT as META_FORMAT
from ...spec.formats import ANSWER_SHEET_META as META_SHEET
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
    from ...spec.json_io import read_spec_json

    doc = read_spec_json(path)
    items = [SpecItem(id=r.id, text=r.text, category=r.category, mandatory=r.mandatory, clause_id=r.clause_id, weight=r.weight)
             for r in doc.requirements]
    return ScoringSpec(source=str(path), items=items, title=doc.title, data_class=doc.inputs.data_class,
                       service=doc.inputs.service, valid_until=doc.valid_until)


MAX_META_CHARS = 2_000_000


def _specgen_col(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h == "specgen_id"), None)


@guarded
def read_xlsx_spec(path: Path) -> ScoringSpec:
    """A requirement list in Excel: specgen's requirements.xlsx or a municipality's own sheet(s)."""
    wb = open_workbook(path)
    items: list[SpecItem] = []
    seen: set[str] = set()
    sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
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
    spec = ScoringSpec(source=str(path), items=items, title=title)
    if META_SHEET in wb.sheetnames:
        _apply_meta(spec, wb[META_SHEET]["A2"].value, path)
    return spec


def _apply_meta(spec: ScoringSpec, raw: object, path: Path) -> None:
    """specgen's requirements.xlsx keeps what the visible sheet does not show (weights, class, service, the contract's
    end) in a hidden sheet: the same spec scores the same whether spec.json or requirements.xlsx is given. The
    visible 必須/任意 column stays authoritative (a city may have edited it)."""
    import json

    if not isinstance(raw, str) or len(raw) > MAX_META_CHARS:
        return
    try:
        meta = json.loads(raw)
    except (ValueError, RecursionError):
        return
    if not isinstance(meta, dict) or meta.get("format") != META_FORMAT:
        return
    weights = {str(r.get("id")): r.get("weight") for r in meta.get("requirements") or [] if isinstance(r, dict)}
    for item in spec.items:
        w = weights.get(item.id)
        if isinstance(w, (int, float)) and not isinstance(w, bool) and 0 <= w <= 1000:
            item.weight = float(w)
    inputs = meta.get("inputs") if isinstance(meta.get("inputs"), dict) else {}
    if isinstance(inputs.get("data_class"), str):
        spec.data_class = inputs["data_class"]
    if isinstance(inputs.get("service"), str):
        spec.service = inputs["service"]
    if isinstance(meta.get("title"), str) and meta["title"]:
        spec.title = meta["title"]
    try:
        spec.valid_until = dt.date.fromisoformat(meta["period_end"]) if isinstance(meta.get("period_end"), str) else None
    except ValueError:
        spec.valid_until = None


def _mandatory(value: str) -> bool:
    v = compact(value).lower()
    if not v:
        return True
    if any(k in v for k in ("任意", "加点", "推奨", "want", "optional", "△", "望ましい")):
        return False
    return True
