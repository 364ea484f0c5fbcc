"""requirements.xlsx: the vendor answer sheet (要件確認書) with locked requirement columns and a hidden id column."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ..spec.formats import ANSWER_SHEET_FORMAT
from ..spec.formats import ANSWER_SHEET_META as META_SHEET
from ..spec.model import Spec
from ..statuses import STATUS_FILL
from .xlsx_style import BORDER, FONT, header_row, landscape_fit

SHEET = "要件確認書"
HEADER_ROW = 6
HEADERS = ["要件番号", "分類", "要件", "必須/任意", "対応可否", "回答・実現方法", "根拠資料", "specgen_id"]
WIDTHS = [10, 16, 62, 9, 9, 48, 22, 14]
ANSWER_MARKS = ("○", "△", "×")
LEGEND = [
    ("○", "対応可（標準機能・標準サービスで要件を満たす）"),
    ("△", "一部対応・条件付き（オプション、追加費用、カスタマイズ、代替手段、対応予定を含む。内容を必ず記載）"),
    ("×", "対応不可"),
]


def build_answer_sheet(spec: Spec, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    title = str(spec.extra["title"])
    ws["A1"] = f"別紙　要件確認書　－　{title}"
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A2"] = f"{spec.project['municipality']}　／　要件数 {len(spec.requirements)}（必須 {sum(r.mandatory for r in spec.requirements)}）"
    ws["A3"] = "事業者名"
    ws["C3"].fill = PatternFill("solid", fgColor="FFF2CC")
    ws["C3"].border = BORDER
    ws["C3"].protection = Protection(locked=False)
    ws["A4"] = "記入方法：対応可否に ○ / △ / × を選択し、回答・実現方法に具体的な実現方法（△の場合は条件・費用・時期）を記入してください。要件番号・要件の文言は変更しないでください。"
    ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A4:G4")
    ws.row_dimensions[4].height = 30
    ws["A5"] = "凡例：" + "　".join(f"{m}＝{d}" for m, d in LEGEND)
    ws["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A5:G5")
    ws.row_dimensions[5].height = 30
    for cell in ("A2", "A3", "A4", "A5"):
        ws[cell].font = Font(name=FONT, size=9, bold=cell == "A3")

    header_row(ws, HEADER_ROW, HEADERS, WIDTHS, size=10)
    ws.column_dimensions["H"].hidden = True

    answer_fill = PatternFill("solid", fgColor="FFF2CC")
    first = HEADER_ROW + 1
    for i, r in enumerate(spec.requirements):
        row = first + i
        values = [r.id, r.category, r.text, "必須" if r.mandatory else "任意", None, None, None, f"{r.id}|{r.clause_id}"]
        for col, v in enumerate(values, 1):
            c = ws.cell(row=row, column=col, value=v)
            c.font = Font(name=FONT, size=9, bold=(col == 4 and r.mandatory))
            c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if col in (1, 4, 5) else "left")
            c.border = BORDER
            if col in (5, 6, 7):
                c.protection = Protection(locked=False)
                c.fill = answer_fill
        # rough row height so wrapped Japanese text shows in full when printed
        ws.row_dimensions[row].height = max(30, 13 * (len(r.text) // 34 + 1))
    last = first + len(spec.requirements) - 1

    dv = DataValidation(type="list", formula1='"' + ",".join(ANSWER_MARKS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="対応可否", error="○、△、× から選択してください。",
                        promptTitle="対応可否", prompt="○：対応可　△：一部対応・条件付き　×：対応不可", showInputMessage=True)
    ws.add_data_validation(dv)
    dv.add(f"E{first}:E{last}")
    for mark, status in (("×", "unmet"), ("△", "partial"), ("○", "met")):  # the colours of the scoring reports
        ws.conditional_formatting.add(f"E{first}:E{last}", CellIsRule(operator="equal", formula=[f'"{mark}"'],
                                                                      fill=PatternFill("solid", fgColor=STATUS_FILL[status])))

    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:G{last}"
    ws.protection.sheet = True
    ws.protection.formatRows = False      # False = allowed: vendors may resize rows/columns
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False
    ws.protection.sort = True
    landscape_fit(ws, HEADER_ROW)
    ws.print_area = f"A1:G{last}"
    ws.oddFooter.center.text = "&P / &N"
    ws.oddHeader.right.text = f"{spec.project['municipality']} 要件確認書"
    ws.page_margins.left = ws.page_margins.right = 0.5

    legend = wb.create_sheet("記入要領")
    legend["A1"] = "対応可否の凡例"
    legend["A1"].font = Font(name=FONT, bold=True, size=12)
    for i, (m, d) in enumerate(LEGEND, 3):
        legend.cell(row=i, column=1, value=m).font = Font(name=FONT, size=12)
        legend.cell(row=i, column=2, value=d).font = Font(name=FONT)
    legend["A7"] = "必須要件が×又は無回答の場合は失格となることがあります。△は条件・追加費用・提供時期を回答・実現方法欄に記載してください。"
    legend["A7"].font = Font(name=FONT)
    legend["A7"].alignment = Alignment(wrap_text=True, vertical="top")
    legend.merge_cells("A7:B7")
    legend.row_dimensions[7].height = 34
    legend.column_dimensions["A"].width = 8
    legend.column_dimensions["B"].width = 80
    for i in range(3, 3 + len(LEGEND)):
        legend.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    legend.print_area = "A1:B7"
    landscape_fit(legend, orientation="portrait")  # one page wide: the notes used to run off the printed page

    meta = wb.create_sheet(META_SHEET)
    meta["A1"] = "specgen answer sheet"
    meta["A2"] = json.dumps({
        "format": ANSWER_SHEET_FORMAT,
        "tool_version": spec.tool_version,
        "clause_library_version": spec.library_version,
        "inputs": {"data_class": spec.inputs.data_class, "service": spec.inputs.service,
                   "personal_data": spec.inputs.personal_data, "terms_of_service": spec.inputs.terms_of_service},
        "title": str(spec.extra.get("title") or ""),
        "period_end": _period_end(spec),
        "header_row": HEADER_ROW,
        "requirements": [{"id": r.id, "clause_id": r.clause_id, "mandatory": r.mandatory, "weight": r.weight} for r in spec.requirements],
    }, ensure_ascii=False)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.properties.creator = "specgen"
    wb.save(str(path))


def _period_end(spec: Spec) -> str | None:
    """The contract's last day (ISO), so that ISMAP validity is checked against it from the answer sheet too."""
    period = spec.project.get("period")
    end = period.get("end") if isinstance(period, dict) else getattr(period, "end", None)
    return str(end) if end else None
