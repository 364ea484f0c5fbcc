"""The committee's evaluation workbook (evaluation.xlsx): what each sheet shows and how it prints.

| sheet | for | print |
|---|---|---|
| 総括 | ranking, 必須 gate, 技術点, 入札価格 (yellow: may be entered here), 価格点, 総合, chart | A4 landscape |
| 内訳 | every reason behind 失格候補 / 要判断 | A4 landscape |
| 判定 | one row per requirement × vendor: the tool's proposal with its evidence and where it is, every member's recorded decision, and yellow cells for a new decision | A3 landscape |
| 委員判断 | every member's decision, agreements, disputes for the chair, entries not in force | A4 landscape |
| ヒートマップ | decided status per requirement × vendor | A4 landscape |
| 未適用の委員判断 | decisions whose requirement or vendor is not in this evaluation (kept, never dropped) | A4 landscape |
| 監査 | tools, rules, prices with their source, input files with SHA-256, time | A4 portrait |
| _specgen (very hidden) | the committee record (see ledger.py), the prices shown, when the workbook was written | — |

Every sheet prints one page wide with its header row repeated on each page. Every text from outside goes
through `cellsafe.put`; the hidden key column lets a row be matched however the visible names look.
"""

from __future__ import annotations

import json
import unicodedata

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..writers.cellsafe import put, safe_text
from ..writers.xlsx_style import BORDER, FONT, STATUS_FILL
from .evaluate import GATE_FILL, METHOD_JA, STATUS_JA, Evaluation
from .labels import flag_labels
from .ledger import Ledger, local_time

INPUT_FILL = "FFF2CC"
DISPUTE_FILL = "F4B084"
DECISION_SHEET = "判定"
SUMMARY_SHEET = "総括"
META_SHEET = "_specgen"
META_FORMAT = "specgen-evaluation/2"
HEADER_ROW = 4
SUMMARY_HEADER_ROW = 6
KEY_HEADER = "specgen_key"
DECISION_HEADERS = ["要件番号", "必須/任意", "配点", "要件", "事業者", "ツール判定", "ツールの理由", "フラグ", "根拠（場所）", "根拠（記載）",
                    "記録済みの委員判断", "委員判定", "判断理由", "委員名", "採用判定", "得点", KEY_HEADER]
DECISION_WIDTHS = [9, 6, 5, 32, 14, 7, 28, 16, 14, 30, 26, 8, 26, 10, 8, 6, 4]
STATE_JA = {"single": "採用", "agreed": "一致", "chair": "委員長裁定", "disputed": "要調整"}
MAX_LINES = 30
_HIDDEN = {"総括": ("I",), "判定": ("Q",)}  # key columns, hidden after the rows are written  # Excel rows are at most 409 pt high: about 30 lines of 9 pt text
CHUNK = 30_000


def style(cell, size: float = 9, bold: bool = False, color: str = "000000", fill: str | None = None, wrap: bool = True,
          halign: str | None = None, valign: str = "top", border: bool = True, number_format: str | None = None):
    """Apply a cell style; the style of each distinct combination is built once and then copied (openpyxl is slow
    when fonts, fills and alignments are assigned cell by cell)."""
    from copy import copy

    cache = cell.parent.parent.__dict__.setdefault("_specgen_styles", {})  # per workbook: indexes are the workbook's
    key = (size, bold, color, fill, wrap, halign, valign, border, number_format)
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy(cached)
        return cell
    cell.font = Font(name=FONT, size=size, bold=bold, color=color)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    cell.alignment = Alignment(wrap_text=wrap, horizontal=halign, vertical=valign)
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    cache[key] = copy(cell._style)
    return cell


def key_cell(vendor_key: str, req: str) -> str:
    """The hidden key of a 判定 row: JSON behind a 「#」, never formula-like, independent of the display."""
    return "#" + json.dumps([vendor_key, req], ensure_ascii=False)


