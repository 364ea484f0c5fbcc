"""The 質問書 as a Word letter to one vendor: date, addressee, the city, 件名, the numbered questions, 以上."""

from __future__ import annotations

import datetime as dt
import io

from .questions import VendorQuestions, wording
from .results import SpecInfo

MINCHO = "游明朝"
GOTHIC = "游ゴシック"


def _clean(text: str) -> str:
    from ..writers.cellsafe import xml_text

    return xml_text(text or "")


def _para(doc, text: str, align=None, size: float = 10.5, bold: bool = False, font: str = MINCHO):
    from ..writers.docx_fonts import set_fonts

    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    run = p.add_run(_clean(text))
    set_fonts(run, font, font, size)
    run.bold = bold
    return p


def _cell(cell, text: str, size: float = 9.5, bold: bool = False, font: str = MINCHO) -> None:
    from ..writers.docx_fonts import set_fonts

    lines = _clean(text).split("\n")
    p = cell.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            p = cell.add_paragraph()
        run = p.add_run(line)
        set_fonts(run, font, font, size)
        run.bold = bold


def _grid(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            e.set(qn(k), v)
        borders.append(e)
    table._tbl.tblPr.append(borders)


def questions_docx(vq: VendorQuestions, spec: SpecInfo | None = None, today: dt.date | None = None) -> bytes:
    """One vendor's 質問書 (.docx). Without a city or 件名 in the spec the letter is worded neutrally."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm

    from ..profile.project import japanese_date
    from ..writers.docx_fonts import set_fonts
    from ..writers.docx_tables import fix_widths, shade

    spec = spec or SpecInfo()
    letter = wording().letter
    doc = docx.Document()
    set_fonts(doc.styles["Normal"], MINCHO, MINCHO, 10.5)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(20)
    sec.top_margin = sec.bottom_margin = Mm(20)
    props = doc.core_properties
    props.title = _clean(f"質問書（{vq.vendor}）")[:255]
    props.author = _clean(spec.municipality or "specgen")[:255]
    _para(doc, japanese_date(today or dt.date.today()), WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, letter.to.format(vendor=vq.vendor))
    if spec.municipality:
        _para(doc, spec.municipality, WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "")
    _para(doc, letter.title, WD_ALIGN_PARAGRAPH.CENTER, 16, True, GOTHIC)
    if spec.title:
        _para(doc, f"件名：{spec.title}", WD_ALIGN_PARAGRAPH.CENTER, 10.5)
    _para(doc, "")
    intro = letter.intro_titled.format(title=spec.title) if spec.title else letter.intro_neutral
    _para(doc, "　" + intro)
    _para(doc, "記", WD_ALIGN_PARAGRAPH.CENTER)
    headers = ["No.", "要件番号", "質問", "回答"]
    widths = [Cm(1.2), Cm(1.8), Cm(9.0), Cm(5.0)]
    table = doc.add_table(rows=1 + len(vq.questions), cols=4)
    _grid(table)
    for c, h in enumerate(headers):
        _cell(table.rows[0].cells[c], h, 9.5, True, GOTHIC)
        shade(table.rows[0].cells[c], "D9E1F2")
    for i, q in enumerate(vq.questions, 1):
        row = table.rows[i].cells
        _cell(row[0], str(q.number))
        _cell(row[1], q.req_id + ("\n（必須）" if q.mandatory else ""))
        _cell(row[2], q.text)
    fix_widths(table, widths)
    _para(doc, "")
    _para(doc, letter.closing, WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
