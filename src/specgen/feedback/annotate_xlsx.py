"""An annotated copy of a vendor's Excel answer sheet: a comment on every evidence cell, the answer cell filled
with the status colour, and a summary sheet at the front linking each requirement to its evidence.

The copy is built from the bytes of the original (which is never written). Everything is kept as openpyxl
keeps it (values, styles, column widths, merged cells, notes, validations); the vendor's formulas are replaced by
the values Excel saved with them, and text we add goes through `writers.cellsafe`, so the copy carries no formula
at all. A .xlsm is written as .xlsx without its macros (openpyxl never loads them).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from ..scoring.model import STATUS_JA, ResponseResult, Result
from ..writers.cellsafe import put, safe_text, sheet_title
from .locate import belongs, parse_where
from .notes import AUTHOR, comment_text, flag_labels, status_label

SUMMARY = "specgen確認結果"
RANK = {"met": 0, "missing": 1, "partial": 2, "unmet": 3}
COMMENT_LIMIT = 8000
VENDOR_COMMENT = "（事業者のコメント）"


@dataclass
class CellNote:
    results: list[Result] = field(default_factory=list)
    answer_of: list[Result] = field(default_factory=list)   # results whose answer cell this is (status colour)


def _load(data: bytes, data_only: bool):
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(data), data_only=data_only, keep_vba=False, keep_links=False, rich_text=False)


def _values_only(wb, values) -> int:
    """Replace every formula by the value Excel saved with it (text of the formula, neutralised, when none was saved)."""
    n = 0
    for ws in wb.worksheets:
        vs = values[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (not isinstance(c.value, (str, int, float, bool, type(None))) and type(c.value).__name__.endswith("Formula")):
                    saved = vs.cell(row=c.row, column=c.column).value
                    formula = c.value if isinstance(c.value, str) else getattr(c.value, "text", "") or ""
                    c.value = None
                    c.data_type = "n"
                    put(ws, c.row, c.column, saved if saved is not None else str(formula))
                    n += 1
    return n


def _has_pictures(data: bytes) -> bool:
    """Images, charts and shapes, which openpyxl does not carry over (the VML drawings of cell notes it does)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return any(n.startswith(("xl/media/", "xl/charts/")) or (n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
                   for n in z.namelist())


def _cells(resp: ResponseResult, source: str, sheets: set[str]) -> dict[tuple[str, int, int], CellNote]:
    """(sheet, row, col) → the results that cite that cell; the first mark (else answer) cell of each result is its answer cell."""
    from .results import sources_of

    out: dict[tuple[str, int, int], CellNote] = {}
    srcs = sources_of(resp)
    for r in resp.results:
        answer_cell = None
        for role in ("mark", "answer"):  # a notes-sheet line shared by many requirements is commented, not coloured
            for e in r.evidence:
                loc = parse_where(e.where, srcs)
                if loc.kind != "cell" or not belongs(loc, source) or loc.sheet not in sheets:
                    continue
                key = (loc.sheet, loc.row, loc.col)
                note = out.setdefault(key, CellNote())
                if r not in note.results:
                    note.results.append(r)
                if answer_cell is None and e.role == role:
                    answer_cell = key
        if answer_cell is not None:
            out[answer_cell].answer_of.append(r)
    return out


def _first_cell(r: Result, source: str, srcs: list[str], sheets: set[str]):
    for e in r.evidence:
        loc = parse_where(e.where, srcs)
        if loc.kind == "cell" and belongs(loc, source) and loc.sheet in sheets:
            return loc
    return None


def _place_text(r: Result) -> str:
    # one line: LibreOffice does not break a linked cell's text at line breaks
    return "、".join(dict.fromkeys(e.where for e in r.evidence))


def annotate_xlsx(resp: ResponseResult, source: str, data: bytes, original_name: str, digest: str) -> tuple[bytes, list[str]]:
    """The annotated copy of one workbook (`data`: the original's bytes) and notes on what was changed."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..files.atomic import xlsx_bytes
    from ..writers.xlsx_style import BORDER, FONT, STATUS_FILL, fit_row_height, header_row, landscape_fit
    from .results import sources_of

    wb = _load(data, data_only=False)
    notes: list[str] = []
    if original_name.lower().endswith(".xlsm"):
        notes.append("元の .xlsm からマクロを除き、.xlsx として保存しています（マクロは読み込みも実行もしていません）。")
    if _has_pictures(data):
        notes.append("図・画像・グラフはこの写しには含まれません（原本を御覧ください）。")
    formulas = _values_only(wb, _load(data, data_only=True))
    if formulas:
        notes.append(f"数式 {formulas} 件は、保存されていた計算結果の値に置き換えています。")
    sheets = {ws.title for ws in wb.worksheets}
    srcs = sources_of(resp)
    cells = _cells(resp, source, sheets)
    for (sheet, row, col), note in cells.items():
        ws = wb[sheet]
        c = ws.cell(row=row, column=col)
        ours = "\n\n".join(comment_text(r) for r in note.results)
        old = c.comment.text if c.comment is not None and c.comment.text else ""
        text = f"{ours}\n\n{VENDOR_COMMENT}\n{old}" if old else ours
        text = safe_text(text, COMMENT_LIMIT)
        lines = sum(1 + len(x) // 28 for x in text.split("\n"))
        c.comment = Comment(text, AUTHOR, height=min(600, 16 * lines + 10), width=320)
        if note.answer_of:
            worst = max(note.answer_of, key=lambda r: RANK.get(r.status, 0))
            c.fill = PatternFill("solid", fgColor=STATUS_FILL.get(worst.status, "FFFFFF"))

    used = set(sheets)
    ws = wb.create_sheet(sheet_title(SUMMARY, used, SUMMARY), 0)
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True
    s = resp.summary
    missing = [r.id for r in resp.results if r.status == "missing"]
    head = [
        ("specgen 確認結果（評価用の注記付きの写し）", Font(name=FONT, size=13, bold=True)),
        (f"{resp.vendor}　元のファイル：{original_name}（SHA-256 {digest[:16]}…。原本は変更していません）", Font(name=FONT, size=10)),
        (f"充足 {s['met']}・一部 {s['partial']}・不充足 {s['unmet']}・記載なし {s['missing']}（必須の不充足・記載なし {s['mandatory_failed']}、要確認 {s['needs_review']}）", Font(name=FONT, size=10)),
        ("記載のない要件：" + ("、".join(missing) if missing else "なし"), Font(name=FONT, size=10, bold=bool(missing))),
        ("根拠のセルにコメント（specgen）を付け、回答欄を判定の色（充足=緑・一部=黄・不充足=赤・記載なし=灰）で塗っています。「根拠の場所」のリンクで該当セルへ移動できます。", Font(name=FONT, size=9)),
    ] + [(n, Font(name=FONT, size=9)) for n in notes]
    for i, (text, font) in enumerate(head, 1):
        put(ws, i, 1, text).font = font
    top = len(head) + 2
    header_row(ws, top, ["要件番号", "必須/任意", "要件", "判定", "理由", "注意（フラグ）", "根拠の場所"], [10, 8, 48, 12, 48, 26, 24])
    link_font = Font(name=FONT, size=9, color="0563C1", underline="single")
    for i, r in enumerate(resp.results, top + 1):
        vals = [r.id, "必須" if r.mandatory else "任意", r.requirement, status_label(r), r.reason, "、".join(flag_labels(r)),
                _place_text(r) or "（根拠なし）"]
        for col, v in enumerate(vals, 1):
            c = put(ws, i, col, v)
            c.font = Font(name=FONT, size=9)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            c.border = BORDER
        ws.cell(row=i, column=4).fill = PatternFill("solid", fgColor=STATUS_FILL.get(r.status, "FFFFFF"))
        loc = _first_cell(r, source, srcs, sheets)
        if loc is not None:
            target = "'" + loc.sheet.replace("'", "''") + "'!" + loc.cell
            c = ws.cell(row=i, column=7)
            c.hyperlink = Hyperlink(ref=c.coordinate, location=target, tooltip=safe_text(f"{loc.sheet}!{loc.cell} へ移動", 200))
            c.font = link_font
        fit_row_height(ws, i, max_lines=8)
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    ws.auto_filter.ref = f"A{top}:G{top + len(resp.results)}"
    landscape_fit(ws, top)
    return xlsx_bytes(wb), notes


__all__ = ["annotate_xlsx", "SUMMARY", "STATUS_JA"]
