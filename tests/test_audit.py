"""specgen audit on small hand-written specs, each finding kind in both a Word 仕様書 and an Excel requirement list."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from specgen.audit import audit, write_reports
from specgen.audit.read import read_city_spec
from specgen.generate import build_spec

CLS, SVC = "3B", "cloud"


@pytest.fixture(scope="module")
def profile():
    return build_spec(CLS, SVC)


def rows_of(profile) -> dict[str, str]:
    return {r.id: r.text for r in profile.requirements}


def write_docx(path: Path, texts: list[str], extra: list[str] = ()) -> Path:
    """A city's Word spec: a title, a 用語の定義 chapter, numbered clauses (（1）, ①, ア) under chapter headings."""
    import docx

    d = docx.Document()
    d.add_paragraph("仕様書", style="Title")
    d.add_paragraph("福祉システムクラウド化業務")
    d.add_heading("1　用語の定義", level=1)
    d.add_paragraph("（1）受注者：本市と契約し本業務を履行する者をいう。")
    d.add_heading("2　要件", level=1)
    marks = ["（{}）".format(n) for n in range(1, 200)]
    for n, t in enumerate(texts):
        d.add_paragraph(f"{marks[n]}{t}")
    if extra:
        d.add_heading("3　その他", level=1)
        for n, t in enumerate(extra):
            d.add_paragraph(f"{'①②③④⑤⑥⑦⑧'[n]}　{t}")
    d.save(path)
    return path


