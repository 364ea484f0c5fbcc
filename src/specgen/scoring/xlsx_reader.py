"""Read Excel answer sheets (.xlsx/.xlsm, never running macros) and municipal requirement lists."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import InputFileError
from ..safety import LIMITS
from ..textnorm import compact, normalize
from .tables import Layout, cell, find_layout, looks_like_id
from .records import AnswerRow, Response, ScoringSpec, SpecItem

VENDOR_LABELS = ("事業者名", "会社名", "提案者名", "提案者", "回答者", "商号又は名称", "商号", "業者名", "ベンダー名")


def open_workbook(path: Path):
    """openpyxl workbook, values only (cached formula results), VBA never loaded or run.

    Callers check the file with `safety.sniff` first (read_response, load_spec, load_ismap_list, read_overrides).
    """
    from openpyxl import load_workbook

    import io

    data = Path(path).read_bytes()  # parse a copy in memory: the input is never held open or written
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, keep_links=False)
    except InputFileError:
        raise
    except Exception as e:  # openpyxl raises many types on damaged parts
        raise InputFileError(f"{path.name}: Excel ファイルとして読めません / cannot read workbook ({type(e).__name__}: {str(e)[:120]})") from None


def sheet_grid(ws) -> list[list[str]]:
    """Cell texts (normalised) with merged ranges filled from their top-left cell."""
    max_row = min(ws.max_row or 0, LIMITS.max_rows)
    max_col = min(ws.max_column or 0, LIMITS.max_cols)
    grid: list[list[str]] = []
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True):
        grid.append([_text(v) for v in row])
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) and rng.min_col <= max_col else ""
        for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                if not grid[r - 1][c - 1]:
                    grid[r - 1][c - 1] = top
    return grid


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v)
    if len(s) > LIMITS.max_cell_chars:
        s = s[: LIMITS.max_cell_chars]
    return normalize(s)


def _col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def _specgen_col(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if h == "specgen_id"), None)


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


def rows_from_grid(grid: list[list[str]], layout: Layout, sheet: str, cell_ref) -> list[AnswerRow]:
    cols = layout.columns
    sg = _specgen_col(grid[layout.header_row])
    rows = []
    for r in range(layout.header_row + 1, len(grid)):
        line = grid[r]
        req = cell(line, cols.get("requirement"))
        mark = cell(line, cols.get("answer"))
        remark = cell(line, cols.get("remark"))
        rid = cell(line, cols.get("id"))
        exact = False
        if sg is not None and cell(line, sg):
            rid, exact = cell(line, sg).split("|", 1)[0], True
        if not (req or mark or remark):
            continue
        if not req and not rid and not mark:
            continue
        if req and not (rid or mark or remark) and len(req) < 20:
            continue  # a section heading row inside the table
        if cols.get("answer") == cols.get("requirement"):
            mark = ""
        rows.append(AnswerRow(
            where=cell_ref(r, cols.get("answer", cols.get("remark", 0))), sheet=sheet, row=r + 1, id=rid,
            category=cell(line, cols.get("category")), requirement=req, mark=mark, remark=remark, exact_id=exact,
            evidence=cell(line, cols.get("evidence")),
            mark_where=cell_ref(r, cols["answer"]) if "answer" in cols else "",
            remark_where=cell_ref(r, cols["remark"]) if "remark" in cols else "",
        ))
    return rows


def _guarded(fn):
    """Damaged workbooks fail lazily inside openpyxl objects; report them as one line, not a traceback."""
    def wrapper(path, *args, **kwargs):
        try:
            return fn(path, *args, **kwargs)
        except InputFileError:
            raise
        except Exception as e:
            raise InputFileError(f"{Path(path).name}: Excel ファイルが壊れています / damaged workbook ({type(e).__name__})") from None
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_guarded
def read_xlsx_response(path: Path, vendor: str | None = None) -> Response:
    wb = open_workbook(path)
    resp = Response(source=str(path), vendor=vendor or "")
    found_vendor = ""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" and ws.title == "_specgen":
            continue
        grid = sheet_grid(ws)
        if not grid:
            continue
        found_vendor = found_vendor or vendor_from_grid(grid)
        layout = find_layout(grid, need_answer=True)
        if layout is None:
            resp.notes.append(f"{ws.title}: 回答表が見つからないため対象外 / no answer table")
            continue
        title = ws.title
        resp.rows += rows_from_grid(grid, layout, title, lambda r, c, t=title: f"{t}!{_col_letter(c)}{r + 1}")
    if not resp.rows:
        raise InputFileError(f"{path.name}: 回答表が見つかりません（対応可否・回答・備考などの見出し行がありません）/ no answer table found")
    resp.vendor = vendor or found_vendor or path.stem
    return resp


@_guarded
def read_xlsx_spec(path: Path) -> ScoringSpec:
    """A requirement list in Excel: specgen's requirements.xlsx or a municipality's own sheet(s)."""
    wb = open_workbook(path)
    items: list[SpecItem] = []
    seen: set[str] = set()
    sheets = [ws for ws in wb.worksheets if ws.title != "_specgen"]
    title = ""
    for ws in sheets:
        grid = sheet_grid(ws)
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
            items.append(SpecItem(id=rid, text=text, category=cell(line, cols.get("category")),
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
