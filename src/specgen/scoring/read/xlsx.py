"""Read Excel answer sheets (.xlsx/.xlsm, never running macros): answer rows, cell comments, notes sheets, legends."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputFileError
from ...textnorm import compact
from ...spec.formats import ANSWER_SHEET_META
from ..model import AnswerRow, Note, Response
from ..vocab import lexicon
from .tables import Layout, cell, find_layout
from .workbook import Sheet, guarded, open_workbook, read_sheet

VENDOR_LABELS = ("事業者名", "会社名", "提案者名", "提案者", "回答者", "商号又は名称", "商号", "業者名", "ベンダー名")


def vendor_from_grid(grid: list[list[str]]) -> str:
    for row in grid[:12]:
        for i, v in enumerate(row):
            key = compact(v)
            if any(key.startswith(lbl) for lbl in VENDOR_LABELS):
                rest = v.split("：", 1)[-1].split(":", 1)[-1].strip() if ("：" in v or ":" in v) else ""
                if rest and compact(rest) not in VENDOR_LABELS:
                    return rest
                nxt = next((x for x in row[i + 1 :] if x.strip()), "")
                if nxt:
                    return nxt
    return ""


def _specgen_col(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h == "specgen_id"), None)


def rows_from_grid(grid: list[list[str]], layout: Layout, sheet: str, cell_ref,
                   comments: dict[tuple[int, int], str] | None = None) -> list[AnswerRow]:
    """Answer rows below the header. A row with only an answer (no id, no requirement) continues the row above."""
    lex = lexicon()
    cols = layout.columns
    sg = _specgen_col(grid[layout.header_row])
    extra_cols = layout.extra
    comments = comments or {}
    rows: list[AnswerRow] = []
    last: AnswerRow | None = None
    for r in range(layout.header_row + 1, len(grid)):
        line = grid[r]
        req = cell(line, cols.get("requirement"))
        mark = cell(line, cols.get("answer"))
        remark = cell(line, cols.get("remark"))
        rid = cell(line, cols.get("id"))
        exact = False
        if sg is not None and cell(line, sg):
            rid, exact = cell(line, sg).split("|", 1)[0], True
        if cols.get("answer") == cols.get("requirement"):
            mark = ""
        # the mark written in the remark column and the comment in the mark column
        if mark and remark and lex.mark_status(mark) is None and len(mark) > 6 and lex.mark_status(remark) not in (None, "blank"):
            mark, remark = remark, mark
        if not (req or mark or remark):
            continue
        if req and not (rid or mark or remark) and len(req) < 20:
            continue  # a section heading row inside the table
        row_comments = [(cell_ref(r, c), text) for (rr, c), text in comments.items() if rr == r]
        extra = [(cell_ref(r, c), cell(line, c)) for c in extra_cols if cell(line, c)]
        row = AnswerRow(
            where=cell_ref(r, cols.get("answer", cols.get("remark", 0))), sheet=sheet, row=r + 1, id=rid,
            category=cell(line, cols.get("category")), requirement=req, mark=mark, remark=remark, exact_id=exact,
            evidence=cell(line, cols.get("evidence")),
            mark_where=cell_ref(r, cols["answer"]) if "answer" in cols else "",
            remark_where=cell_ref(r, cols["remark"]) if "remark" in cols else "",
            comments=row_comments, extra=extra,
            ref_ids=" ".join(cell(line, c) for c in layout.more_ids if cell(line, c)),
        )
        if not rid and row.ref_ids:
            rid = row.id = row.ref_ids.split()[0]
        if not rid and (not req or _continuation(req)):
            if last is None:
                continue
            row.follows = last  # an inserted, unnumbered sub-answer (「└ 連携レイアウトについて」「（N-07 続き）」)
        else:
            last = row
        rows.append(row)
    return rows


_SUB_ITEM = re.compile(r"^\s*[└├┗┣・※→＞>（(]|続き|補足")


def _continuation(requirement: str) -> bool:
    """A row label that is a note on the row above rather than a requirement of its own."""
    return len(requirement) < 25 and bool(_SUB_ITEM.search(requirement))


def _outside_table(grid: list[list[str]], layout: Layout | None) -> list[str]:
    """Texts above the header (titles, instructions, legends) and, without a table, the whole sheet."""
    limit = layout.header_row if layout is not None else len(grid)
    out = []
    for row in grid[:limit]:
        cells = [v for v in row if v]
        if len(cells) >= 2 and len(cells[0].strip()) <= 2 and len(cells[1]) <= 40:
            # a legend laid out as a table, 「A｜標準機能で対応可能」: the mark and its meaning are one entry
            out.append(f"{cells[0].strip()}：{cells[1]}")
            cells = cells[2:]
        out += cells
    return out


def _condition_notes(sheet: Sheet) -> list[Note]:
    out, seen = [], set()
    for r, line in enumerate(sheet.grid):
        for c, v in enumerate(line):
            if v and len(v) >= 8 and v not in seen:
                seen.add(v)
                out.append(Note(sheet.ref(r, c), v))
    return out


@guarded
def read_xlsx_response(path: Path, vendor: str | None = None) -> Response:
    lex = lexicon()
    wb = open_workbook(path)
    resp = Response(source=str(path), vendor=vendor or "")
    found_vendor = ""
    legend_text: list[str] = []
    for ws in wb.worksheets:
        if ws.title == ANSWER_SHEET_META:
            continue
        sheet = read_sheet(ws)
        if not sheet.grid:
            continue
        found_vendor = found_vendor or vendor_from_grid(sheet.grid)
        layout = find_layout(sheet.grid, need_answer=True)
        legend_text += _outside_table(sheet.grid, layout)
        if layout is None:
            if lex.condition_sheet.search(ws.title) and not lex.not_condition_sheet.search(ws.title):
                resp.conditions += _condition_notes(sheet)
                resp.notes.append(f"{ws.title}: 前提条件として読み込み / read as conditions")
            else:
                resp.notes.append(f"{ws.title}: 回答表が見つからないため対象外 / no answer table")
            continue
        resp.rows += rows_from_grid(sheet.grid, layout, ws.title, sheet.ref, sheet.comments)
        legend_text += [v for row in sheet.grid[layout.header_row + 1:] for v in row if v and len(v) <= 80 and lex.legend_entry.search(v)]
    if not resp.rows:
        raise InputFileError(f"{path.name}: 回答表が見つかりません（対応可否・回答・備考などの見出し行がありません）/ no answer table found")
    resp.mark_legend = lex.legend_from_text(" ".join(legend_text))
    resp.vendor = vendor or found_vendor or path.stem
    return resp
