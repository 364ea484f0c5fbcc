"""Annotated copies of vendor files: comments at the evidence cells and paragraphs, status colours, a summary at the
front, the original byte-identical, no formula carried from vendor text, hostile files copied safely or refused."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from openpyxl import Workbook, load_workbook

from builders import SPEC_ROWS, spec_xlsx
from specgen.errors import InputFileError
from specgen.feedback import annotated_copies, write_feedback
from specgen.feedback.annotate_xlsx import SUMMARY
from specgen.feedback.locate import parse_where
from specgen.scoring import score
from specgen.writers.xlsx_style import STATUS_FILL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# CT_RPr's child order (ECMA-376 Part 1, 17.3.2.28)
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish "
             "webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
             "eastAsianLayout specVanish oMath").split()


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _answer_book(path: Path, remarks: dict[str, str], marks: dict[str, str], comment: tuple[str, str] | None = None,
                 formula: str | None = None) -> Path:
    """An answer sheet for builders.SPEC_ROWS with a bold title, a column width and (optionally) a vendor's note."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "回答書"
    ws["A1"] = "事業者名"
    ws["B1"] = "株式会社テスト"
    ws["B1"].font = Font(bold=True, color="FF0000")
    ws.column_dimensions["C"].width = 40
    ws.append([])
    ws.append(["No.", "要件内容", "対応可否", "備考"])
    for rid, _cat, text in SPEC_ROWS:
        ws.append([rid, text, marks.get(rid, "○"), None])
        ws.cell(row=ws.max_row, column=4).value = remarks.get(rid, "")
        ws.cell(row=ws.max_row, column=4).data_type = "s"   # vendor text that looks like a formula, stored as text
    if comment:
        ws[comment[0]].comment = Comment(comment[1], "営業部")
    if formula:
        ws["F4"] = formula   # a real formula with no saved value
    wb.save(path)
    return path


def _score(tmp_path: Path, response: Path):
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    report = score(spec, [response], encoder="fuzzy")
    assert len(report.responses) == 1
    return report.responses[0]


def test_xlsx_copy_has_comments_fills_and_a_linked_summary(tmp_path):
    src = _answer_book(tmp_path / "resp.xlsx",
                       {"1": "入力データを学習に利用することはありません。", "2": "データはシンガポールのデータセンターに保存します。",
                        "3": "ISMAP登録は申請中です。", "5": "CSV出力はオプション（有償）です。"},
                       {"2": "○", "3": "△"}, comment=("D9", "ただし管理者のみ"))
    before = sha(src)
    resp = _score(tmp_path, src)
    [(name, data, _notes)] = annotated_copies(resp)
    assert sha(src) == before                      # the original is never written
    assert name == "resp_注記付き.xlsx"
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == SUMMARY and wb.active.title == SUMMARY
    ws = wb["回答書"]
    assert ws["B1"].font.bold and ws.column_dimensions["C"].width == 40   # the vendor's formatting is kept
    by_id = {r.id: r for r in resp.results}
    assert by_id["2"].status == "unmet" and by_id["3"].status in ("partial", "unmet") and by_id["1"].status == "met"
    for r in resp.results:
        cells = [parse_where(e.where) for e in r.evidence]
        for loc in cells:
            assert loc.kind == "cell"
            c = ws[loc.cell]
            assert c.comment is not None and f"要件{r.id}（" in c.comment.text, (r.id, loc.cell)
        mark = next(parse_where(e.where) for e in r.evidence if e.role == "mark")
        assert ws[mark.cell].fill.fgColor.rgb.endswith(STATUS_FILL[r.status])
    assert "ただし管理者のみ" in ws["D9"].comment.text and "事業者のコメント" in ws["D9"].comment.text  # the vendor's note is kept
    summary = wb[SUMMARY]
    rows = {str(summary.cell(row=i, column=1).value): i for i in range(1, summary.max_row + 1)}
    for r in resp.results:
        link = summary.cell(row=rows[r.id], column=7).hyperlink
        first = next(parse_where(e.where) for e in r.evidence)
        assert link is not None and link.location == f"'回答書'!{first.cell}"
        assert summary.cell(row=rows[r.id], column=4).value.startswith({"met": "充足", "partial": "一部", "unmet": "不充足"}[r.status])


