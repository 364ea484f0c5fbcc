"""spec.docx: the 調達仕様書 as a Word document (A4, 明朝 body, ゴシック headings, page numbers)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..catalog.models import SERVICES
from ..spec.model import Requirement, Spec
from ..spec.wording import document_text
from .cellsafe import xml_text
from .docx_fonts import GOTHIC, MINCHO, set_fonts
from .docx_tables import shade

GREY = RGBColor(0x55, 0x55, 0x55)
GREY_HEX = "555555"
RED = RGBColor(0xC0, 0x00, 0x00)
AUDIENCES = ("vendor", "internal", "combined")


def _setup_styles(doc) -> None:
    styles = doc.styles
    set_fonts(styles["Normal"], "Century", MINCHO, 10.5)
    pf = styles["Normal"].paragraph_format
    pf.space_after = Pt(2)
    pf.line_spacing = 1.15
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10.5)):
        st = styles[name]
        set_fonts(st, "Arial", GOTHIC, size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.bold = True
        st.paragraph_format.space_before = Pt(10 if name == "Heading 1" else 6)
        st.paragraph_format.space_after = Pt(4)
    for name in ("Table Grid", "List Bullet"):
        if name in styles:
            set_fonts(styles[name], "Century", MINCHO)
    # Requirement blocks use their own paragraph styles: formatting each run directly dominated generation time.
    head = styles.add_style("ReqHead", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = styles["Normal"]
    set_fonts(head, "Arial", GOTHIC)
    head.font.bold = True
    head.paragraph_format.space_before = Pt(4)
    head.paragraph_format.keep_with_next = True
    body = styles.add_style("ReqBody", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = styles["Normal"]
    body.paragraph_format.left_indent = Mm(7)
    body.paragraph_format.keep_with_next = True
    src = styles.add_style("ReqSource", WD_STYLE_TYPE.PARAGRAPH)
    src.base_style = styles["Normal"]
    src.font.size = Pt(8)
    src.font.color.rgb = GREY
    src.paragraph_format.left_indent = Mm(7)


def _run(text: str, bold: bool = False, size: float | None = None, color: str | None = None):
    """A w:r built directly (python-docx's run.text adds one character at a time and dominated generation time)."""
    r = OxmlElement("w:r")
    if bold or size or color:
        rpr = OxmlElement("w:rPr")  # children in schema order: b, color, sz
        if bold:
            rpr.append(OxmlElement("w:b"))
        if color:
            rpr.append(OxmlElement("w:color", {qn("w:val"): color}))
        if size:
            rpr.append(OxmlElement("w:sz", {qn("w:val"): str(int(size * 2))}))
        r.append(rpr)
    t = OxmlElement("w:t", {qn("xml:space"): "preserve"})
    t.text = xml_text(text)
    r.append(t)
    return r


def _para(doc, text: str = "", style_id: str | None = None, runs: tuple = ()):
    """Append a paragraph (style by id; python-docx's lookup by name scans every style) before the section properties.

    runs: extra (text, bold, size, color) tuples after `text`."""
    p = OxmlElement("w:p")
    if style_id:
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
        p.append(ppr)
    if text:
        p.append(_run(text))
    for args in runs:
        p.append(_run(*args))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(p)
    else:
        body.append(p)
    return p


def _field(paragraph, instr: str) -> None:
    """Insert a complex field (e.g. PAGE) so Word and LibreOffice compute it."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _page_setup(doc, title: str, municipality: str, banner: str | None = None) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(25)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(22)
    hp = sec.header.paragraphs[0]
    # one line at 8pt: long titles are cut, the internal marker always shows
    short = title if len(title) <= 28 else title[:27] + "…"
    hp.text = f"{municipality}　{short}　仕様書" + ("（内部検討用）【内部資料】" if banner else "")
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in hp.runs:
        set_fonts(r, "Century", MINCHO, 8)
        r.font.color.rgb = GREY
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("－ ")
    _field(fp, "PAGE")
    fp.add_run(" －")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], size: float = 9) -> None:
    """A grid table with a shaded, repeating header row.

    Data rows are deep copies of one formatted template row: python-docx's per-cell API is
    quadratic in table size and dominated generation time.
    """
    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # LibreOffice lays out by w:tblGrid, Word by cell widths: set both.
    for col, w in zip(table._tbl.tblGrid.gridCol_lst, widths_mm):
        col.w = Mm(w)
    for row in table.rows:
        for i, w in enumerate(widths_mm):
            row.cells[i].width = Mm(w)
    for i, h in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = h
        shade(cell, "D9E2F3")
        for r in cell.paragraphs[0].runs:
            r.font.bold = True
            set_fonts(r, "Arial", GOTHIC, size)
    _repeat_header(table.rows[0])
    template = table.rows[1]._tr
    for cell in table.rows[1].cells:
        run = cell.paragraphs[0].add_run("x")
        run.font.size = Pt(size)
        run._r.t_lst[0].set(qn("xml:space"), "preserve")
    tbl = table._tbl
    for values in rows:
        tr = copy.deepcopy(template)
        for t, value in zip(tr.iter(qn("w:t")), values):
            t.text = xml_text(value)
        tbl.append(tr)
    tbl.remove(template)


def _requirement(doc, r: Requirement, n: int, internal: bool) -> None:
    _para(doc, f"（{n}）{r.title}", "ReqHead", ((f"　[{r.id}]　{'【必須】' if r.mandatory else '【任意】'}", False, 9),))
    _para(doc, r.text, "ReqBody")
    _para(doc, "出典：" + r.cite(notes=internal), "ReqSource")


def _prop(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _core_properties(doc, spec: Spec, title: str, municipality: str, audience: str) -> None:
    """Title, author and dates of the document itself (python-docx's template says 2013 and python-docx)."""
    when = dt.datetime.fromisoformat(spec.generated_at).astimezone(dt.timezone.utc).replace(tzinfo=None)
    cp = doc.core_properties
    # Word's document properties hold at most 255 characters; the full 件名 stays in the document body
    cp.title = _prop(f"{title} {document_text()['titles'][audience if audience == 'internal' else 'vendor']}")
    cp.subject = _prop(f"{SERVICES[spec.inputs.service]}（{spec.extra['class_label']}）")
    cp.author = _prop(municipality)
    cp.last_modified_by = _prop(municipality)
    cp.created = cp.modified = when
    cp.revision = 1
    cp.language = "ja-JP"
    cp.keywords = "調達仕様書"
    cp.category = "内部資料" if audience == "internal" else "調達仕様書"
    cp.comments = f"specgen {spec.tool_version}; clause library {spec.library_version}"


def build_docx(spec: Spec, path: Path, audience: str = "vendor") -> None:
    """Write the 調達仕様書. audience: vendor (to bidders), internal (with 発注者側 notes and the rationale),
    combined (one document with everything, the pre-split form)."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    internal = audience != "vendor"
    doc = Document()
    _setup_styles(doc)
    title = str(spec.extra["title"])
    municipality = str(spec.project["municipality"])
    _page_setup(doc, title, municipality, document_text()["titles"]["internal_banner"] if audience == "internal" else None)

    if audience == "internal":
        banner = doc.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = banner.add_run(document_text()["titles"]["internal_banner"])
        run.bold = True
        run.font.color.rgb = RED
        set_fonts(run, "Arial", GOTHIC, 10)
    t = doc.add_paragraph(_spaced(document_text()["titles"]["internal" if audience == "internal" else "vendor"]), style="Title")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(title)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in sub.runs:
        set_fonts(r, "Arial", GOTHIC, 13)
    dept = spec.project.get("department")
    org = doc.add_paragraph(f"{municipality}{'　' + str(dept) if dept else ''}")
    org.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    inp = spec.inputs
    _table(
        doc,
        ["項目", "内容"],
        [
            ["取り扱う情報の格付", spec.extra["class_label"]],
            ["サービス種別", SERVICES[inp.service]],
            ["個人情報の取扱い", "あり" if inp.personal_data else "なし"],
            ["約款型サービス", "はい" if inp.terms_of_service else "いいえ（個別契約）"],
            ["要件数", f"{len(spec.requirements)}件（必須{sum(r.mandatory for r in spec.requirements)}件・任意{sum(not r.mandatory for r in spec.requirements)}件）"],
        ],
        [45, 115],
    )

    sec = 0

    def heading(text: str) -> None:
        nonlocal sec
        sec += 1
        _para(doc, f"{sec}　{text}", "Heading1")

    heading("件名")
    _para(doc, title)
    heading("目的")
    _para(doc, str(spec.extra["purpose"]))
    heading("履行期間")
    _para(doc, str(spec.extra["period"]))
    for section in spec.front:
        heading(section.title)
        for para in section.paragraphs:
            _para(doc, para)
    for key, chapter_title in spec.chapters.items():
        reqs = [r for r in spec.requirements if r.chapter == key]
        if not reqs:
            continue
        heading(chapter_title)
        for n, r in enumerate(reqs, 1):
            _requirement(doc, r, n, internal)
    for section in spec.back:
        heading(section.title)
        for para in section.paragraphs:
            _para(doc, para)
    if internal and spec.city_notes:
        heading(document_text()["sections"]["city_notes"])
        for r in spec.city_notes:
            _para(doc, "", None, ((f"{r.id}　{r.title}：", True), (r.text,), (f"（出典：{r.cite(notes=True)}）", False, 8, GREY_HEX)))

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, document_text()["sections"]["annex"], "Heading1")
    _para(doc, document_text()["annex_lead"])
    _table(
        doc,
        ["要件番号", "分類", "要件", "必須/任意"],
        [[r.id, r.category, r.text, "必須" if r.mandatory else "任意"] for r in spec.requirements],
        [18, 24, 98, 20],
        size=8.5,
    )

    if internal:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(doc, document_text()["sections"]["rationale"], "Heading1")
        _para(doc, document_text()["sections"]["rules"], "Heading2")
        for rule in spec.rules:
            _para(doc, rule, "ListBullet")
        _para(doc, document_text()["sections"]["checks"], "Heading2")
        for check in spec.checks or ["なし"]:
            _para(doc, check, "ListBullet")
        _para(doc, document_text()["sections"]["decisions"], "Heading2")
        _table(
            doc,
            ["条項", "題名", "判断", "理由", "出典"],
            [[d.clause_id, d.title, _verdict(d), d.reason, d.source] for d in spec.decisions],
            [21, 27, 21, 60, 31],
            size=7.5,
        )

    _para(doc, document_text()["sections"]["sources"], "Heading1" if not internal else "Heading2")
    _para(doc, document_text()["sources_lead"])
    for s in spec.sources:
        extra = ((f"（{s['via']}）", False, 8, GREY_HEX),) if s["via"] else ()
        if internal:
            extra += ((f"［略称：{s['short']}］", False, 8, GREY_HEX),)
        _para(doc, s["citation"], "ListBullet", extra)
    _core_properties(doc, spec, title, municipality, audience)
    doc.save(str(path))


def _verdict(d) -> str:
    if not d.included:
        return "不採用"
    return {"merged": f"統合 {d.requirement_id}", "city": f"留意事項 {d.requirement_id}",
            "scope": "前提"}.get(d.basis or "", f"採用 {d.requirement_id}")


def _spaced(text: str) -> str:
    """仕様書 → 仕　様　書 (the centred title of a Japanese spec); longer titles stay as they are."""
    return "　".join(text) if len(text) <= 4 else text