def text_em(s: str) -> float:
    """Width of `s` in em: full-width (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55 for ch in s)


def _usable_pt(width: float) -> float:
    return max(6.0, 5.25 * width - 6)  # one column unit ≈ 7 px ≈ 5.25 pt; a few points of cell padding


def lines_needed(text: str, width: float, size: float) -> int:
    usable = _usable_pt(width)
    return sum(max(1, -(-int(text_em(part) * size * 100) // int(usable * 100))) for part in text.split("\n"))


def fit_height(ws, row: int, size: float = 9, max_lines: int = MAX_LINES, ncols: int = 40) -> None:
    """A row height that shows every line of its wrapped cells (LibreOffice does not grow rows on opening)."""
    lines = 1
    hidden = _HIDDEN.get(ws.title, ())
    for col in range(1, ncols + 1):
        cell = ws._cells.get((row, col))  # direct lookup: ws[row] would scan every cell of the sheet
        if cell is None or not isinstance(cell.value, str) or not cell.value:
            continue
        dim = ws.column_dimensions[cell.column_letter]
        if not dim.hidden and cell.column_letter not in hidden:
            lines = max(lines, lines_needed(cell.value, dim.width or 8.43, size))
    ws.row_dimensions[row].height = round(min(lines, max_lines) * size * 1.45 + 4, 1)


def fit_text(s: str, width: float, max_lines: int = MAX_LINES, size: float = 9) -> str:
    """`s` cut so that it fits `max_lines` lines of a column `width` wide (the cut is marked)."""
    if lines_needed(s, width, size) <= max_lines:
        return s
    lo, hi = 0, len(s)
    mark = "…（以下省略）"
    while lo < hi:  # the longest prefix that still fits, with the mark
        mid = (lo + hi + 1) // 2
        if lines_needed(s[:mid] + mark, width, size) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    return s[:lo].rstrip() + mark


def _title(ws, text: str, sub: str = "", note: str = "", width_cols: int = 8) -> None:
    style(put(ws, 1, 1, text, 300), size=14, bold=True, wrap=False, border=False)
    ws.row_dimensions[1].height = 24
    for r, t in ((2, sub), (3, note)):
        if t:
            style(put(ws, r, 1, t, 1000), border=False)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width_cols)


def fit_merged(ws, row: int, first: int, last: int, size: float = 9, max_lines: int = 8) -> None:
    """Height for a row whose text sits in a cell merged across columns first..last."""
    width = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) for c in range(first, last + 1))
    value = ws.cell(row=row, column=first).value
    if isinstance(value, str) and value:
        n = lines_needed(value, width, size)
        ws.row_dimensions[row].height = round(min(n, max_lines) * size * 1.45 + 4, 1)


def _fit_title(ws, width_cols: int, rows=(2, 3)) -> None:
    for r in rows:
        fit_merged(ws, r, 1, width_cols)


def _header(ws, row: int, headers: list[str], widths: list[float]) -> None:
    for c, (h, w) in enumerate(zip(headers, widths), 1):
        style(put(ws, row, c, h, 200), bold=True, color="FFFFFF", fill="1F4E79", halign="center", valign="center")
        ws.column_dimensions[get_column_letter(c)].width = w
    fit_height(ws, row, 9, 4)


def _print(ws, header_row: int, paper: str = "A4", landscape: bool = True, last_col: int | None = None) -> None:
    """One page wide, as many pages tall as needed, header rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "&A　&P / &N"
    ws.oddFooter.center.size = 8
    if last_col:
        ws.print_area = f"A1:{get_column_letter(last_col)}{max(ws.max_row, header_row)}"


def _row(ws, row: int, values: list, widths: list[float], size: float = 9, limits: dict[int, int] | None = None,
         fills: dict[int, str] | None = None) -> None:
    for c, val in enumerate(values, 1):
        if isinstance(val, str):
            val = fit_text(safe_text(val, (limits or {}).get(c, 2000)), widths[c - 1], MAX_LINES, size)
        style(put(ws, row, c, val), size=size, fill=(fills or {}).get(c))


