"""Generated documents read back with python-docx / openpyxl: content, structure, fonts, protection."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from specgen.generate import write_outputs
from specgen.project import Project
from specgen.tailoring import tailor
from specgen.writers.markdown import render_markdown

GOLDEN = Path(__file__).parent / "golden"
FIXED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture(scope="module")
def spec(library):
    project = Project(municipality="架空市", title="生成AIサービス利用業務", department="総務部DX推進課")
    return tailor(library, "3B", "genai", project=project, now=FIXED)


@pytest.fixture(scope="module")
def outdir(spec, tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    write_outputs(spec, out)
    return out


def test_writes_exactly_the_four_files_and_no_temporaries(outdir):
    assert sorted(p.name for p in outdir.iterdir()) == ["requirements.xlsx", "spec.docx", "spec.json", "spec.md"]


def test_markdown_matches_the_golden_file(spec):
    text = render_markdown(spec)
    golden = GOLDEN / "3B_genai.md"
    if os.environ.get("SPECGEN_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_docx_has_the_chapters_of_a_city_spec_in_order(outdir):
    doc = Document(str(outdir / "spec.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    expected = ["件名", "目的", "履行期間", "サービスの仕様", "セキュリティ要件", "個人情報の取扱い", "事業者の要件", "契約・履行確認", "提出書類"]
    found = [next((i for i, h in enumerate(headings) if h.endswith(e)), None) for e in expected]
    assert None not in found and found == sorted(found), headings
    assert any("別紙" in h and "要件確認書" in h for h in headings)
    assert any("付録" in h and "根拠" in h for h in headings)
    assert any("発注者側の留意事項" in h for h in headings)


def test_docx_shows_the_source_under_every_requirement(outdir, spec):
    paras = [p.text for p in Document(str(outdir / "spec.docx")).paragraphs]
    for r in spec.requirements:
        i = next(i for i, t in enumerate(paras) if f"[{r.id}]" in t)
        assert paras[i + 1] == r.text
        assert paras[i + 2].startswith("出典：") and r.source.section in paras[i + 2]


def test_docx_sets_east_asian_fonts_and_page_numbers(outdir):
    doc = Document(str(outdir / "spec.docx"))
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "游明朝"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "游ゴシック"
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml
    assert "架空市" in doc.sections[0].header.paragraphs[0].text


def test_docx_annex_table_lists_every_requirement(outdir, spec):
    doc = Document(str(outdir / "spec.docx"))
    annex = doc.tables[1]
    assert [c.text for c in annex.rows[0].cells] == ["要件番号", "分類", "要件", "必須/任意"]
    rows = [[c.text for c in row.cells] for row in annex.rows[1:]]
    assert [r[0] for r in rows] == [r.id for r in spec.requirements]
    assert rows[0][2] == spec.requirements[0].text


def test_answer_sheet_layout_validation_and_protection(outdir, spec):
    wb = load_workbook(outdir / "requirements.xlsx")
    ws = wb["要件確認書"]
    header = [c.value for c in ws[6]]
    assert header[:7] == ["要件番号", "分類", "要件", "必須/任意", "対応可否", "回答・実現方法", "根拠資料"]
    assert ws.freeze_panes == "A7"
    assert ws.protection.sheet
    assert ws.column_dimensions["H"].hidden
    assert ws["C7"].protection.locked and not ws["E7"].protection.locked and not ws["F7"].protection.locked
    dv = ws.data_validations.dataValidation[0]
    assert dv.formula1 == '"○,△,×"' and f"E7:E{6 + len(spec.requirements)}" in str(dv.sqref)
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$6:$6"
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    assert [r[0] for r in rows] == [r.id for r in spec.requirements]
    assert [r[7] for r in rows] == [f"{r.id}|{r.clause_id}" for r in spec.requirements]
    assert "記入要領" in wb.sheetnames


def test_answer_sheet_hidden_metadata_maps_back_to_the_spec(outdir, spec):
    wb = load_workbook(outdir / "requirements.xlsx")
    assert wb["_specgen"].sheet_state == "hidden"
    meta = json.loads(wb["_specgen"]["A2"].value)
    assert meta["clause_library_version"] == spec.library_version
    assert [m["id"] for m in meta["requirements"]] == [r.id for r in spec.requirements]


def test_spec_json_has_every_requirement_with_its_source_and_inputs(outdir, spec):
    data = json.loads((outdir / "spec.json").read_text(encoding="utf-8"))
    assert data["inputs"] == {"data_class": "3B", "service": "genai", "personal_data": True, "terms_of_service": False}
    assert data["clause_library_version"] == spec.library_version
    assert len(data["requirements"]) == len(spec.requirements)
    r0 = data["requirements"][0]
    assert set(r0) >= {"id", "text", "分類", "mandatory", "clause_id", "parameters", "source"}
    assert r0["source"]["seed"].endswith(".txt") and r0["source"]["section"]
    assert len(data["rationale"]["decisions"]) > len(data["requirements"])