def test_missing_requirements_are_listed_on_the_summary(tmp_path):
    src = _answer_book(tmp_path / "resp.xlsx", {}, {"4": "", "6": ""})
    resp = _score(tmp_path, src)
    missing = [r.id for r in resp.results if r.status == "missing"]
    assert missing
    data = annotated_copies(resp)[0][1]
    summary = load_workbook(io.BytesIO(data))[SUMMARY]
    texts = [str(c.value) for row in summary.iter_rows(max_row=6) for c in row if c.value]
    assert any(t.startswith("記載のない要件：") and all(m in t for m in missing) for t in texts)


def _sheet_xml(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]


def test_hostile_workbook_gives_a_safe_copy(tmp_path):
    hyperlink = '=HYPERLINK("http://evil.example/","押してください")'
    src = _answer_book(tmp_path / "hostile.xlsx", {"1": hyperlink + "学習には利用しません。", "2": "国内" * 20000, "3": "@SUM(1+1)"},
                       {}, formula='=HYPERLINK("http://evil.example/","x")')
    before = sha(src)
    resp = _score(tmp_path, src)
    name, data, notes = annotated_copies(resp)[0]
    assert sha(src) == before
    assert not any(re.search(r"<f[ >]", x) for x in _sheet_xml(data))   # no formula in the copy at all
    assert any("数式 1 件" in n for n in notes)
    wb = load_workbook(io.BytesIO(data))
    assert wb["回答書"]["F4"].value.startswith("'=HYPERLINK")          # the vendor's formula kept as inert text
    assert wb["回答書"]["D4"].data_type == "s"
    summary = wb[SUMMARY]
    for row in summary.iter_rows():
        for c in row:
            assert not (isinstance(c.value, str) and c.value.lstrip()[:1] in "=+-@"), c.coordinate


