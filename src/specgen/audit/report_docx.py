"""audit.docx: a review memo an officer can attach to an internal approval (起案): 件名, date in 令和, purpose,
conditions, summary, the findings as a table, and what to do next. Japanese fonts as in the generated spec."""

from __future__ import annotations

import datetime as dt
import io

from specgen.profile.project import japanese_date

from .labels import KIND_JA, SEVERITY_JA, conditions, summary_line
from .model import KINDS, AuditResult

COLUMNS = (("No.", 1.0), ("重要度", 1.4), ("種別", 2.2), ("記載箇所", 4.2), ("指摘", 9.0), ("対応案", 7.9))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def build_docx(r: AuditResult, today: dt.date | None = None) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from specgen.writers.docx_fonts import GOTHIC, MINCHO, set_fonts

    today = today or dt.date.today()
    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.0))
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    set_fonts(d.styles["Normal"], "Century", MINCHO, 10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        set_fonts(d.styles[name], "Arial", GOTHIC)
    d.styles["Title"].font.size = Pt(16)
    d.styles["Heading 1"].font.size = Pt(12)

    subject = f"{r.spec.title or r.spec.source.rsplit('/', 1)[-1]}に係る仕様書の点検結果について"
    p = d.add_paragraph(japanese_date(today))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("【内部資料】起案添付用").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph(subject, style="Title")
    d.add_heading("1　趣旨", level=1)
    d.add_paragraph("前年度等の仕様書を再使用するに当たり、取り扱う情報の格付及びサービス種別に応じて求められる条項（地方公共団体における情報セキュリティ"
                    "ポリシーに関するガイドライン 8.3、LINEガイドライン、生成AIの調達に関する資料等に基づく条項ライブラリ）と照合し、欠落・弱い記載・"
                    "記載上の改善点を点検したので報告する。")
    d.add_heading("2　点検の条件", level=1)
    _table(d, ["項目", "内容"], [list(x) for x in conditions(r)], [6.0, 19.0])
    d.add_heading("3　結果の概要", level=1)
    d.add_paragraph(summary_line(r) + "。")
    counts = [[KIND_JA[k], str(sum(1 for f in r.findings if f.kind == k)), str(sum(1 for f in r.findings if f.kind == k and f.severity == "high"))]
              for k in KINDS]
    _table(d, ["種別", "件数", "うち重要度「高」"], counts, [6.0, 3.0, 4.0])
    d.add_paragraph("「高」：作成できない組合せ、必須条項の欠落、条項より弱い義務・数値。発出前に修正が必要。「中」「低」：修正を検討。「参考」：記録のみ。")
    d.add_heading("4　指摘事項", level=1)
    listed = [f for f in r.findings if f.severity in ("high", "medium")]
    rest = [f for f in r.findings if f.severity == "low"]
    d.add_paragraph(f"重要度「高」「中」の {len(listed)} 件を次に示す（No. は audit.xlsx の No.。条項の全文と出典は audit.xlsx を参照）。"
                    + (f"重要度「低」の {len(rest)} 件は audit.xlsx に記載している。" if rest else ""))
    number = {id(f): n for n, f in enumerate(r.findings, 1)}
    rows = []
    for f in listed:
        what = f.summary + (f"（{f.requirement_id}）" if f.requirement_id else "")
        if f.detail and f.kind != "refused":
            what += "。" + _clip(f.detail, 90)
        if f.city_text:
            what += f"　記載：「{_clip(f.city_text, 60)}」"
        if f.kind == "missing":
            fix = f"条項の文言を追加する：「{_clip(f.suggestion, 60)}」"
        elif f.kind == "weaker":
            fix = f"条項の文言に改める：「{_clip(f.suggestion, 60)}」"
        else:
            fix = _clip(f.suggestion, 100)
        rows.append([str(number[id(f)]), SEVERITY_JA[f.severity], KIND_JA[f.kind], f.city_where or "—", what, fix or "—"])
    if rows:
        _table(d, [c for c, _ in COLUMNS], rows, [w for _, w in COLUMNS], size=8.5)
    else:
        d.add_paragraph("重要度「高」「中」の指摘はない。")
    extras = [f for f in r.findings if f.kind == "extra"]
    if extras:
        d.add_paragraph(f"このほか、条項ライブラリに対応する条項のない要件が {len(extras)} 件ある（本市独自の要件として記録。audit.xlsx 参照）。")
    d.add_heading("5　今後の対応", level=1)
    d.add_paragraph("重要度「高」の指摘を修正した上で仕様書を確定し、修正後の仕様書により再度点検を行う。詳細は audit.xlsx（指摘ごとの文案・出典）を参照のこと。")
    props = d.core_properties
    props.title = subject[:255]
    props.subject = "specgen audit"
    props.created = dt.datetime.now()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _table(d, headers: list[str], rows: list[list[str]], widths_cm: list[float], size: float = 9.5) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    t = d.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.autofit = False
    for col, w in zip(t.columns, widths_cm):  # the grid (LibreOffice reads it) as well as each cell (Word does)
        col.width = Cm(w)
    for c, h in enumerate(headers):
        cell = t.rows[0].cells[c]
        cell.text = h
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.size = Pt(size)
        shade = OxmlElement("w:shd")
        shade.set(qn("w:fill"), "D9E2F3")
        shade.set(qn("w:val"), "clear")
        cell._tc.get_or_add_tcPr().append(shade)
    header_pr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)  # the header row repeats on every page
    for values in rows:
        cells = t.add_row().cells
        for c, v in enumerate(values):
            cells[c].text = v
            for run in cells[c].paragraphs[0].runs:
                run.font.size = Pt(size)
    for row in t.rows:
        for c, w in enumerate(widths_cm):
            row.cells[c].width = Cm(w)
