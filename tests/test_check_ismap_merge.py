"""Vendor pre-check exit codes, ISMAP list verification, cross-document consistency."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import SPEC_ROWS, answer_xlsx, proposal_docx, spec_xlsx
from conftest import SAMPLES, run_cli
from specgen.errors import InputFileError
from specgen.scoring.checks.ismap import check_claims, load_ismap_list
from specgen.scoring import score
from specgen.scoring.model import Evidence, Result

LIST = SAMPLES / "ismap_list_sample.csv"


def ismap_result(text):
    return Result("21", "met", 0.9, [], [Evidence("S!E1", text, 1.0)], "○", True,
                  requirement="ISMAPクラウドサービスリストに登録されたサービスであること。")


def test_ismap_list_is_read_by_headers():
    entries = load_ismap_list(LIST)
    assert len(entries) == 4 and entries[0].number == "C23-0001-1" and entries[0].expires == dt.date(2029, 3, 31)


@pytest.mark.parametrize("text,until,status,flag", [
    ("ISMAP登録済み（登録番号 C23-0001-1）", dt.date(2028, 3, 31), "met", "ismap_verified"),
    ("ISMAP登録済み（登録番号 C24-0123-1）", dt.date(2028, 3, 31), "unmet", "ismap_expired"),
    ("ISMAP登録済み（登録番号 C99-9999-9）", dt.date(2028, 3, 31), "unmet", "ismap_not_on_list"),
    ("ISMAPに登録されています", dt.date(2028, 3, 31), "partial", "ismap_not_on_list"),
    ("【架空】イプシロン行政AI基盤（サンプル）としてISMAP登録", dt.date(2028, 3, 31), "met", "ismap_verified"),
])
def test_ismap_claims_against_the_list(text, until, status, flag):
    r = ismap_result(text)
    check_claims([r], load_ismap_list(LIST), until)
    assert r.status == status and flag in r.flags, r.reason


def test_applied_only_is_unmet_with_or_without_a_list(tmp_path):
    rows = [(rid, text, "○", "ISMAPは申請中です" if rid == "3" else "対応") for rid, _c, text in SPEC_ROWS]
    for lst in (None, LIST):
        rep = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows)], "fuzzy", ismap_list=lst)
        r = next(x for x in rep.responses[0].results if x.id == "3")
        assert r.status == "unmet" and "ismap_applied_only" in r.flags
        assert any(("ISMAPリストが指定されていない" in n) == (lst is None) for n in rep.notes)


@pytest.mark.parametrize("content,needle", [
    ("名前,値\nx,y\n", "登録番号"),
    ("登録番号,クラウドサービスの名称\n不明,なし\n", "登録番号"),
])
def test_malformed_ismap_list(tmp_path, content, needle):
    p = tmp_path / "list.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError, match=needle):
        load_ismap_list(p)


def test_shift_jis_csv_is_read(tmp_path):
    p = tmp_path / "sjis.csv"
    p.write_bytes(LIST.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    assert load_ismap_list(p)[0].number == "C23-0001-1"


def test_excel_and_word_of_one_vendor_merge_and_conflicts_are_flagged(tmp_path):
    rows = [(rid, text, "○", "対応します") for rid, _c, text in SPEC_ROWS]
    sheet = answer_xlsx(tmp_path / "a.xlsx", rows)
    doc = proposal_docx(tmp_path / "a.docx", ["入力データはサービス改善のために学習に利用する場合があります。",
                                              "利用状況はアカウント別にCSVでダウンロードできます。"])
    rep = score(spec_xlsx(tmp_path / "s.xlsx"), [sheet, doc], None, vendors=["同一株式会社"])
    assert len(rep.responses) == 1 and rep.responses[0].vendor == "同一株式会社"
    res = {r.id: r for r in rep.responses[0].results}
    assert res["1"].status == "unmet" and "cross_document_conflict" in res["1"].flags
    assert "a.xlsx" in res["1"].reason and "a.docx" in res["1"].reason
    assert res["5"].status == "met" and "cross_document_conflict" not in res["5"].flags


def test_vendor_count_must_fit(tmp_path):
    with pytest.raises(InputFileError, match="--vendor"):
        score(spec_xlsx(tmp_path / "s.xlsx"), [tmp_path / "a", tmp_path / "b", tmp_path / "c"], "fuzzy", vendors=["x", "y"])


def test_check_exit_3_with_advice_when_a_mandatory_item_fails(tmp_path):
    code, stdout, _e = run_cli(["check", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", SAMPLES / "responses" / "vendor_d_delta.xlsx",
                                "--json", tmp_path / "c.json"])
    assert code == 3  # gaps: distinct from bad input (1) and usage (64)
    assert "入力データを学習（モデル改善・サービス改善を含む）に利用しない旨を明記" in stdout
    assert "ISMAPは登録済みであることが必要です" in stdout
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert all(f["fix"] for f in data["findings"])


def test_check_exit_0_when_every_mandatory_item_is_met(tmp_path):
    rows = [(rid, text, "○", "標準機能で対応します。") for rid, _c, text in SPEC_ROWS if rid != "6"]
    code, stdout, stderr = run_cli(["check", "--spec", spec_xlsx(tmp_path / "s.xlsx"), "-r", answer_xlsx(tmp_path / "a.xlsx", rows), "-e", "fuzzy"])
    assert code == 0, stdout + stderr
    assert "[任意・記載なし] 6" in stdout


def test_check_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"{\\rtf1 hello}")
    code, _o, stderr = run_cli(["check", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", bad])
    assert code == 1 and "RTF" in stderr and stderr.count("\n") == 1
