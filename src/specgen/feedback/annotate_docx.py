"""An annotated copy of a vendor's Word proposal: a Word comment on every evidence paragraph or table cell, the
deciding phrases highlighted, and a summary table at the start.

The copy is built from the bytes of the original (a .docm is read without its macros and written as .docx). Runs
are split only where they hold nothing but text, so the vendor's formatting stays on every piece; a run holding
tabs, breaks, fields or drawings is highlighted whole instead of being split.
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
import warnings

from ..scoring.model import ResponseResult, Result
from ..textnorm import normalize
from ..writers.docx_tables import fix_widths, shade
from .locate import Location, belongs, parse_where
from .notes import AUTHOR, INITIALS, comment_text, deciding_phrases, flag_labels, status_label

FILL = {"met": "C6EFCE", "partial": "FFEB9C", "unmet": "F8CBAD", "missing": "D9D9D9"}
FONT = "游ゴシック"


def clean(text: str, limit: int = 4000) -> str:
    from ..writers.cellsafe import xml_text

    s = xml_text(text or "")
    return s if len(s) <= limit else s[: limit - 7] + "…（以下省略）"


class Blocks:
    """The body's paragraphs and tables numbered as the docx reader numbers them."""

    def __init__(self, document) -> None:
        from docx.text.paragraph import Paragraph

        self.paragraphs: dict[int, object] = {}
        self.tables: dict[int, object] = {}
        n_para = n_table = 0
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                if normalize(block.text):
                    n_para += 1
                    self.paragraphs[n_para] = block
            else:
                n_table += 1
                self.tables[n_table] = block

    def find(self, loc: Location, text: str):
        """The paragraph, or the table cell, holding the evidence; None when the place is not in the document."""
        if loc.kind == "paragraph":
            return self.paragraphs.get(loc.paragraph)
        if loc.kind == "table_row":
            table = self.tables.get(loc.table)
            if table is None or loc.row > len(table.rows):
                return None
            return _best_cell(table.rows[loc.row - 1].cells, text)
        return None


def _best_cell(cells, text: str):
    """The cell of a row whose text the evidence is (a mark, an answer, a sentence of the row)."""
    want = normalize(text)
    best, best_len = None, -1
    seen = set()
    for c in cells:
        if id(c._tc) in seen:
            continue
        seen.add(id(c._tc))
        t = normalize(c.text)
        if t and (t == want or t in want or want in t) and len(t) > best_len:
            best, best_len = c, len(t)
    if best is None:
        best = next((c for c in cells if normalize(c.text)), cells[0] if len(cells) else None)
    return best


def _norm_map(raw: str) -> tuple[str, list[int]]:
    """`normalize(raw)` with, for each of its characters, the index of the raw character it came from."""
    out, idx = [], []
    space = True
    for i, ch in enumerate(raw):
        for c in unicodedata.normalize("NFKC", ch).replace("\u3000", " "):
            if c.isspace():
                if space:
                    continue
                c, space = " ", True
            else:
                space = False
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def _simple(run) -> bool:
    from docx.oxml.ns import qn

    return all(child.tag in (qn("w:rPr"), qn("w:t")) for child in run._r)


def _highlight_run(run, color: str) -> None:
    """Shade the run in the status colour (Word's highlighter has only loud colours); schema order kept."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("w:shd")):
        rpr.remove(old)
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", color)):
        shd.set(qn(k), v)
    rpr.insert_element_before(shd, "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                              "w:specVanish", "w:oMath")


# the deciding words of what is not met, in the status colours of the summary and the Excel copies (a 充足's
# commitment is left plain, so the findings stand out)
HIGHLIGHT = {"partial": FILL["partial"], "unmet": FILL["unmet"]}


def highlight(paragraph, phrase: str, color: str = FILL["partial"]) -> bool:
    """Highlight `phrase` (normalised text) in the paragraph's runs; False when it is not there."""
    from docx.text.run import Run

    runs = list(paragraph.runs)
    if not runs or not phrase:
        return False
    texts = [r.text for r in runs]
    norm, idx = _norm_map("".join(texts))
    k = norm.find(phrase)
    if k < 0:
        return False
    a, b = idx[k], idx[k + len(phrase) - 1] + 1
    pos = 0
    for run, text in zip(runs, texts):
        start, end = pos, pos + len(text)
        pos = end
        if end <= a or start >= b or not text:
            continue
        if not _simple(run):
            _highlight_run(run, color)
            continue
        lo, hi = max(a, start) - start, min(b, end) - start
        pieces = [(text[:lo], False), (text[lo:hi], True), (text[hi:], False)]
        pieces = [(t, h) for t, h in pieces if t]
        first = True
        anchor = run._r
        for t, h in pieces:
            if first:
                r, first = run, False
            else:
                el = copy.deepcopy(run._r)
                anchor.addnext(el)
                anchor = el
                r = Run(el, paragraph)
            r.text = t
            if h:
                _highlight_run(r, color)
            anchor = r._r
    return True