def build_workbook(ev: Evaluation, audit: list[tuple[str, str]], path_or_none, title: str, ledger: Ledger | None = None,
                   generated: str = "", run_id: str = "") -> Workbook:
    """The workbook as an openpyxl object (saved to `path_or_none` when given, for older callers)."""
    wb = Workbook()
    _summary(wb.active, ev, title)
    _breakdown(wb.create_sheet("内訳"), ev)
    _decisions(wb.create_sheet(DECISION_SHEET), ev)
    if any(c.decision.members for v in ev.vendors for c in v.cells):
        _members(wb.create_sheet("委員判断"), ev)
    _heatmap(wb.create_sheet("ヒートマップ"), ev)
    if ev.unapplied:
        _unapplied(wb.create_sheet("未適用の委員判断"), ev)
    _audit(wb.create_sheet("監査"), audit)
    _meta(wb.create_sheet(META_SHEET), ev, ledger or Ledger(), generated, run_id)
    if path_or_none is not None:
        wb.save(str(path_or_none))
    return wb


def _summary(ws, ev: Evaluation, title: str) -> None:
    ws.title = SUMMARY_SHEET
    r = ev.rules
    method = (f"{METHOD_JA['add']}：総合評価点 = 技術点（満点{r.technical_max:g}）+ 価格点（満点{r.price_max:g} × 最低価格 ÷ 入札価格）"
              if r.method == "add" else
              f"{METHOD_JA['div']}：評価値 = （基礎点{r.basic_points:g} + 技術点（満点{r.technical_max:g}））÷ 入札価格（円）× 1,000,000")
    note = (f"必須要件が不充足・記載なしの事業者は「失格候補」、必須要件の一部充足や委員間で判断が分かれた項目がある事業者は「要判断」。"
            f"判定ごとの得点率：充足{r.status_points.met:g}・一部{r.status_points.partial:g}・不充足{r.status_points.unmet:g}・記載なし{r.status_points.missing:g}。"
            f"数値は小数第2位で四捨五入。入札価格（黄色の欄）はこのシートに入力することもできます。")
    _title(ws, f"評価総括　{title}", method, note)
    status = _status_line(ev)
    style(put(ws, 4, 1, status, 1000), size=10, bold=True, color="000000" if ev.final else "C00000", border=False)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=8)
    headers = ["順位", "事業者", "必須判定", "失格候補の理由／要判断の項目", "技術点", "入札価格（円）",
               "価格点" if r.method == "add" else "—", "総合評価点" if r.method == "add" else "評価値", KEY_HEADER]
    widths = [7, 24, 9, 62, 8, 15, 8, 11, 4]
    _header(ws, SUMMARY_HEADER_ROW, headers, widths)
    _fit_title(ws, 8)
    fit_merged(ws, 4, 1, 8, 10)
    row = SUMMARY_HEADER_ROW
    for v in sorted(ev.vendors, key=lambda v: (v.rank or v.provisional_rank or 10**6, v.vendor)):
        row += 1
        items = v.gate_reasons + v.pending
        shown = items[:5]
        reasons = "\n".join(fit_text(x, 62, 3, 10) for x in shown)
        if len(items) > len(shown):
            reasons += f"\n…ほか {len(items) - len(shown)} 件（「内訳」シート）"
        vals = [v.rank_label, v.vendor, v.gate, reasons, v.tech_score, v.price, v.price_points if r.method == "add" else None, v.total, "#" + json.dumps(v.key, ensure_ascii=False)]
        for col, val in enumerate(vals, 1):
            style(put(ws, row, col, val, 4000), size=10, bold=(col == 3), fill={3: GATE_FILL[v.gate], 6: INPUT_FILL}.get(col),
                  number_format="#,##0" if col == 6 else "0.00" if col in (5, 7, 8) else None)
        fit_height(ws, row, 10)
    ws.column_dimensions["I"].hidden = True
    last = row
    notes = _summary_notes(ev)
    for n in notes:
        row += 1
        style(put(ws, row, 2, "※ " + n, 1000), border=False)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=8)
        fit_merged(ws, row, 2, 8)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "事業者別 技術点"
    chart.y_axis.title = "技術点"
    chart.add_data(Reference(ws, min_col=5, min_row=SUMMARY_HEADER_ROW, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=SUMMARY_HEADER_ROW + 1, max_row=last))
    chart.height, chart.width = 3 + 1.2 * len(ev.vendors), 18
    chart.legend = None
    ws.add_chart(chart, f"B{row + 2}")
    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=row + 1))  # the chart starts a page of its own rather than being cut in two
    ws.freeze_panes = ws.cell(row=SUMMARY_HEADER_ROW + 1, column=1)
    _print(ws, SUMMARY_HEADER_ROW, last_col=8)
    ws.print_area = f"A1:H{row + 2 + int(chart.height * 2.2)}"


