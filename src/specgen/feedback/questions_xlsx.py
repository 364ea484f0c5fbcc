"""The 質問書 as a workbook: a sheet per vendor, the 回答 column unlocked (yellow) and the rest protected (no
password), the vendor and question id in hidden columns so the returned replies are matched whatever is retyped."""

from __future__ import annotations

import datetime as dt

from .questions import VendorQuestions
from .results import SpecInfo

HEADERS = ["No.", "要件番号", "区分", "要件", "貴社の記載（該当箇所）", "質問", "回答"]
WIDTHS = [5, 9, 14, 36, 36, 56, 44]
ID_HEADER = "質問ID"
VENDOR_HEADER = "事業者"
ANSWER_HEADER = "回答"
HEADER_ROW = 6
ANSWER_COL = HEADERS.index(ANSWER_HEADER) + 1
ID_COL = len(HEADERS) + 1
VENDOR_COL = len(HEADERS) + 2


def questions_xlsx(sets: list[VendorQuestions], spec: SpecInfo | None = None, today: dt.date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.protection import SheetProtection

    from ..files.atomic import xlsx_bytes
    from ..profile.project import japanese_date
    from ..writers.cellsafe import put, sheet_title
    from ..writers.xlsx_style import BORDER, FONT, fit_row_height, header_row, landscape_fit

    spec = spec or SpecInfo()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    date = japanese_date(today or dt.date.today())
    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    for vq in sets:
        ws = wb.create_sheet(sheet_title(vq.vendor, used, "事業者"))
        put(ws, 1, 1, "質問書" + (f"　件名：{spec.title}" if spec.title else "")).font = Font(name=FONT, size=13, bold=True)
        put(ws, 2, 1, f"{vq.vendor}　御中").font = Font(name=FONT, size=11)
        put(ws, 3, 1, "　".join(x for x in (spec.municipality, date) if x)).font = Font(name=FONT, size=10)
        note = ("黄色の「回答」欄に御記入の上、このファイルのまま御返送ください（他の欄は変更できません）。"
                if vq.questions else "この事業者への質問はありません。")
        put(ws, 4, 1, note).font = Font(name=FONT, size=10, bold=True)
        header_row(ws, HEADER_ROW, HEADERS + [ID_HEADER, VENDOR_HEADER], WIDTHS + [12, 20])
        for i, q in enumerate(vq.questions, HEADER_ROW + 1):
            vals = [q.number, q.req_id + ("（必須）" if q.mandatory else ""), q.kind_label, q.requirement,
                    (f"「{q.quote}」\n（{q.where}）" if q.quote else "（記載なし）"), q.text, None, q.req_id, vq.vendor]
            for c, v in enumerate(vals, 1):
                cell = put(ws, i, c, v)
                cell.font = Font(name=FONT, size=9)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.border = BORDER
            answer = ws.cell(row=i, column=ANSWER_COL)
            answer.protection = Protection(locked=False)
            answer.fill = answer_fill
            fit_row_height(ws, i, max_lines=10)
            ws.row_dimensions[i].height = max(ws.row_dimensions[i].height or 0, 60)
        for col in (ID_COL, VENDOR_COL):
            ws.column_dimensions[get_column_letter(col)].hidden = True
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
        # protected without a password: the vendor types only into 回答, may still resize rows and columns
        ws.protection = SheetProtection(sheet=True, formatRows=False, formatColumns=False, formatCells=False,
                                        selectLockedCells=False, selectUnlockedCells=False)
        landscape_fit(ws, HEADER_ROW)
    if not sets:
        ws = wb.create_sheet("質問なし")
        put(ws, 1, 1, "質問はありません。")
    return xlsx_bytes(wb)
