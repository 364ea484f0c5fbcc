"""Generated documents read back with python-docx / openpyxl: content, structure, fonts, protection."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from specgen.generate import write_outputs
from specgen.profile.project import Project
from specgen.resolve.tailor import tailor
from specgen.writers.markdown import render_markdown

FIXED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture(scope="module")
def spec(library):
    project = Project(municipality="架空市", title="令和9年度 生成AIサービス利用業務", department="総務部DX推進課",
                      period={"start": "2027-04-01", "end": "2028-03-31"})
    return tailor(library, "3B", "genai", project=project, now=FIXED)


@pytest.fixture(scope="module")
def outdir(spec, tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    write_outputs(spec, out)
    return out


def test_writes_the_vendor_and_internal_documents_and_no_temporaries(outdir):
    assert sorted(p.name for p in outdir.iterdir()) == ["requirements.xlsx", "spec.docx", "spec.json", "spec.md",
                                                         "spec_internal.docx", "spec_internal.md"]


def _texts(path):
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]


def test_vendor_spec_leaves_out_the_internal_parts(outdir, spec):
    """Finding 23: the document bidders receive has no 発注者側の留意事項 and no rationale (which lists excluded clauses)."""
    for path in (outdir / "spec.docx", outdir / "spec.md"):
        text = "\n".join(_texts(path)) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "発注者側の留意事項" not in text and "仕様の根拠" not in text and "不採用" not in text
        assert "要確認事項" not in text and "発注者-01" not in text
        assert "本ツール" not in text and "params." not in text  # the tool's own notes are for the internal document
        assert all(r.id in text for r in spec.requirements)


def test_internal_document_has_notes_rationale_and_checks(outdir, spec):
    """Finding 23: 起案用・審議会説明用 — the notes, the rationale and a banner saying not to hand it out."""
    for path in (outdir / "spec_internal.docx", outdir / "spec_internal.md"):
        text = "\n".join(_texts(path)) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "【内部資料】" in text and "事業者に配布しないこと" in text
        assert "発注者側の留意事項" in text and "仕様の根拠" in text and "条項ごとの判断" in text and "要確認事項" in text
        assert all(n.id in text for n in spec.city_notes)


def test_combined_option_keeps_one_document_with_everything(spec, tmp_path):
    """Finding 23: an option keeps today's combined form."""
    files = write_outputs(spec, tmp_path, combined=True)
    assert sorted(p.name for p in files) == ["requirements.xlsx", "spec.docx", "spec.json", "spec.md"]
    text = "\n".join(_texts(tmp_path / "spec.docx"))
    assert "発注者側の留意事項" in text and "仕様の根拠" in text and "【内部資料】" not in text


def test_documents_cite_sources_without_file_names(outdir):
    """Finding 21: documents cite issuer, title, date; the seed file name stays in spec.json only."""
    for name in ("spec.docx", "spec_internal.docx"):
        text = "\n".join(_texts(outdir / name))
        assert ".txt" not in text and "総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」（令和7年3月28日改定）" in text
    for name in ("spec.md", "spec_internal.md"):
        assert ".txt" not in (outdir / name).read_text(encoding="utf-8")
    data = json.loads((outdir / "spec.json").read_text(encoding="utf-8"))
    assert all(r["source"]["seed"].endswith(".txt") for r in data["requirements"])


def test_answer_section_has_one_name_in_docx_and_markdown(outdir):
    """Finding 20: the docx said 「回答方法」 where spec.md said 「提出方法」."""
    headings = [p.text for p in Document(str(outdir / "spec.docx")).paragraphs if p.style.name == "Heading 1"]
    md = (outdir / "spec.md").read_text(encoding="utf-8")
    docx_title = next(h for h in headings if h.endswith("回答方法"))
    assert f"## {docx_title.replace(chr(0x3000), ' ')}" in md and "提出方法" not in md


def test_period_is_printed_in_the_era_of_the_title(outdir, library):
    """Finding 24: 件名 「令和9年度…」 and 履行期間 in 令和 (default), 西暦 on request."""
    md = (outdir / "spec.md").read_text(encoding="utf-8")
    assert "令和9年4月1日から令和10年3月31日まで" in md and "2027年" not in md
    seireki = tailor(library, "2", "cloud", project=Project(calendar="西暦", period={"start": "2027-04-01", "end": "2028-03-31"}))
    assert seireki.extra["period"] == "2027年4月1日から2028年3月31日まで"


def test_docx_core_properties_and_column_widths(outdir, spec):
    """Finding 26: title, author (municipality) and dates are the spec's own; the 必須/任意 column fits its header."""
    doc = Document(str(outdir / "spec.docx"))
    cp = doc.core_properties
    assert cp.title == "令和9年度 生成AIサービス利用業務 仕様書" and cp.author == "架空市" and cp.last_modified_by == "架空市"
    assert cp.created.year == 2026 and cp.modified == cp.created and cp.language == "ja-JP"
    annex = doc.tables[1]
    width = annex.columns[3].width
    assert width is not None and width.mm >= 19  # 「必須/任意」 at 8.5pt + cell margins


def test_docx_has_the_chapters_of_a_city_spec_in_order(outdir):
    doc = Document(str(outdir / "spec.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    expected = ["件名", "目的", "履行期間", "用語の定義", "取り扱う情報", "サービスの仕様", "セキュリティ要件", "個人情報の取扱い", "事業者の要件",
                "契約・履行確認", "提出書類", "回答方法"]
    found = [next((i for i, h in enumerate(headings) if h.endswith(e)), None) for e in expected]
    assert None not in found and found == sorted(found), headings
    assert any("別紙" in h and "要件確認書" in h for h in headings)
    assert any(h.endswith("出典一覧") for h in headings)


def test_docx_shows_the_source_under_every_requirement(outdir, spec):
    paras = [p.text for p in Document(str(outdir / "spec.docx")).paragraphs]
    for r in spec.requirements:
        i = next(i for i, t in enumerate(paras) if f"[{r.id}]" in t)
        assert paras[i + 1] == r.text
        assert paras[i + 2].startswith("出典：") and r.source.section in paras[i + 2]
        assert all(c.section in paras[i + 2] for c in r.also)  # merged clauses cite their source too


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
    assert data["title"] == spec.extra["title"] and data["project"]["period"]["end"] == "2028-03-31"
    assert {t["term"] for t in data["terms"]} >= {"受注者", "業務従事者"} and data["scope"] and data["city_notes"] and data["sources"]
    assert data["clause_library_version"] == spec.library_version
    assert len(data["requirements"]) == len(spec.requirements)
    r0 = data["requirements"][0]
    assert set(r0) >= {"id", "text", "分類", "mandatory", "clause_id", "parameters", "source"}
    assert r0["source"]["seed"].endswith(".txt") and r0["source"]["section"]
    assert len(data["rationale"]["decisions"]) > len(data["requirements"])


@pytest.mark.parametrize("case", ["3B_cloud", "3C_sns", "2_genai"])
def test_example_documents_in_docs_are_current(case):
    """docs/examples holds the vendor-facing and internal specs of three typical cases; they must match the generator
    (rebuild with `python docs/examples/build_examples.py --pdf`)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "docs" / "examples" / "build_examples.py"
    mod_spec = importlib.util.spec_from_file_location("build_examples", path)
    module = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(module)
    spec = module.build(case)
    for audience, name in (("vendor", "spec.md"), ("internal", "spec_internal.md")):
        assert render_markdown(spec, audience=audience) == (path.parent / case / name).read_text(encoding="utf-8"), (case, name)