class Bookmarks:
    """A bookmark on each evidence paragraph, so the summary table can link to it (ids after the vendor's own)."""

    def __init__(self, document) -> None:
        ids = [int(x) for x in document.element.body.xpath(".//w:bookmarkStart/@w:id") if str(x).isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.of_paragraph: dict[object, str] = {}
        self.of_where: dict[str, str] = {}

    def mark(self, paragraph, where: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = paragraph._p
        name = self.of_paragraph.get(p)
        if name is None:
            name = f"specgen_{self.next_id}"
            start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
            for e in (start, end):
                e.set(qn("w:id"), str(self.next_id))
            start.set(qn("w:name"), name)
            p.insert(1 if p.pPr is not None else 0, start)
            p.append(end)
            self.next_id += 1
            self.of_paragraph[p] = name
        self.of_where.setdefault(where, name)


def _link(paragraph, text: str, anchor: str) -> None:
    """An internal link (to a bookmark) in blue underlined text, without relying on the document's styles."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    run = paragraph.add_run(clean(text, 300))
    _set_font(run, 8)
    run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    run.font.underline = True
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph._p.remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)


def _runs_of(target):
    """Runs to anchor a comment on: the paragraph's, or a cell's paragraphs'; an empty run is added when none."""
    paragraphs = target.paragraphs if hasattr(target, "paragraphs") and not hasattr(target, "runs") else [target]
    runs = [r for p in paragraphs for r in p.runs]
    if not runs:
        runs = [paragraphs[0].add_run("")]
    return runs, paragraphs


def _set_font(run, size: float = 9, bold: bool = False) -> None:
    from ..writers.docx_fonts import set_fonts

    set_fonts(run, FONT, FONT, size)
    run.bold = bold


def _borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "4")
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), "808080")
        borders.append(e)
    tblpr.append(borders)


