"""The committee's evaluation workbook: write it, and read members' overrides back from it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..cellsafe import safe_cell
from ..errors import InputFileError
from ..xlsx_style import BORDER, FONT, STATUS_FILL, fit_row_height, header_row, landscape_fit
from .evaluate import METHOD_JA, STATUS_JA, Evaluation, Override, parse_status

FILL = STATUS_FILL
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
DECISION_SHEET = "判定"
DECISION_HEADERS = ["要件番号", "必須/任意", "配点", "要件", "事業者", "ツール判定", "ツールの理由", "フラグ",
                    "委員判定", "判断理由", "委員名", "採用判定", "得点"]
HEADER_ROW = 4


def _title(ws, text: str, sub: str = "") -> None:
    ws["A1"] = text
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    if sub:
        ws["A2"] = sub
        ws["A2"].font = Font(name=FONT, size=9)


def build_workbook(ev: Evaluation, audit: list[tuple[str, str]], path: Path, title: str) -> None:
    wb = Workbook()
    _summary(wb.active, ev, title)
    _decisions(wb.create_sheet(DECISION_SHEET), ev)
    _heatmap(wb.create_sheet("ヒートマップ"), ev)
    if ev.unapplied:
        ws = wb.create_sheet("未適用の委員判断")
        _title(ws, "未適用の委員判断", "今回の評価に該当する要件・事業者がなかった記録です（削除せず保存しています）。")
        header_row(ws, HEADER_ROW, ["事業者", "要件番号", "委員判定", "判断理由", "委員名", "元の場所"], [20, 12, 10, 50, 14, 20])
        for r, ((vendor, rid), o) in enumerate(ev.unapplied.items(), HEADER_ROW + 1):
            for c, v in enumerate([vendor, rid, STATUS_JA[o.status], o.reason, o.member, o.where], 1):
                ws.cell(row=r, column=c, value=safe_cell(v))
    _audit(wb.create_sheet("監査"), audit)
    wb.save(str(path))


def _summary(ws, ev: Evaluation, title: str) -> None:
    ws.title = "総括"
    r = ev.rules
    method = (f"{METHOD_JA['add']}：総合評価点 = 技術点（満点{r.technical_max:g}）+ 価格点（満点{r.price_max:g} × 最低価格 ÷ 入札価格）"
              if r.method == "add" else
              f"{METHOD_JA['div']}：評価値 = （基礎点{r.basic_points:g} + 技術点（満点{r.technical_max:g}））÷ 入札価格（円）× 1,000,000")
    _title(ws, f"評価総括　{title}", method)
    ws["A3"] = (f"必須要件が不充足・記載なしの事業者は「失格候補」、必須要件に一部充足がある事業者は「要判断」（委員の判断が必要）。"
                f"判定ごとの得点率：充足{r.status_points.met:g}・一部{r.status_points.partial:g}・不充足{r.status_points.unmet:g}・記載なし{r.status_points.missing:g}。")
    ws["A3"].font = Font(name=FONT, size=9)
    headers = ["順位", "事業者", "必須判定", "失格候補の理由／要判断の項目", "技術点", "入札価格（円）", "価格点" if r.method == "add" else "—", "総合評価点" if r.method == "add" else "評価値"]
    header_row(ws, 5, headers, [6, 24, 10, 70, 9, 14, 9, 12])
    for i, v in enumerate(sorted(ev.vendors, key=lambda v: (v.rank is None, v.rank or 0, v.vendor)), 6):
        reasons = "\n".join(v.gate_reasons or v.pending)
        vals = [v.rank if v.rank else "—", v.vendor, v.gate, reasons, v.tech_score, v.price, v.price_points if r.method == "add" else None, v.total]
        for c, val in enumerate(vals, 1):
            cell = ws.cell(row=i, column=c, value=safe_cell(val))
            cell.font = Font(name=FONT, size=10, bold=(c == 3))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BORDER
        ws.cell(row=i, column=3).fill = PatternFill("solid", fgColor={"合格": "C6EFCE", "要判断": "FFEB9C", "失格候補": "F8CBAD"}[v.gate])
        ws.cell(row=i, column=6).number_format = "#,##0"
        fit_row_height(ws, i)
    last = 5 + len(ev.vendors)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "事業者別 技術点"
    chart.y_axis.title = "技術点"
    chart.add_data(Reference(ws, min_col=5, min_row=5, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=6, max_row=last))
    chart.height, chart.width = 7, 16
    chart.legend = None
    ws.add_chart(chart, f"B{last + 3}")
    ws.freeze_panes = "A6"
    landscape_fit(ws, 5)


def _decisions(ws, ev: Evaluation) -> None:
    _title(ws, "要件ごとの判定（ツールの提案と委員の判断）",
           "黄色の欄（委員判定・判断理由・委員名）に記入し、`specgen compare --overrides このファイル` で再計算します。ツールの提案は上書きされず残ります。")
    header_row(ws, HEADER_ROW, DECISION_HEADERS, [10, 8, 6, 40, 18, 9, 40, 18, 10, 36, 12, 9, 7])
    dv = DataValidation(type="list", formula1='"充足,一部,不充足,記載なし"', allow_blank=True, showErrorMessage=True,
                        error="充足・一部・不充足・記載なし から選択してください。")
    ws.add_data_validation(dv)
    row = HEADER_ROW + 1
    sp = ev.rules.status_points.model_dump()
    for item_i, item in enumerate(ev.items):
        for v in ev.vendors:
            c = v.cells[item_i]
            vals = [item.id, "必須" if item.mandatory else "任意", item.weight, item.text, v.vendor, STATUS_JA[c.proposal],
                    c.proposal_reason, ", ".join(c.flags), STATUS_JA[c.override.status] if c.override else None,
                    c.override.reason if c.override else None, c.override.member if c.override else None,
                    STATUS_JA[c.decided], round(c.weight * sp[c.decided], 2)]
            for col, val in enumerate(vals, 1):
                cell = ws.cell(row=row, column=col, value=safe_cell(val, 600))
                cell.font = Font(name=FONT, size=9)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.border = BORDER
            ws.cell(row=row, column=6).fill = PatternFill("solid", fgColor=FILL[c.proposal])
            ws.cell(row=row, column=12).fill = PatternFill("solid", fgColor=FILL[c.decided])
            for col in (9, 10, 11):
                ws.cell(row=row, column=col).fill = INPUT_FILL
            fit_row_height(ws, row)
            row += 1
    if row > HEADER_ROW + 1:
        dv.add(f"I{HEADER_ROW + 1}:I{row - 1}")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=6)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(DECISION_HEADERS))}{max(row - 1, HEADER_ROW + 1)}"
    landscape_fit(ws, HEADER_ROW)


def _heatmap(ws, ev: Evaluation) -> None:
    _title(ws, "判定ヒートマップ（採用判定）", "緑＝充足　黄＝一部　赤＝不充足　灰＝記載なし。委員判断がある箇所は太字。")
    header_row(ws, HEADER_ROW, ["要件番号", "必須/任意", "要件"] + [v.vendor for v in ev.vendors], [10, 8, 50] + [14] * len(ev.vendors))
    for r, item in enumerate(ev.items, HEADER_ROW + 1):
        ws.cell(row=r, column=1, value=safe_cell(item.id))
        ws.cell(row=r, column=2, value="必須" if item.mandatory else "任意")
        ws.cell(row=r, column=3, value=safe_cell(item.text, 300)).alignment = Alignment(wrap_text=True, vertical="top")
        for c, v in enumerate(ev.vendors, 4):
            cell = v.cells[r - HEADER_ROW - 1]
            x = ws.cell(row=r, column=c, value=STATUS_JA[cell.decided])
            x.fill = PatternFill("solid", fgColor=FILL[cell.decided])
            x.font = Font(name=FONT, size=9, bold=cell.override is not None)
            x.alignment = Alignment(horizontal="center", vertical="top")
        fit_row_height(ws, r, max_lines=4)
    ws.freeze_panes = "D5"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(3 + len(ev.vendors))}{HEADER_ROW + len(ev.items)}"


def _audit(ws, audit: list[tuple[str, str]]) -> None:
    _title(ws, "監査記録", "住民監査請求・情報公開請求に備え、評価に用いたツール・データ・入力ファイルを記録します。")
    header_row(ws, HEADER_ROW, ["項目", "内容"], [28, 110])
    for r, (k, v) in enumerate(audit, HEADER_ROW + 1):
        ws.cell(row=r, column=1, value=safe_cell(k)).font = Font(name=FONT, bold=True)
        ws.cell(row=r, column=2, value=safe_cell(v)).alignment = Alignment(wrap_text=True)


def read_overrides(path: Path) -> dict[tuple[str, str], Override]:
    """Members' decisions from a workbook written by `specgen compare` (sheet 判定), validated cell by cell."""
    from ..safety import sniff
    from ..scoring import open_workbook

    path = Path(path)
    sniff(path)
    wb = open_workbook(path)
    if DECISION_SHEET not in wb.sheetnames:
        raise InputFileError(f"{path.name}: シート「{DECISION_SHEET}」がありません。specgen compare が出力した評価ワークブックを指定してください / no '{DECISION_SHEET}' sheet")
    ws = wb[DECISION_SHEET]
    header_row, cols = None, {}
    for r in range(1, 15):
        labels = [str(c.value).strip() if c.value is not None else "" for c in ws[r]]
        if "委員判定" in labels and "要件番号" in labels and "事業者" in labels:
            header_row = r
            cols = {name: labels.index(name) for name in ("要件番号", "事業者", "委員判定", "判断理由", "委員名") if name in labels}
            break
    if header_row is None or "判断理由" not in cols:
        raise InputFileError(f"{path.name}: シート「{DECISION_SHEET}」に見出し（要件番号・事業者・委員判定・判断理由）がありません / header row not found")
    out: dict[tuple[str, str], Override] = {}
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        get = lambda name: ("" if cols.get(name) is None or cols[name] >= len(row) or row[cols[name]] is None else str(row[cols[name]]).strip())  # noqa: E731
        decision = get("委員判定")
        if not decision:
            continue
        col_letter = get_column_letter(cols["委員判定"] + 1)
        where = f"{path.name} {DECISION_SHEET}!{col_letter}{r}"
        status = parse_status(decision, where)
        reason = get("判断理由")
        if not reason:
            raise InputFileError(f"{path.name} {DECISION_SHEET}!{get_column_letter(cols['判断理由'] + 1)}{r}: 委員判定には判断理由が必要です / an override needs a reason")
        key = (get("事業者"), get("要件番号"))
        if not all(key):
            raise InputFileError(f"{where}: 事業者・要件番号が空です / vendor and requirement id are required")
        out[key] = Override(status, reason, get("委員名"), where)
    return out
