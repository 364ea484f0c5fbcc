"""The Q&A round trip: the returned 質問書's replies become evidence (role qa, flag qa_answer) and re-judge the
requirement with the scorer's judge; blank replies change nothing; unknown ids stop with one line naming the cell."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from specgen.errors import InputFileError
from specgen.evaluation.scorejson import check_score
from specgen.feedback import apply_answers, build_questions, read_answers, responses_from_score
from specgen.feedback.answers import apply_answer_files
from specgen.feedback.questions_xlsx import ANSWER_COL, HEADER_ROW, ID_COL, VENDOR_COL, questions_xlsx
from specgen.scoring.model import Evidence, ResponseResult, Result

REQ_SEATS = "アカウントの同時接続数は50以上とすること。"
REQ_RAG = "RAGにより庁内文書を取り込み、その内容に基づいて回答できること。"
REQ_LOG = "操作ログを1年以上保存すること。"


def _score() -> dict:
    mark = lambda cell, m: Evidence(f"回答書!{cell}", m, 1.0, "mark")  # noqa: E731
    results = [
        Result("N-01", "partial", 0.8, ["extra_cost"], [mark("C5", "○"), Evidence("回答書!D5", "50接続には追加ライセンス（有償）が必要です。", 1.0, "answer")],
               "○と回答しているが、オプション・追加費用が必要（「50接続には追加ライセンス（有償）が必要です。」）", True, requirement=REQ_SEATS),
        Result("N-02", "partial", 0.8, ["partial_mark"], [mark("C6", "△")], "△（一部対応）と回答：条件の記載なし", False, requirement=REQ_RAG),
        Result("N-03", "missing", 0.8, ["not_addressed"], [], "該当する回答が見つからない", True, requirement=REQ_LOG, needs_review=True),
    ]
    other = [Result(r.id, "met", 0.97, [], [], "○（対応可）と回答", r.mandatory, requirement=r.requirement) for r in results]
    data = {"spec": {"source": "spec.xlsx"}, "responses": [ResponseResult("a.xlsx", "株式会社アルファ", results).to_dict(),
                                                          ResponseResult("b.xlsx", "ベータ株式会社", other).to_dict()]}
    return check_score(json.loads(json.dumps(data)))


def _returned(tmp_path: Path, score: dict, replies: dict[str, str], name: str = "回答済み.xlsx") -> Path:
    """The 質問書 as specgen writes it, filled in by the vendor (only the 回答 cells, as the protection allows)."""
    sets = [build_questions(r) for r in responses_from_score(score)]
    wb = load_workbook(io.BytesIO(questions_xlsx(sets)))
    ws = wb[wb.sheetnames[0]]
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        rid = ws.cell(row=row, column=ID_COL).value
        if rid in replies:
            ws.cell(row=row, column=ANSWER_COL).value = replies[rid]
    path = tmp_path / name
    wb.save(path)
    return path


def test_replies_rejudge_partial_to_met_and_unmet_and_blank_changes_nothing(tmp_path):
    score = _score()
    path = _returned(tmp_path, score, {"N-01": "対応可能です。50接続まで追加費用なしで提供します。", "N-02": "対応できません。", "N-03": ""})
    replies = read_answers(path)
    assert [(r.req_id, r.vendor) for r in replies] == [("N-01", "株式会社アルファ"), ("N-02", "株式会社アルファ")]
    before = json.loads(json.dumps(score))
    out, notes = apply_answers(score, replies)
    got = {r["id"]: r for r in out["responses"][0]["results"]}
    assert got["N-01"]["status"] == "met" and got["N-02"]["status"] == "unmet"
    for rid in ("N-01", "N-02"):
        assert "qa_answer" in got[rid]["flags"] and got[rid]["evidence"][0]["role"] == "qa"
        assert got[rid]["evidence"][0]["where"].startswith("回答済み.xlsx: ")
        assert got[rid]["details"]["qa"][0]["previous_status"] == "partial"
        assert got[rid]["reason"].startswith("質問への回答：")
    assert got["N-01"]["evidence"][1:] == before["responses"][0]["results"][0]["evidence"]   # earlier evidence kept
    assert got["N-03"] == before["responses"][0]["results"][2]                               # blank reply: unchanged
    assert out["responses"][1] == before["responses"][1]
    assert out["responses"][0]["summary"]["met"] == 1 and out["responses"][0]["summary"]["unmet"] == 1
    assert any("判定が変わった要件 2 件" in n for n in notes)
    # the same workbook again does not add the reply twice
    again, notes2 = apply_answers(out, read_answers(path))
    assert len(again["responses"][0]["results"][0]["evidence"]) == len(got["N-01"]["evidence"])
    assert any("既に反映済み" in n for n in notes2)


def test_a_reply_that_commits_to_nothing_keeps_the_status_for_review(tmp_path):
    score = _score()
    out, notes = apply_answers(score, read_answers(_returned(tmp_path, score, {"N-01": "了"})))
    r = out["responses"][0]["results"][0]
    assert r["status"] == "partial" and r["needs_review"] and "qa_answer" in r["flags"] and r["evidence"][0]["role"] == "qa"
    assert any("明確でない" in n for n in notes)


def test_unknown_question_id_or_vendor_is_one_line_naming_the_cell(tmp_path):
    score = _score()
    path = _returned(tmp_path, score, {"N-01": "対応可能です。"})
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    ws.cell(row=HEADER_ROW + 1, column=ID_COL).value = "Z-99"
    wb.save(tmp_path / "bad_id.xlsx")
    with pytest.raises(InputFileError) as e:
        apply_answer_files(score, [tmp_path / "bad_id.xlsx"])
    msg = str(e.value)
    assert "\n" not in msg and "Z-99" in msg and f"!{ws.cell(row=HEADER_ROW + 1, column=ID_COL).coordinate}" in msg
    ws.cell(row=HEADER_ROW + 1, column=ID_COL).value = "N-01"
    ws.cell(row=HEADER_ROW + 1, column=VENDOR_COL).value = "ガンマ株式会社"
    wb.save(tmp_path / "bad_vendor.xlsx")
    with pytest.raises(InputFileError) as e:
        apply_answer_files(score, [tmp_path / "bad_vendor.xlsx"])
    assert "ガンマ株式会社" in str(e.value) and f"!{ws.cell(row=HEADER_ROW + 1, column=VENDOR_COL).coordinate}" in str(e.value)


def test_a_workbook_that_is_not_a_questionnaire_is_refused(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "回答"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(InputFileError, match="質問書ではありません"):
        read_answers(tmp_path / "other.xlsx")


def test_compare_answers_through_the_cli(tmp_path):
    score = _score()
    sj = tmp_path / "score.json"
    sj.write_text(json.dumps(score, ensure_ascii=False), "utf-8")
    answers = _returned(tmp_path, score, {"N-01": "対応可能です。追加費用なしで50接続を提供します。"})
    code, out, err = run_cli(["compare", "--score-json", sj, "--answers", answers, "--out", tmp_path / "eval",
                              "--questions", tmp_path / "q", "-q"])
    assert code == 0, err
    written = json.loads((tmp_path / "eval" / "score.json").read_text("utf-8"))
    r = written["responses"][0]["results"][0]
    assert r["status"] == "met" and r["evidence"][0]["role"] == "qa"
    # the new 質問書 no longer asks what was answered
    wb = load_workbook(tmp_path / "q" / "質問書.xlsx")
    ids = [c.value for c in wb[wb.sheetnames[0]].iter_cols(min_col=ID_COL, max_col=ID_COL, min_row=HEADER_ROW + 1) for c in c]
    assert "N-01" not in ids and "N-02" in ids
    bad = tmp_path / "bad.xlsx"
    wb = load_workbook(answers)
    wb[wb.sheetnames[0]].cell(row=HEADER_ROW + 1, column=ID_COL).value = "Z-99"
    wb.save(bad)
    code, out, err = run_cli(["compare", "--score-json", sj, "--answers", bad, "--out", tmp_path / "eval2"])
    assert code == 1 and "Z-99" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "eval2" / "evaluation.xlsx").exists()
