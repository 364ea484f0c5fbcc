"""audit.xlsx: one row per finding (severity, the city's text and where, the clause and its source, the text to use)."""

from __future__ import annotations

from .labels import KIND_JA, SEVERITY_JA, conditions, summary_line
from .model import AuditResult

HEADERS = ["No.", "重要度", "種別", "指摘", "仕様書の記載", "記載箇所", "要件番号", "条項", "条項の文言", "出典", "修正・追加の文案", "詳細"]
WIDTHS = [5, 7, 12, 30, 45, 18, 9, 14, 45, 30, 45, 35]
FILL = {"high": "F8CBAD", "medium": "FFEB9C", "low": "DDEBF7", "info": "EDEDED"}


def build_xlsx(r: AuditResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from specgen.files.atomic import xlsx_bytes
    from specgen.writers.cellsafe import put
    from specgen.writers.xlsx_style import FONT, body_row, fit_row_height, header_row, landscape_fit

    wb = Workbook()
    ws = wb.active
    ws.title = "指摘一覧"
    put(ws, 1, 1, f"仕様書の点検結果　{summary_line(r)}").font = Font(name=FONT, bold=True)
    header_row(ws, 2, HEADERS, WIDTHS)
    for n, f in enumerate(r.findings, 1):
        row = n + 2
        values = [n, SEVERITY_JA[f.severity], KIND_JA[f.kind], f.summary, f.city_text, f.city_where, f.requirement_id, f.clause_id,
                  f.clause_text, f.source, f.suggestion, f.detail]
        body_row(ws, row, values)  # every text through the neutraliser: the city's text never becomes a formula
        ws.cell(row=row, column=2).fill = PatternFill("solid", fgColor=FILL[f.severity])
        fit_row_height(ws, row)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{chr(64 + len(HEADERS))}{max(2, len(r.findings) + 2)}"
    landscape_fit(ws, 2)
    info = wb.create_sheet("点検条件")
    header_row(info, 1, ["項目", "内容"], [24, 80])
    for n, (k, v) in enumerate(conditions(r), 2):
        put(info, n, 1, k).font = Font(name=FONT)
        put(info, n, 2, v).font = Font(name=FONT)
    return xlsx_bytes(wb)
