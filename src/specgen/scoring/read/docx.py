"""Read Word proposals (.docx/.docm, macros never run): headings, prose, lists and tables, in order."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from specgen.files.safety import LIMITS

from ...errors import InputFileError, one_line
from ...textnorm import normalize
from ..model import Passage, Response
from ..vocab import lexicon
from .tables import find_layout
from .workbook import cell_text
from .xlsx import rows_from_grid, vendor_from_grid

_HEADING_RE = re.compile(r"^(第[0-9一二三四五六七八九十]+[章節]|[0-9]+(\.[0-9]+)*[.．\s]|[(（][0-9]+[)）]|[一二三四五六七八九十]+[、.．]|[■□●◆◇【])")
_DATE_RE = re.compile(r"((令和|平成|R)\s*(\d{1,2}|元)\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?|\d{4}\s*[年/.-]\s*\d{1,2}\s*(月|[/.-])(\s*\d{1,2}\s*日?)?)")
_COMPANY_RE = re.compile(r"(株式会社|有限会社|合同会社|\(株\)|（株）)")


_MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def macro_free(path: Path):
    """A .docm is read as data: an in-memory copy with the main part relabelled and no vbaProject (the input is untouched)."""
    import io
    import zipfile

    data = io.BytesIO(Path(path).read_bytes())  # parse a copy in memory: the input is never held open or written
    with zipfile.ZipFile(data) as z:
        ct = z.read("[Content_Types].xml")
        if _MACRO_MAIN not in ct:
            data.seek(0)
            return data
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                if info.filename.lower().endswith("vbaproject.bin") or info.filename.lower().endswith("vbadata.xml"):
                    continue
                data = z.read(info)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(_MACRO_MAIN, _PLAIN_MAIN)
                elif info.filename.endswith(".rels"):
                    data = re.sub(rb"<Relationship [^>]*vbaProject[^>]*/>", b"", data)
                out.writestr(info.filename, data)
    buf.seek(0)
    return buf


def is_heading(style: str, text: str) -> bool:
    """A heading by style (Heading/見出し/Title) or by form (short, no 。, numbered like 「第1章」「1.2」「（1）」)."""
    if style.startswith(("Heading", "見出し", "Title", "表題", "heading")):
        return True
    return len(text) <= 40 and "。" not in text and bool(_HEADING_RE.match(text))


def _style_name(p, cache: dict) -> str:
    """The paragraph's style name; python-docx resolves it through the styles part on every call, so cache by id."""
    sid = p._p.style
    if sid not in cache:
        style = p.style
        cache[sid] = (style.name if style is not None else "") or ""
    return cache[sid]


def document_blocks(path: Path) -> list[tuple[object, str | None]]:
    """The body of a Word file in order, .docm read as data: (paragraph, its normalised text) for every non-empty
    paragraph and (table, None) for every table. The paragraph limit applies here."""
    import docx

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = docx.Document(macro_free(path))
    blocks = list(document.iter_inner_content())
    if len(blocks) > LIMITS.max_paragraphs:
        raise InputFileError(f"{path.name}: 段落が多すぎます / too many paragraphs ({len(blocks)} > {LIMITS.max_paragraphs})")
    out: list[tuple[object, str | None]] = []
    for block in blocks:
        if block.__class__.__name__ == "Paragraph":
            text = normalize(block.text)
            if text:
                out.append((block, text))
        else:
            out.append((block, None))
    return out


def read_docx_response(path: Path, vendor: str | None = None) -> Response:
    """Read a proposal already checked with `safety.sniff` (see scorer.read_response)."""
    try:
        return _read(path, vendor)
    except InputFileError:
        raise
    except Exception as e:  # python-docx meets damaged parts lazily, while we walk the body
        raise InputFileError(f"{path.name}: Word ファイルが壊れています / damaged document ({type(e).__name__})") from None


def _read(path: Path, vendor: str | None) -> Response:
    try:
        blocks = document_blocks(path)
    except InputFileError:
        raise
    except Exception as e:
        raise InputFileError(f"{path.name}: Word ファイルとして読めません / cannot read document ({type(e).__name__}: {one_line(e, 120)})") from None
    resp = Response(source=str(path), vendor=vendor or "")
    appendix_re = lexicon().appendix_heading
    heading = ""
    appendix = False
    styles: dict = {}
    n_para = n_table = 0
    first_lines: list[str] = []
    for block, text in blocks:
        if text is not None:
            n_para += 1
            if len(first_lines) < 15:
                first_lines.append(text)
            if is_heading(_style_name(block, styles), text):
                heading = text
                if appendix_re.search(text):
                    appendix = True  # 別紙 SLA etc.: stays on until the end of the document
                continue
            resp.passages.append(Passage(where=f"段落{n_para}", text=text[: LIMITS.max_cell_chars], heading=heading, appendix=appendix))
        else:
            n_table += 1
            grid = [[cell_text(c.text) for c in row.cells] for row in block.rows[: LIMITS.max_rows]]
            if not grid:
                continue
            layout = None if appendix else find_layout(grid, need_answer=True)
            # an answer table has a mark column or the spec's numbers; a 別紙 table of values (「項目｜目標値｜備考」) is prose
            if layout is not None and ("answer" in layout.columns or "id" in layout.named):
                t = n_table
                resp.rows += rows_from_grid(grid, layout, f"表{t}", lambda r, c, t=t: f"表{t} 行{r + 1}")
                resp.mark_legend = resp.mark_legend or lexicon().legend_from_text(" ".join(first_lines))
                continue
            for r, line in enumerate(grid):
                cells = list(dict.fromkeys(x for x in line if x))  # merged cells repeat
                if cells:
                    resp.passages.append(Passage(where=f"表{n_table} 行{r + 1}", text=" / ".join(cells), heading=heading, appendix=appendix))
    if not resp.passages and not resp.rows:
        raise InputFileError(f"{path.name}: 本文がありません / the document has no text")
    resp.vendor = vendor or _vendor(first_lines, resp) or path.stem
    return resp


def _vendor(first_lines: list[str], resp: Response) -> str:
    v = vendor_from_grid([[x] for x in first_lines])
    if v:
        return v
    for line in first_lines:
        m = _COMPANY_RE.search(line)
        if m and len(line) <= 40:
            # 「2025年10月1日 株式会社ソラリス」「株式会社北辰 令和7年10月」: the date is not part of the name
            name = _DATE_RE.sub(" ", re.sub(r"^(提案者|事業者名|会社名)[:：\s]*", "", line)).strip()
            return name or line.strip()
    return ""