def test_xlsm_is_copied_as_xlsx_without_macros(tmp_path):
    src = _answer_book(tmp_path / "resp.xlsx", {"1": "学習には利用しません。"}, {})
    xlsm = tmp_path / "resp.xlsm"
    xlsm.write_bytes(src.read_bytes())
    resp = _score(tmp_path, xlsm)
    name, data, notes = annotated_copies(resp)[0]
    assert name.endswith(".xlsx") and any("マクロ" in n for n in notes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any("vba" in n.lower() for n in z.namelist())
    assert "マクロを除き" in str(load_workbook(io.BytesIO(data))[SUMMARY]["A6"].value) + str(load_workbook(io.BytesIO(data))[SUMMARY]["A7"].value)


# --- Word ------------------------------------------------------------------------------------------------

def _proposal(path: Path, hostile: bool = False) -> Path:
    d = Document()
    d.add_heading("提案書", level=1)
    d.add_paragraph("提案者：株式会社ドキュメント")
    d.add_heading("1. データの取扱い", level=2)
    p = d.add_paragraph()
    p.add_run("入力データは")
    bold = p.add_run("原則として学習に利用しません")
    bold.bold = True
    p.add_run("。")
    d.add_paragraph("データはシンガポールのデータセンターに保存します。")
    d.add_paragraph("ISMAPクラウドサービスリストに登録済みです（登録番号 C00-0000-1）。")
    if hostile:
        d.add_paragraph('=HYPERLINK("http://evil.example/","x") 契約の準拠法は日本法とします。' + "管轄" * 3000)
    t = d.add_table(rows=3, cols=3)
    for r, vals in enumerate([("No.", "対応可否", "備考"), ("5", "○", "CSVでダウンロードできます。"), ("6", "△", "操作履歴は管理者のみ確認できます。")]):
        for c, v in enumerate(vals):
            t.cell(r, c).text = v
    d.save(str(path))
    return path


def _comments(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        com = etree.fromstring(z.read("word/comments.xml"))   # well-formed, or this raises
    return doc, com


def test_docx_copy_has_comments_on_evidence_highlights_and_summary(tmp_path):
    src = _proposal(tmp_path / "prop.docx")
    before = sha(src)
    resp = _score(tmp_path, src)
    [(name, data, _notes)] = annotated_copies(resp)
    assert sha(src) == before and name == "prop_注記付き.docx"
    doc, com = _comments(data)
    ids = {c.get(f"{W}id"): "".join(c.itertext()) for c in com.iter(f"{W}comment")}
    starts = {e.get(f"{W}id") for e in doc.iter(f"{W}commentRangeStart")}
    ends = {e.get(f"{W}id") for e in doc.iter(f"{W}commentRangeEnd")}
    refs = {e.get(f"{W}id") for e in doc.iter(f"{W}commentReference")}
    assert ids and set(ids) == starts == ends == refs            # every comment anchored, every anchor a comment
    # each comment sits in the paragraph (or table cell) holding its evidence
    for start in doc.iter(f"{W}commentRangeStart"):
        p = start.getparent()
        where = p if p.tag == f"{W}p" else p.getparent()
        text = "".join(where.itertext())
        cid = start.get(f"{W}id")
        rid = re.match(r"要件(\S+?)（", ids[cid]).group(1)
        result = next(r for r in resp.results if r.id == rid)
        assert any(e.text[:10] in text or text in e.text for e in result.evidence), (rid, text)
    # the summary links each place to a bookmark on the evidence paragraph
    marks = {b.get(f"{W}name"): b.getparent() for b in doc.iter(f"{W}bookmarkStart")}
    links = [h for h in doc.iter(f"{W}hyperlink") if h.get(f"{W}anchor")]
    assert links and all(h.get(f"{W}anchor") in marks for h in links)
    for h in links:
        place = "".join(h.itertext())
        if place.startswith("段落"):
            target = "".join(marks[h.get(f"{W}anchor")].itertext())
            r = next(r for r in resp.results for e in r.evidence if e.where == place)
            assert next(e.text for e in r.evidence if e.where == place)[:8] in target
    d = Document(io.BytesIO(data))
    assert d.paragraphs[0].text.startswith("specgen 確認結果") and len(d.tables) == 2
    assert len(d.tables[0].rows) == 1 + len(resp.results)
    # the deciding phrase of a partial answer is highlighted, and the bold run stays bold where it was split
    learning = next(r for r in resp.results if r.id == "1")
    assert learning.status == "partial"
    para = next(p for p in d.paragraphs if "学習に利用しません" in p.text)
    lit = [r for r in para.runs if r._r.rPr is not None and r._r.rPr.find(f"{W}shd") is not None]
    assert lit and "原則として" in "".join(r.text for r in lit)
    assert all(r.bold for r in para.runs if r.text and r.text in "原則として学習に利用しません")
    assert "".join(r.text for r in para.runs) == "入力データは原則として学習に利用しません。"
    # run properties stay in schema order (Word repairs a document whose w:rPr children are out of order)
    order = {t: i for i, t in enumerate(RPR_ORDER)}
    for rpr in doc.iter(f"{W}rPr"):
        seq = [order.get(etree.QName(c).localname, -1) for c in rpr if etree.QName(c).namespace == W[1:-1]]
        assert seq == sorted(seq), [etree.QName(c).localname for c in rpr]


def test_hostile_docx_gives_a_safe_copy(tmp_path):
    src = _proposal(tmp_path / "prop.docx", hostile=True)
    resp = _score(tmp_path, src)
    _name, data, _notes = annotated_copies(resp)[0]
    doc, com = _comments(data)
    assert com is not None and doc is not None


def test_a_damaged_original_is_one_line_and_the_others_are_still_written(tmp_path):
    good = _answer_book(tmp_path / "good.xlsx", {"1": "学習には利用しません。"}, {})
    bad = _answer_book(tmp_path / "bad.xlsx", {"1": "学習には利用しません。"}, {}, )
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    report = score(spec, [good, bad], encoder="fuzzy", vendors=["A社", "B社"])
    bad.write_bytes(b"PK\x03\x04 not a zip any more")
    with pytest.raises(InputFileError) as e:
        annotated_copies(report.responses[1])
    assert "bad.xlsx" in str(e.value) and "\n" not in str(e.value)
    out = write_feedback(report.responses, annotate_dir=tmp_path / "ann")
    assert [p.name for p in out.files] == ["good_注記付き.xlsx"] and len(out.warnings) == 1


def test_score_cli_writes_copies_of_two_sample_responses_and_the_questions(tmp_path):
    from conftest import SAMPLES, run_cli

    xlsx, docx_ = SAMPLES / "responses" / "vendor_a_alpha.xlsx", SAMPLES / "responses" / "vendor_c_ctech.docx"
    before = {p: sha(p) for p in (xlsx, docx_)}
    code, out, err = run_cli(["score", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", xlsx, "-r", docx_, "-e", "fuzzy",
                              "--json", tmp_path / "s.json", "--annotate", tmp_path / "ann", "--questions", tmp_path / "q"])
    assert code == 0, err
    assert {p: sha(p) for p in before} == before
    names = sorted(p.name for p in (tmp_path / "ann").iterdir())
    assert names == ["vendor_a_alpha_注記付き.xlsx", "vendor_c_ctech_注記付き.docx"]
    qs = sorted(p.name for p in (tmp_path / "q").iterdir())
    assert "質問書.xlsx" in qs and any(n.startswith("質問書_") and n.endswith(".docx") for n in qs)
    assert str(tmp_path / "ann" / "vendor_a_alpha_注記付き.xlsx") in out


def test_one_vendors_two_documents_give_two_annotated_copies(tmp_path):
    book = _answer_book(tmp_path / "a.xlsx", {"1": "学習には利用しません。"}, {})
    prop = _proposal(tmp_path / "a.docx")
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    [resp] = score(spec, [book, prop], encoder="fuzzy", vendors=["株式会社同一"]).responses
    assert any(e.where.startswith("a.xlsx: ") for r in resp.results for e in r.evidence)
    copies = {name: data for name, data, _n in annotated_copies(resp)}
    assert set(copies) == {"a_注記付き.xlsx", "a_注記付き.docx"}
    ws = load_workbook(io.BytesIO(copies["a_注記付き.xlsx"]))["回答書"]
    assert ws["C4"].comment is not None and "要件1（" in ws["C4"].comment.text
    _doc, com = _comments(copies["a_注記付き.docx"])
    assert len(list(com.iter(f"{W}comment"))) >= 3


def test_pictures_openpyxl_cannot_copy_are_announced(tmp_path):
    pil = pytest.importorskip("PIL.Image")
    from openpyxl.drawing.image import Image

    src = _answer_book(tmp_path / "pic.xlsx", {"1": "学習には利用しません。"}, {})
    wb = load_workbook(src)
    buf = io.BytesIO()
    pil.new("RGB", (4, 4), "red").save(buf, "PNG")
    wb["回答書"].add_image(Image(buf), "H2")
    wb.save(src)
    _name, data, notes = annotated_copies(_score(tmp_path, src))[0]
    assert any("図・画像・グラフ" in n for n in notes)
    plain = _answer_book(tmp_path / "plain.xlsx", {"1": "学習には利用しません。"}, {"1": "○"}, comment=("D4", "注記"))
    assert not any("図・画像" in n for n in annotated_copies(_score(tmp_path, plain))[0][2])
