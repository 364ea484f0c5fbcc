"""Excel report: one sheet per vendor and a 比較 sheet (requirements × vendors, colour-coded)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from specgen.writers.cellsafe import safe_cell, safe_text, sheet_title
from specgen.writers.xlsx_style import BORDER, FONT, STATUS_FILL, body_row, fit_row_height, header_row, landscape_fit
from ..model import STATUS_JA
from ..pipeline import ScoreReport
from ..vocab import flag_label




def build_report_xlsx(report: ScoreReport, path: Path) -> None:
    wb = Workbook()
    cmp_ws = wb.active
    cmp_ws.title = "比較"
    items = report.spec.items
    vendors = report.responses
    cmp_ws["A1"] = safe_text(f"評価比較表　{report.spec.title or Path(report.spec.source).name}")
    cmp_ws["A1"].font = Font(name=FONT, size=13, bold=True)
    cmp_ws["A2"] = f"要件 {len(items)} 件 ／ 事業者 {len(vendors)} 者 ／ 照合方式：{report.encoder}（充足=緑・一部=黄・不充足=赤・記載なし=灰。確認が必要な判定は各事業者シートに「要確認」）"
    cmp_ws["A2"].font = Font(name=FONT, size=9)
    headers = ["要件番号", "必須/任意", "要件"] + [safe_text(v.vendor) for v in vendors]  # vendor text: neutralised
    header_row(cmp_ws, 4, headers, [10, 8, 56] + [16] * len(vendors))
    longest = max([len(v.vendor) for v in vendors] + [4])
    cmp_ws.row_dimensions[4].height = 15 * min(4, -(-longest // 8))  # vendor names wrap in 16-wide columns
    for r, item in enumerate(items, 5):
        cmp_ws.cell(row=r, column=1, value=safe_cell(item.id)).alignment = Alignment(vertical="top")
        cmp_ws.cell(row=r, column=2, value="必須" if item.mandatory else "任意").alignment = Alignment(vertical="top")
        cmp_ws.cell(row=r, column=3, value=safe_cell(item.text, 500)).alignment = Alignment(wrap_text=True, vertical="top")
        for v_i, v in enumerate(vendors):
            res = v.results[r - 5]
            c = cmp_ws.cell(row=r, column=4 + v_i, value=STATUS_JA[res.status])
            c.fill = PatternFill("solid", fgColor=STATUS_FILL[res.status])
            c.alignment = Alignment(horizontal="center", vertical="top")
        for col in range(1, 4 + len(vendors)):
            cmp_ws.cell(row=r, column=col).border = BORDER
            cmp_ws.cell(row=r, column=col).font = Font(name=FONT, size=9)
        fit_row_height(cmp_ws, r, max_lines=4)
    last = 4 + len(items)
    srow = last + 2
    for k, label in enumerate(["充足", "一部", "不充足", "記載なし", "必須不充足"]):
        cmp_ws.cell(row=srow + k, column=3, value=label).font = Font(name=FONT, bold=True)
        key = ["met", "partial", "unmet", "missing", "mandatory_failed"][k]
        for v_i, v in enumerate(vendors):
            cmp_ws.cell(row=srow + k, column=4 + v_i, value=v.summary[key])
    cmp_ws.freeze_panes = "D5"
    cmp_ws.auto_filter.ref = f"A4:{get_column_letter(3 + max(1, len(vendors)))}{last}"
    landscape_fit(cmp_ws, 4)

    used: set[str] = {"比較", "読込エラー"}
    for v in vendors:
        ws = wb.create_sheet(sheet_title(v.vendor, used, "事業者"))
        ws["A1"] = safe_cell(f"{v.vendor}　（{Path(v.source).name}）")
        ws["A1"].font = Font(name=FONT, size=12, bold=True)
        s = v.summary
        ws["A2"] = f"充足 {s['met']} ／ 一部 {s['partial']} ／ 不充足 {s['unmet']} ／ 記載なし {s['missing']} ／ 必須不充足 {s['mandatory_failed']}"
        header_row(ws, 4, ["要件番号", "必須/任意", "判定", "確信度", "フラグ", "理由", "根拠（場所）", "根拠（記載）"], [10, 8, 9, 7, 22, 44, 16, 60])
        for r, res in enumerate(v.results, 5):
            ev = res.evidence
            vals = [res.id, "必須" if res.mandatory else "任意", STATUS_JA[res.status] + ("（要確認）" if res.needs_review else ""),
                    res.confidence, "、".join(flag_label(f) for f in res.flags), res.reason,
                    "\n".join(e.where for e in ev), "\n".join(e.text for e in ev)]
            body_row(ws, r, vals)
            ws.cell(row=r, column=3).fill = PatternFill("solid", fgColor=STATUS_FILL[res.status])
            fit_row_height(ws, r)
        ws.freeze_panes = "C5"
        ws.auto_filter.ref = f"A4:H{4 + len(v.results)}"
        landscape_fit(ws, 4)
    if report.skipped:
        ws = wb.create_sheet("読込エラー")
        header_row(ws, 1, ["ファイル", "理由"], [40, 100])
        for r, s in enumerate(report.skipped, 2):
            ws.cell(row=r, column=1, value=safe_cell(s["source"]))
            ws.cell(row=r, column=2, value=safe_cell(s["error"]))
    wb.save(str(path))
