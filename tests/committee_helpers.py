"""Helpers for committee tests: small score dicts, and filling an evaluation workbook as a member would."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook


def result(rid, status, mandatory=True, weight=None, reason="r", flags=(), evidence=()):
    return {"id": rid, "status": status, "mandatory": mandatory, "weight": weight, "reason": reason, "flags": list(flags),
            "requirement": f"要件{rid}", "evidence": list(evidence), "confidence": 0.9, "clause_id": None}


def score_of(**vendors):
    return {"spec": {"source": "spec.json", "requirements": 3}, "encoder": "fuzzy", "skipped": [], "notes": [],
            "responses": [{"source": f"{v}.xlsx", "vendor": v, "results": rs, "summary": {}} for v, rs in vendors.items()]}


SCORE = score_of(
    A=[result("1", "met"), result("2", "met"), result("3", "met", mandatory=False)],
    B=[result("1", "unmet"), result("2", "met"), result("3", "met", mandatory=False)],
    C=[result("1", "partial"), result("2", "met"), result("3", "partial", mandatory=False)],
)


def columns(ws, header_row: int = 4) -> dict[str, int]:
    return {c.value: c.column for c in ws[header_row] if c.value}


def row_of(ws, vendor: str, rid: str, header_row: int = 4) -> int:
    col = columns(ws, header_row)
    for r in range(header_row + 1, ws.max_row + 1):
        shown = str(ws.cell(r, col["事業者"]).value or "")
        if shown.lstrip("'") == vendor and str(ws.cell(r, col["要件番号"]).value) == rid:
            return r
    raise KeyError((vendor, rid))


def member_copy(src: Path, dst: Path, entries: list[tuple], prices: dict[str, object] | None = None) -> Path:
    """Copy `src` to `dst` and type entries (vendor, requirement id, 委員判定, 判断理由, 委員名) and 総括 prices."""
    if Path(src).resolve() != Path(dst).resolve():
        shutil.copyfile(src, dst)
    wb = load_workbook(dst)
    ws = wb["判定"]
    col = columns(ws)
    for vendor, rid, decision, reason, member in entries:
        r = row_of(ws, vendor, rid)
        ws.cell(r, col["委員判定"]).value = decision
        ws.cell(r, col["判断理由"]).value = reason
        ws.cell(r, col["委員名"]).value = member
    if prices:
        ss = wb["総括"]
        scol = columns(ss, 6)
        for vendor, value in prices.items():
            for r in range(7, ss.max_row + 1):
                if str(ss.cell(r, scol["事業者"]).value or "").lstrip("'") == vendor:
                    ss.cell(r, scol["入札価格（円）"]).value = value
    wb.save(dst)
    return dst


def decisions_in(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Every member decision shown in a written workbook's 委員判断 sheet: (vendor, id, member) → (status, reason)."""
    wb = load_workbook(path)
    if "委員判断" not in wb.sheetnames:
        return {}
    ws = wb["委員判断"]
    col = columns(ws)
    out = {}
    for r in range(5, ws.max_row + 1):
        vendor = str(ws.cell(r, col["事業者"]).value or "").lstrip("'")
        if vendor:
            out[(vendor, str(ws.cell(r, col["要件番号"]).value), ws.cell(r, col["委員名"]).value)] = (
                ws.cell(r, col["委員判定"]).value, ws.cell(r, col["判断理由"]).value)
    return out