def write_xlsx(path: Path, texts: list[str], extra: list[str] = ()) -> Path:
    """A city's Excel requirement list: a title row, then 要件番号・要件・必須/任意."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["福祉システムクラウド化業務 要件一覧"])
    ws.append(["要件番号", "要件", "必須/任意"])
    for n, t in enumerate([*texts, *extra], 1):
        ws.append([f"R-{n:02d}", t, "必須"])
    wb.save(path)
    return path


WRITERS = {"docx": write_docx, "xlsx": write_xlsx}


def run(tmp_path: Path, fmt: str, texts: list[str], extra: list[str] = (), **kw):
    path = WRITERS[fmt](tmp_path / f"city.{fmt}", texts, extra)
    return audit(path, kw.pop("data_class", CLS), SVC, encoder="fuzzy", **kw)


def of(result, kind: str, code: str | None = None):
    return [f for f in result.findings if f.kind == kind and (code is None or code in f.code.split("+"))]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_unchanged_profile_has_nothing_missing_or_weaker(tmp_path, profile, fmt):
    r = run(tmp_path, fmt, list(rows_of(profile).values()))
    assert of(r, "missing") == [] and of(r, "weaker") == [] and of(r, "refused") == []
    assert r.summary()["covered"] == len(profile.requirements)
    assert not r.needs_fixing


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_missing_clause_is_named_with_its_text_and_source(tmp_path, profile, fmt):
    rows = rows_of(profile)
    gone = rows.pop("SC-06")  # 情報の保存場所及び廃棄方法
    r = run(tmp_path, fmt, list(rows.values()))
    missing = of(r, "missing")
    assert [f.requirement_id for f in missing] == ["SC-06"]
    assert missing[0].severity == "high" and missing[0].suggestion == gone and "8.3" in missing[0].source
    assert r.needs_fixing


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_weaker_modality(tmp_path, profile, fmt):
    rows = rows_of(profile)
    rows["SC-02"] = rows["SC-02"].replace("目的以外に利用しないこと", "目的以外に利用しないよう努めること")
    r = run(tmp_path, fmt, list(rows.values()))
    weak = of(r, "weaker", "modality")
    assert [f.requirement_id for f in weak] == ["SC-02"] and "努めること" in weak[0].detail
    assert of(r, "missing") == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_weaker_parameter(tmp_path, profile, fmt):
    rows = rows_of(profile)
    assert "99.9%以上" in rows["CT-05"]
    rows["CT-05"] = rows["CT-05"].replace("99.9%以上", "99.0%以上")
    rows["CT-11"] = rows["CT-11"].replace("30日以内", "90日以内")
    r = run(tmp_path, fmt, list(rows.values()))
    weak = {f.requirement_id: f for f in of(r, "weaker", "parameter")}
    assert set(weak) == {"CT-05", "CT-11"}
    assert "99.0%" in weak["CT-05"].detail and "90日" in weak["CT-11"].detail


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_weaker_scope(tmp_path, profile, fmt):
    rows = rows_of(profile)
    rows["VD-01"] = rows["VD-01"].replace("ISMAPクラウドサービスリストに", "ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリストに")
    rows["SC-06"] = rows["SC-06"].replace("（バックアップ及びログを含む）", "")
    r = run(tmp_path, fmt, list(rows.values()))
    weak = {f.requirement_id: f.detail for f in of(r, "weaker", "scope")}
    assert "ISMAP-LIU" in weak["VD-01"] and "バックアップ及びログを含む" in weak["SC-06"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_refused_combinations(tmp_path, profile, fmt):
    r = run(tmp_path, fmt, list(rows_of(profile).values()), data_class="3A")
    assert [f.code for f in of(r, "refused")] == ["arguments"] and r.profile_class == "3B" and r.needs_fixing
    r = run(tmp_path, fmt, list(rows_of(profile).values()), extra=["本業務は約款型サービスを利用し、住民の個人情報を取り扱うこと。"])
    assert [f.code for f in of(r, "refused")] == ["terms_of_service"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_lint(tmp_path, profile, fmt):
    extra = ["情報セキュリティに配慮すること。", "障害が発生した場合は、速やかに本市へ報告すること。",
             "庁舎内で職員向け説明会を開催し、質疑に回答すること。", "庁舎内で職員向け説明会を開催し、質疑に回答すること。",
             "事業者は、作業の記録を残すこと。", "事業者は、作業場所を本市に届け出ること。"]
    r = run(tmp_path, fmt, list(rows_of(profile).values()), extra=extra)
    codes = {f.code: f for f in of(r, "lint")}
    assert {"uncheckable", "vague", "duplicate", "role_terms"} <= set(codes)
    assert any("速やかに" in f.detail for f in of(r, "lint", "vague"))
    assert "事業者" in codes["role_terms"].detail
    assert of(r, "missing") == [] and of(r, "weaker") == []


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_extra_is_recorded_not_an_error(tmp_path, profile, fmt):
    r = run(tmp_path, fmt, list(rows_of(profile).values()), extra=["窓口に点字の案内板を設置すること。"])
    extra = of(r, "extra")
    assert len(extra) == 1 and "点字" in extra[0].city_text and extra[0].severity == "info"
    assert not r.needs_fixing


def test_word_reader_numbering_titles_tables_and_appendix(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("第1章　総則", level=1)
    d.add_paragraph("（1）データの保存場所")  # a numbered title: the body follows
    d.add_paragraph("データは日本国内に保存すること。")
    d.add_paragraph("① 操作ログを1年以上保存すること。")
    d.add_paragraph("なお、ログは本市の求めに応じて提出すること。")  # continues ①
    d.add_paragraph("ア 管理者は多要素認証とすること。")
    d.add_paragraph("1.2.3 バックアップを日次で取得すること。")
    d.add_paragraph("出典：ガイドライン 8.3")
    d.add_heading("別紙　サービスレベル", level=1)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "稼働率", "99.9%以上"
    t.cell(1, 0).text, t.cell(1, 1).text = "RTO", "4時間以内"
    d.save(tmp_path / "s.docx")
    items = read_city_spec(tmp_path / "s.docx").items
    texts = [i.text for i in items]
    assert texts[0] == "データは日本国内に保存すること。" and items[0].title == "データの保存場所" and items[0].id == "(1)"
    assert texts[1] == "操作ログを1年以上保存すること。 なお、ログは本市の求めに応じて提出すること。"
    assert "管理者は多要素認証とすること。" in texts and "バックアップを日次で取得すること。" in texts
    assert not any(t.startswith("出典") for t in texts)
    table = [i for i in items if i.where.startswith("表1")]
    assert [i.text for i in table] == ["稼働率 99.9%以上", "RTO 4時間以内"] and all(i.appendix and i.kind == "requirement" for i in table)


def test_cli_outputs_exit_codes_and_cell_safety(tmp_path, profile):
    rows = rows_of(profile)
    clean = write_xlsx(tmp_path / "clean.xlsx", list(rows.values()))
    code, out, err = run_cli(["audit", "--spec", clean, "--data-class", "３Ｂ", "--service", SVC, "--out", tmp_path / "o1", "-e", "fuzzy"])
    assert code == 0, err
    assert "欠落 0 件" in out and {p.name for p in (tmp_path / "o1").iterdir()} == {"audit.md", "audit.xlsx", "audit.docx"}
    rows.pop("CT-05")
    gap = write_xlsx(tmp_path / "gap.xlsx", list(rows.values()), extra=["@SUM(A1:A9)の結果を画面に表示すること。"])
    code, out, err = run_cli(["audit", "--spec", gap, "--data-class", CLS, "--service", SVC, "--out", tmp_path / "o2", "-e", "fuzzy"])
    assert code == 3 and "[欠落] CT-05" in out
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "o2" / "audit.xlsx")["指摘一覧"]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'@SUM") for v in cells) and not any(v.startswith(("=", "@")) for v in cells)
    (tmp_path / "bad.docx").write_text("not a document", encoding="utf-8")
    code, out, err = run_cli(["audit", "--spec", tmp_path / "bad.docx", "--data-class", CLS, "--service", SVC, "--out", tmp_path / "o3"])
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o3").exists()


def test_memo_docx_has_subject_reiwa_date_and_findings_table(tmp_path, profile):
    import datetime as dt

    import docx

    from specgen.audit.report_docx import build_docx

    rows = rows_of(profile)
    rows.pop("SC-06")
    r = run(tmp_path, "xlsx", list(rows.values()))
    path = tmp_path / "memo.docx"
    path.write_bytes(build_docx(r, today=dt.date(2026, 11, 24)))
    d = docx.Document(path)
    text = [p.text for p in d.paragraphs]
    assert "令和8年11月24日" in text and any("点検結果について" in t for t in text)
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "欠落" in cells and any("SC-06" in c for c in cells)
    write_reports(r, tmp_path / "out")
    assert "SC-06" in (tmp_path / "out" / "audit.md").read_text(encoding="utf-8")


def test_spec_json_and_generated_docx_read_back_whole(tmp_path, profile):
    """specgen's own spec.json and spec.docx (numbered titles, bodies, 出典 lines, the 別紙 table) cover the profile."""
    from specgen.generate import write_outputs

    write_outputs(profile, tmp_path / "g")
    for name in ("spec.json", "spec.docx"):
        r = audit(tmp_path / "g" / name, CLS, SVC, encoder="fuzzy")
        assert r.summary()["covered"] == len(profile.requirements), name
        assert of(r, "missing") == [] and of(r, "weaker") == [] and of(r, "refused") == [], name
        assert of(r, "lint", "duplicate") == [], name  # the 別紙 table repeating the body is not a duplicate
