"""Write minimal .xlsx / .docx files from raw XML, fast, for inputs too large or too odd for openpyxl/python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
               '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/>'
         '</Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(path: Path, rows, sheet: str = "Sheet1", dimension: str | None = None, merges: list[str] = (), extra_cells: list[tuple[str, str]] = (),
         prefix: str = "") -> Path:
    """rows: an iterable of lists of strings (inline strings); extra_cells: (ref, text) placed after the rows."""
    def sheet_xml():
        yield ('<?xml version="1.0" encoding="UTF-8"?>' + prefix + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>")
        n = 0
        for n, row in enumerate(rows, 1):
            cells = "".join(f'<c r="{col_letter(c)}{n}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>' for c, v in enumerate(row, 1) if v is not None)
            yield f'<row r="{n}">{cells}</row>'
        for ref, text in extra_cells:
            row = "".join(ch for ch in ref if ch.isdigit())
            yield f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c></row>'
        yield "</sheetData>"
        if merges:
            yield f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
        yield "</worksheet>"

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _XLSX_TYPES)
        z.writestr("_rels/.rels", _RELS.format(target="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", _WB.format(name=escape(sheet)))
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for piece in sheet_xml():
                f.write(piece.encode("utf-8"))
    return path


_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
               '</Types>')


def docx(path: Path, paragraphs=(), table: tuple[int, int] | None = None, text="当社は対応します。") -> Path:
    """A document with `paragraphs` (strings) and optionally a table of rows × cols filled with `text`
    (a string, or a function of row and column)."""
    def body():
        yield '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        for p in paragraphs:
            yield f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>"
        if table:
            rows, cols = table
            yield "<w:tbl>"
            for r in range(rows):
                cells = "".join(f"<w:tc><w:p><w:r><w:t>{escape(text(r, c) if callable(text) else text)}</w:t></w:r></w:p></w:tc>" for c in range(cols))
                yield f"<w:tr>{cells}</w:tr>"
            yield "</w:tbl>"
        yield "</w:body></w:document>"

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _RELS.format(target="word/document.xml"))
        with z.open("word/document.xml", "w") as f:
            for piece in body():
                f.write(piece.encode("utf-8"))
    return path