def _summary(document, resp: ResponseResult, original_name: str, digest: str, notes: list[str],
             links: dict[str, str]) -> None:
    """Title, notes and a table of every requirement, moved to the start of the body, then a page break."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    s = resp.summary
    missing = [r.id for r in resp.results if r.status == "missing"]
    added = []
    title = document.add_paragraph()
    _set_font(title.add_run("specgen 確認結果（評価用の注記付きの写し）"), 13, True)
    added.append(title._p)
    lines = [f"{resp.vendor}　元のファイル：{original_name}（SHA-256 {digest[:16]}…。原本は変更していません）",
             f"充足 {s['met']}・一部 {s['partial']}・不充足 {s['unmet']}・記載なし {s['missing']}（必須の不充足・記載なし {s['mandatory_failed']}、要確認 {s['needs_review']}）",
             "記載のない要件：" + ("、".join(missing) if missing else "なし"),
             "根拠の段落・表のセルにコメント（specgen）を付け、判定を決めた語句に色を付けています（一部=黄、不充足=赤）。「根拠の場所」のリンクで該当箇所へ移動できます。"] + notes
    for line in lines:
        p = document.add_paragraph()
        _set_font(p.add_run(clean(line, 500)), 9)
        added.append(p._p)
    headers = ["要件番号", "必須", "判定", "理由・注意", "根拠の場所"]
    widths = [Cm(1.8), Cm(1.2), Cm(2.0), Cm(8.0), Cm(3.5)]
    table = document.add_table(rows=1 + len(resp.results), cols=len(headers))
    _borders(table)
    for c, h in enumerate(headers):
        cell = table.rows[0].cells[c]
        _set_font(cell.paragraphs[0].add_run(h), 9, True)
        shade(cell, "DDEBF7")
    for i, r in enumerate(resp.results, 1):
        places = [e.where for e in r.evidence]
        labels = flag_labels(r)
        vals = [r.id, "必須" if r.mandatory else "任意", status_label(r),
                r.reason + (f"\n注意：{'、'.join(labels)}" if labels else ""), "\n".join(dict.fromkeys(places)) or "（根拠なし）"]
        row = table.rows[i].cells
        for c, v in enumerate(vals[:4]):
            _set_font(row[c].paragraphs[0].add_run(clean(v, 1500)), 8)
        shade(row[2], FILL.get(r.status, "FFFFFF"))
        if not any(w in links for w in places):
            _set_font(row[4].paragraphs[0].add_run(clean(vals[4], 1500)), 8)
            continue
        for k, w in enumerate(dict.fromkeys(places)):   # one line per place, linked to its bookmark
            p = row[4].paragraphs[0] if k == 0 else row[4].add_paragraph()
            if w in links:
                _link(p, w, links[w])
            else:
                _set_font(p.add_run(clean(w, 300)), 8)
    fix_widths(table, widths)
    added.append(table._tbl)
    brk = document.add_paragraph()
    brk.add_run().add_break(WD_BREAK.PAGE)
    added.append(brk._p)
    body = document.element.body
    for k, el in enumerate(added):
        body.remove(el)
        body.insert(k, el)


def annotate_docx(resp: ResponseResult, source: str, data: bytes, original_name: str, digest: str) -> tuple[bytes, list[str]]:
    """The annotated copy of one proposal (`data`: the original's bytes) and notes on what was changed."""
    import docx

    from .results import sources_of

    notes: list[str] = []
    if original_name.lower().endswith(".docm"):
        notes.append("元の .docm からマクロを除き、.docx として保存しています（マクロは読み込みも実行もしていません）。")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = docx.Document(io.BytesIO(_without_macros(data)))
    blocks = Blocks(document)
    bookmarks = Bookmarks(document)
    srcs = sources_of(resp)
    anchored: set[tuple[str, object]] = set()  # the element is kept, so its identity is stable
    unplaced = 0
    for r in resp.results:
        color = HIGHLIGHT.get(r.status)
        # the quoted words of the reason; without a quote (「△と回答」) the mark itself decided
        phrases = (deciding_phrases(r) or [normalize(e.text) for e in r.evidence if e.role == "mark"][:1]) if color else []
        for e in r.evidence:
            loc = parse_where(e.where, srcs)
            if loc.kind not in ("paragraph", "table_row") or not belongs(loc, source):
                continue
            target = blocks.find(loc, e.text)
            if target is None:
                unplaced += 1
                continue
            bookmarks.mark(target if hasattr(target, "_p") else target.paragraphs[0], e.where)
            key = (r.id, target._p if hasattr(target, "_p") else target._tc)
            if key in anchored:
                continue
            anchored.add(key)
            runs, paragraphs = _runs_of(target)
            for p in paragraphs:
                for phrase in phrases:
                    highlight(p, phrase, color)
            runs, _ = _runs_of(target)
            _comment(document, runs, r)
    if unplaced:
        notes.append(f"根拠 {unplaced} 件は文書中の位置を特定できなかったため、コメントを付けていません（上の表に記載）。")
    _summary(document, resp, original_name, digest, notes, bookmarks.of_where)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue(), notes


_MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _without_macros(data: bytes) -> bytes:
    """A .docm's package as a .docx: the main part relabelled, the VBA project and its relationship left out
    (the same relabelling the docx reader does; the macros are never loaded)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if _MACRO_MAIN not in z.read("[Content_Types].xml"):
            return data
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                name = info.filename.lower()
                if name.endswith(("vbaproject.bin", "vbadata.xml")):
                    continue
                part = z.read(info)
                if info.filename == "[Content_Types].xml":
                    part = part.replace(_MACRO_MAIN, _PLAIN_MAIN)
                elif name.endswith(".rels"):
                    part = re.sub(rb"<Relationship [^>]*vbaProject[^>]*/>", b"", part)
                out.writestr(info.filename, part)
    return buf.getvalue()


def _comment(document, runs, r: Result) -> None:
    lines = clean(comment_text(r)).split("\n")
    comment = document.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
    for line in lines[1:]:
        comment.add_paragraph(line)


__all__ = ["annotate_docx", "highlight", "Blocks"]