def _status_line(ev: Evaluation) -> str:
    if ev.final:
        return "順位：確定（全事業者の入札価格と委員の判断がそろっています）。" + (f"同点：{'、'.join(ev.ties)}。" if ev.ties else "")
    why = []
    if ev.missing_prices:
        why.append(f"入札価格が未入力の事業者があります（{'、'.join(ev.missing_prices)}）")
    pending = [v.vendor for v in ev.vendors if v.gate == "要判断"]
    if pending:
        why.append(f"要判断の事業者があります（{'、'.join(pending)}）")
    head = "順位：暫定（技術点の順）" if ev.missing_prices else "順位：暫定"
    return f"{head}。{'。'.join(why)}。"


def _summary_notes(ev: Evaluation) -> list[str]:
    notes = list(ev.price_warnings)
    if ev.disputes:
        notes.append(f"委員間で判断が分かれている項目が {len(ev.disputes)} 件あります（「委員判断」シートの要調整）。委員長の判断で確定します。")
    if ev.ties:
        notes.append(f"総合評価が同点の事業者があります（{'、'.join(ev.ties)}）。")
    return notes


def _breakdown(ws, ev: Evaluation) -> None:
    _title(ws, "失格候補・要判断の内訳", "必須判定の理由を事業者ごとにすべて示します。", width_cols=6)
    widths = [22, 10, 9, 40, 8, 60]
    _header(ws, HEADER_ROW, ["事業者", "区分", "要件番号", "要件", "判定", "理由"], widths)
    _fit_title(ws, 6)
    row = HEADER_ROW
    texts = {i.id: i.text for i in ev.items}
    for v in ev.vendors:
        for kind, cells in (("失格候補", [c for c in v.cells if c.mandatory and not c.disputed and c.decided in ("unmet", "missing")]),
                            ("要判断", [c for c in v.cells if c.disputed or (c.mandatory and c.decided == "partial")])):
            for c in cells:
                row += 1
                label = "要調整" if c.disputed else STATUS_JA[c.decided]
                reason = "委員間で判断が分かれています：" + "、".join(f"{m.member} {STATUS_JA[m.status]}（{m.reason}）" for m in c.decision.members) if c.disputed else c.reason
                _row(ws, row, [v.vendor, kind, c.req_id, texts.get(c.req_id, ""), label, reason], widths,
                     fills={5: DISPUTE_FILL if c.disputed else STATUS_FILL[c.decided]})
                fit_height(ws, row)
    if row == HEADER_ROW:
        style(put(ws, row + 1, 1, "失格候補・要判断の事業者はありません。"), size=10, wrap=False, border=False)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:F{max(row, HEADER_ROW + 1)}"
    _print(ws, HEADER_ROW)


def _member_lines(c) -> str:
    lines = []
    for m in c.decision.members:
        lines.append(f"{m.member}：{STATUS_JA[m.status]}（{m.reason}）")
    if c.decision.state in STATE_JA and c.decision.members:
        lines.append(f"→ {STATE_JA[c.decision.state]}")
    return "\n".join(lines)


