"""Tiny workbooks and documents built in code, one per layout variant."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from openpyxl import Workbook

SPEC_ROWS = [
    ("1", "データ", "生成AIに入力した情報が学習に利用されないこと。"),
    ("2", "データ", "入力データ及び出力データは日本国内のデータセンターにのみ保存すること。"),
    ("3", "事業者", "ISMAPクラウドサービスリストに登録されたサービスであること。"),
    ("4", "契約", "契約の準拠法は日本法とし、管轄裁判所は日本国内の裁判所とすること。"),
    ("5", "機能", "管理者がアカウントごとの利用状況を確認し、CSV等でダウンロードできること。"),
    ("6", "機能", "どのアカウントが、いつ、どのような操作を行ったか履歴を確認できること。"),
]


def spec_xlsx(path: Path, title_rows: int = 3, merged_category: bool = True, mandatory: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.cell(row=i + 1, column=1, value="要件一覧（テスト市）" if i == 0 else None)
    header = ["No.", "分類", "要件内容"] + (["必須／任意"] if mandatory else [])
    ws.append(header)
    first = ws.max_row + 1
    for rid, cat, text in SPEC_ROWS:
        ws.append([rid, cat, text] + (["必須" if rid != "6" else "任意"] if mandatory else []))
    if merged_category:
        ws.merge_cells(start_row=first, end_row=first + 1, start_column=2, end_column=2)
    wb.save(path)
    return path


def answer_xlsx(path: Path, rows: list[tuple], headers=("No.", "要件内容", "対応可否", "備考"), sheets: int = 1,
                notes_sheet: bool = False, vendor: str | None = "テスト株式会社") -> Path:
    wb = Workbook()
    first = wb.active
    if notes_sheet:
        first.title = "前提条件"
        first["A1"] = "前提条件：価格は別紙のとおり。"
    per = -(-len(rows) // sheets)
    for s in range(sheets):
        ws = first if (s == 0 and not notes_sheet) else wb.create_sheet(f"回答{s + 1}")
        if vendor:
            ws["A1"] = "事業者名"
            ws["B1"] = vendor
        ws.append([])
        ws.append(list(headers))
        for r in rows[s * per:(s + 1) * per]:
            ws.append(list(r))
    wb.save(path)
    return path


def proposal_docx(path: Path, paragraphs: list[str], heading: str = "提案書") -> Path:
    d = Document()
    d.add_heading(heading, level=1)
    d.add_paragraph("提案者：株式会社ドキュメント")
    for p in paragraphs:
        if p.startswith("#"):
            d.add_heading(p.lstrip("# "), level=2)
        else:
            d.add_paragraph(p)
    d.save(str(path))
    return path