def _decisions(ws, ev: Evaluation) -> None:
    _title(ws, "要件ごとの判定（ツールの提案と委員の判断）",
           "黄色の欄（委員判定・判断理由・委員名）に記入して、このファイルを事務局へ返してください。委員判定は 充足・一部・不充足・記載なし から選びます"
           "（自分の判断を取り消すときは 取消）。ツールの提案、これまでの委員の判断（記録済みの委員判断）は消えずに残ります。",
           "根拠（場所）は回答書のシート!セル、又は提案書の段落・表の位置です。採用判定は委員の判断があればそれを、なければツールの提案を示します。",
           width_cols=16)
    widths = DECISION_WIDTHS
    _header(ws, HEADER_ROW, DECISION_HEADERS, widths)
    _fit_title(ws, 16)
    dv = DataValidation(type="list", formula1='"充足,一部,不充足,記載なし,取消"', allow_blank=True, showErrorMessage=True,
                        errorTitle="委員判定", error="充足・一部・不充足・記載なし・取消 から選択してください。")
    ws.add_data_validation(dv)
    row = HEADER_ROW
    sp = ev.rules.status_points.model_dump()
    for item_i, item in enumerate(ev.items):
        for v in ev.vendors:
            c = v.cells[item_i]
            row += 1
            where = "\n".join(str(e.get("where", "")) for e in c.evidence[:3])
            quoted = "\n".join(str(e.get("text", ""))[:160] for e in c.evidence[:2])
            decided = "要調整" if c.disputed else STATUS_JA[c.decided]
            vals = [item.id, "必須" if item.mandatory else "任意", item.weight, item.text, v.vendor, STATUS_JA[c.proposal],
                    c.proposal_reason, flag_labels(c.flags) + ("\n（要確認）" if c.needs_review and "needs_review" not in c.flags else ""),
                    where, quoted, _member_lines(c), None, None, None, decided, round(c.weight * sp[c.decided], 2)]
            _row(ws, row, vals, widths, fills={6: STATUS_FILL[c.proposal], 12: INPUT_FILL, 13: INPUT_FILL, 14: INPUT_FILL,
                                               15: DISPUTE_FILL if c.disputed else STATUS_FILL[c.decided]})
            put(ws, row, 17, key_cell(v.key, item.id))
            fit_height(ws, row)
    if row > HEADER_ROW:
        dv.add(f"L{HEADER_ROW + 1}:L{row}")
    ws.column_dimensions["Q"].hidden = True
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=6)
    ws.auto_filter.ref = f"A{HEADER_ROW}:P{max(row, HEADER_ROW + 1)}"
    _print(ws, HEADER_ROW, paper="A3", last_col=16)


def _members(ws, ev: Evaluation) -> None:
    _title(ws, "委員ごとの判断", "記録されたすべての委員判断です。要調整＝委員間で判断が分かれ、委員長の判断（--chair で指定した委員の判断）がまだない項目。",
           width_cols=9)
    widths = [18, 9, 30, 8, 12, 8, 44, 10, 22]
    _header(ws, HEADER_ROW, ["事業者", "要件番号", "要件", "ツール判定", "委員名", "委員判定", "判断理由", "状態", "記録元・日時"], widths)
    _fit_title(ws, 9)
    texts = {i.id: i.text for i in ev.items}
    row = HEADER_ROW
    for v in ev.vendors:
        for c in v.cells:
            for m in c.decision.members:
                row += 1
                state = STATE_JA.get(c.decision.state, "")
                if c.decision.state == "chair" and m.status != c.decision.adopted:
                    state = "不採用（委員長裁定）"
                _row(ws, row, [v.vendor, c.req_id, texts.get(c.req_id, ""), STATUS_JA[c.proposal], m.member, STATUS_JA[m.status], m.reason,
                               state, f"{m.source}\n{local_time(m.at)}"], widths, fills={8: DISPUTE_FILL} if c.disputed else None)
                fit_height(ws, row)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:I{max(row, HEADER_ROW + 1)}"
    _print(ws, HEADER_ROW)


def _heatmap(ws, ev: Evaluation) -> None:
    n = len(ev.vendors)
    _title(ws, "判定ヒートマップ（採用判定）", "緑＝充足　黄＝一部　赤＝不充足　灰＝記載なし　橙＝要調整。委員の判断による箇所は太字。",
           width_cols=3 + n)
    widths = [9, 6, 44] + [11] * n
    _header(ws, HEADER_ROW, ["要件番号", "必須/任意", "要件"] + [v.vendor for v in ev.vendors], widths)
    _fit_title(ws, 3 + n)
    for r, item in enumerate(ev.items, HEADER_ROW + 1):
        _row(ws, r, [item.id, "必須" if item.mandatory else "任意", fit_text(item.text, 44, 3)], widths)
        for c_i, v in enumerate(ev.vendors, 4):
            cell = v.cells[r - HEADER_ROW - 1]
            style(put(ws, r, c_i, "要調整" if cell.disputed else STATUS_JA[cell.decided]), bold=cell.decided_by_members,
                  fill=DISPUTE_FILL if cell.disputed else STATUS_FILL[cell.decided], halign="center")
        fit_height(ws, r)
    ws.freeze_panes = "D5"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(3 + n)}{HEADER_ROW + max(1, len(ev.items))}"
    _print(ws, HEADER_ROW, last_col=3 + n)


def _unapplied(ws, ev: Evaluation) -> None:
    _title(ws, "未適用の委員判断", "今回の評価に該当する要件・事業者がない委員判断です。削除せず保存しています（要件番号や事業者名が変わった場合は、新しい行に判断を入力し直してください）。",
           width_cols=6)
    widths = [22, 10, 12, 9, 50, 24]
    _header(ws, HEADER_ROW, ["事業者", "要件番号", "委員名", "委員判定", "判断理由", "記録元"], widths)
    _fit_title(ws, 6)
    row = HEADER_ROW
    for vendor, _vk, rid, d in ev.unapplied:
        for m in d.members:
            row += 1
            _row(ws, row, [vendor, rid, m.member, STATUS_JA[m.status], m.reason, m.source], widths)
            fit_height(ws, row)
    _print(ws, HEADER_ROW)


def _audit(ws, audit: list[tuple[str, str]]) -> None:
    _title(ws, "監査記録", "住民監査請求・情報公開請求に備え、評価に用いたツール・規則・入力ファイル・入札価格の出所を記録します。", width_cols=2)
    widths = [24, 72]
    _header(ws, HEADER_ROW, ["項目", "内容"], widths)
    _fit_title(ws, 2)
    for r, (k, v) in enumerate(audit, HEADER_ROW + 1):
        _row(ws, r, [k, v], widths, limits={2: 4000})
        style(ws.cell(row=r, column=1), bold=True)
        fit_height(ws, r)
    _print(ws, HEADER_ROW, landscape=False, last_col=2)


def _meta(ws, ev: Evaluation, ledger: Ledger, generated: str, run_id: str) -> None:
    ws.sheet_state = "veryHidden"
    prices = {v.key: v.price for v in ev.vendors if v.price}
    rows = [("format", META_FORMAT), ("generated", generated), ("run", run_id),
            ("prices_shown", json.dumps(prices, ensure_ascii=False))]
    events = json.dumps([e.to_dict() for e in ledger.events], ensure_ascii=False)
    rows += [("events", "j:" + events[i:i + CHUNK]) for i in range(0, len(events), CHUNK)]
    for r, (k, v) in enumerate(rows, 1):
        put(ws, r, 1, k)
        cell = ws.cell(row=r, column=2)
        cell.value = v  # our own JSON, or a chunk of it behind 「j:」: never formula-like
        cell.data_type = "s"
