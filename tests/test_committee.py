"""The committee's day through the command line: nothing a member or the secretary entered is ever lost.

The README walk-through (score → compare with prices → two members' decisions → re-run → final workbook) runs
end to end; concurrent and sequential --overrides runs keep every decision; stale copies, withdrawals,
disputes, the chair, vendor names that look like formulas, formulas without values and conflicting rows are
each handled in the open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from committee_helpers import columns, decisions_in, member_copy, result, row_of, score_of
from conftest import ROOT, SAMPLES, run_cli
from rawooxml import xlsx as raw_xlsx

RESPONSES = sorted((SAMPLES / "responses").iterdir())
pytestmark = pytest.mark.slow  # end-to-end runs of the CLI over the sample set, several processes


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """`specgen score` over the sample bids, as the README's first step (fuzzy encoder: fast and deterministic)."""
    out = tmp_path_factory.mktemp("scored")
    args = ["score", "--spec", SAMPLES / "spec_city_genai.xlsx", "--json", out / "score.json", "-e", "fuzzy", "-q"]
    for r in RESPONSES:
        args += ["-r", r]
    code, _o, err = run_cli(args)
    assert code == 0, err
    return out / "score.json"


def summary_prices(path: Path) -> dict[str, object]:
    ws = load_workbook(path)["総括"]
    col = columns(ws, 6)
    return {str(ws.cell(r, col["事業者"]).value): ws.cell(r, col["入札価格（円）"]).value for r in range(7, ws.max_row + 1)
            if ws.cell(r, col["事業者"]).value and ws.cell(r, col["入札価格（円）"]).value is not None}


def record(folder: Path) -> list[dict]:
    return json.loads((folder / "committee.json").read_text(encoding="utf-8"))["events"]


def test_readme_rerun_with_overrides_keeps_the_prices(tmp_path, scored):
    """Issue 10 defect 1: the README's second command used to blank 入札価格 and drop 総合 from 135.88 to 88.24."""
    out = tmp_path / "eval"
    code, first, err = run_cli(["compare", "--score-json", scored, "--price", "株式会社アルファ情報=12000000",
                                "--price", "イプシロン株式会社=9800000", "--out", out])
    assert code == 0, err
    code, second, err = run_cli(["compare", "--score-json", out / "score.json", "--overrides", out / "evaluation.xlsx", "--out", out])
    assert code == 0, err
    assert summary_prices(out / "evaluation.xlsx") == {"株式会社アルファ情報": 12_000_000, "イプシロン株式会社": 9_800_000}
    assert first.splitlines()[:5] == second.splitlines()[:5]  # same ranking and 総合
    ws = load_workbook(out / "evaluation.xlsx")["監査"]
    audit = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "株式会社アルファ情報：12,000,000 円（--price" in audit


def test_readme_committee_walkthrough_loses_nothing(tmp_path, scored):
    """score → compare with a price → two members' workbooks (decisions and a price) → re-run → chair → final."""
    out = tmp_path / "eval"
    code, _o, err = run_cli(["compare", "--score-json", scored, "--price", "株式会社アルファ情報=12000000", "--out", out])
    assert code == 0, err
    book = out / "evaluation.xlsx"
    entered = [
        ("株式会社アルファ情報", "8", "充足", "見積書でオプション費用が本体価格に含まれることを確認", "委員A"),
        ("イプシロン株式会社", "7", "充足", "ヒアリングで標準機能と確認", "委員A"),
        ("ベータシステムズ株式会社", "21", "不充足", "ISMAP申請中のみ", "委員A"),
        ("株式会社アルファ情報", "8", "一部", "オプション費用が別途", "委員B"),      # disagrees with 委員A
        ("イプシロン株式会社", "7", "充足", "デモで確認した", "委員B"),             # agrees with 委員A
        ("株式会社アルファ情報", "35", "充足", "契約書案で通知期限を確認", "委員B"),
    ]
    a = member_copy(book, tmp_path / "委員A.xlsx", entered[:3], prices={"イプシロン株式会社": "9,800,000円"})
    b = member_copy(book, tmp_path / "委員B.xlsx", entered[3:])
    code, stdout, err = run_cli(["compare", "--score-json", out / "score.json", "--overrides", a, "--overrides", b, "--out", out])
    assert code == 0, err
    assert "委員間で判断が分かれている項目が 1 件" in stdout
    shown = decisions_in(book)
    for vendor, rid, status, reason, member in entered:
        assert shown[(vendor, rid, member)] == (status, reason)
    # the plain re-run (README) and a re-run naming the chair keep all of it
    code, _o, err = run_cli(["compare", "--score-json", out / "score.json", "--out", out])
    assert code == 0, err
    code, stdout, err = run_cli(["compare", "--score-json", out / "score.json", "--out", out, "--chair", "委員B"])
    assert code == 0, err
    shown = decisions_in(book)
    for vendor, rid, status, reason, member in entered:
        assert shown[(vendor, rid, member)] == (status, reason), (vendor, rid, member)
    assert summary_prices(book) == {"株式会社アルファ情報": 12_000_000, "イプシロン株式会社": 9_800_000}
    wb = load_workbook(book)
    ws = wb["判定"]
    col = columns(ws)
    r = row_of(ws, "株式会社アルファ情報", "8")
    assert ws.cell(r, col["採用判定"]).value == "一部"  # the chair's decision settles the dispute
    assert "委員A：充足" in ws.cell(r, col["記録済みの委員判断"]).value and "→ 委員長裁定" in ws.cell(r, col["記録済みの委員判断"]).value
    assert ws.cell(r, col["根拠（場所）"]).value  # where the evidence is, beside the text
    events = record(out)
    assert {(e.get("member"), e.get("req")) for e in events if e["type"] == "decision"} == {(m, rid) for _v, rid, _s, _r, m in entered}
    assert sum(e["type"] == "price" for e in events) == 2 and any(e["type"] == "chair" for e in events)
    md = (out / "evaluation.md").read_text(encoding="utf-8")
    assert "None" not in md and "9,800,000" in md and "委員長裁定" in md


def _launch(args: list, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "specgen", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)


@pytest.mark.parametrize("together", [True, False], ids=["at-once", "one-after-the-other"])
def test_two_members_overrides_keep_every_decision(tmp_path, together):
    score = score_of(**{f"V{i}": [result(str(n), "partial") for n in range(1, 9)] for i in range(3)})
    (tmp_path / "score.json").write_text(json.dumps(score, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "eval"
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "score.json", "--out", out, "-q"])
    assert code == 0, err
    a_entries = [(f"V{i}", str(n), "充足", f"A の理由 {i}-{n}", "委員A") for i in range(3) for n in range(1, 9, 2)]
    b_entries = [(f"V{i}", str(n), "不充足", f"B の理由 {i}-{n}", "委員B") for i in range(3) for n in range(2, 9, 2)]
    a = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", a_entries)
    b = member_copy(out / "evaluation.xlsx", tmp_path / "b.xlsx", b_entries)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    runs = [["compare", "--score-json", tmp_path / "score.json", "--overrides", x, "--out", out, "-q"] for x in (a, b)]
    if together:
        procs = [_launch(r, env) for r in runs]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    else:  # one after the other, in this process
        results = [(o, e, code) for code, o, e in (run_cli(r) for r in runs)]
    assert all(rc == 0 for _o, _e, rc in results), results
    shown = decisions_in(out / "evaluation.xlsx")
    for vendor, rid, status, reason, member in a_entries + b_entries:
        assert shown[(vendor, rid, member)] == (status, reason)
    assert len([e for e in record(out) if e["type"] == "decision"]) == len(a_entries) + len(b_entries)
    assert not [p for p in out.iterdir() if p.name.startswith(".specgen-") or p.name.endswith(".tmp")]


def test_stale_copy_does_not_undo_a_newer_decision(tmp_path):
    score = score_of(A=[result("1", "partial")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    old = member_copy(out / "evaluation.xlsx", tmp_path / "old.xlsx", [("A", "1", "充足", "最初の判断", "委員A")])
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "--overrides", old, "-q"])[0] == 0
    new = member_copy(out / "evaluation.xlsx", tmp_path / "new.xlsx", [("A", "1", "不充足", "見直した", "委員A")])
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "--overrides", new, "-q"])[0] == 0
    code, stdout, _e = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "--overrides", old])
    assert code == 0 and "より新しいワークブックでの判断があるため採用していません" in stdout
    assert decisions_in(out / "evaluation.xlsx")[("A", "1", "委員A")] == ("不充足", "見直した")
    assert [e["reason"] for e in record(out) if e["type"] == "decision"] == ["最初の判断", "見直した"]


def test_withdrawal_removes_a_decision_but_keeps_the_record(tmp_path):
    score = score_of(A=[result("1", "partial")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    member_copy(out / "evaluation.xlsx", out / "evaluation.xlsx", [("A", "1", "充足", "確認", "委員A")])
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])[0] == 0
    member_copy(out / "evaluation.xlsx", out / "evaluation.xlsx", [("A", "1", "取消", None, "委員A")])
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])[0] == 0
    assert decisions_in(out / "evaluation.xlsx") == {}
    assert [e["type"] for e in record(out)] == ["decision", "withdraw"]


@pytest.mark.parametrize("vendor", ["@IT株式会社", "=HYPERLINK(\"http://x\",\"y\")", "+81 Corp", "-minus株式会社", "\t=1+1 株式会社", "＝全角"])
def test_vendor_names_that_look_like_formulas_match_on_rerun_and_never_become_formulas(tmp_path, vendor):
    score = score_of(**{vendor: [result("1", "partial"), result("2", "met")], "普通株式会社": [result("1", "met"), result("2", "met")]})
    (tmp_path / "s.json").write_text(json.dumps(score, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "eval"
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q", "--price", "普通株式会社=1000000"])[0] == 0
    a = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", [(vendor, "1", "充足", "確認した", "委員A")], prices={vendor: 2_000_000})
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", a, "--out", out, "-q"])
    assert code == 0, err
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])  # and again, from the record
    assert code == 0, err
    assert decisions_in(out / "evaluation.xlsx")[(vendor, "1", "委員A")] == ("充足", "確認した")
    assert summary_prices(out / "evaluation.xlsx")["'" + vendor] == 2_000_000
    wb = load_workbook(out / "evaluation.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and ws.title != "_specgen":
                    assert not c.value.lstrip(" \t\r\n").startswith(("=", "+", "-", "@", "＝")), (ws.title, c.coordinate, c.value)


def test_formula_without_a_cached_value_is_named_not_dropped(tmp_path):
    score = score_of(A=[result("1", "partial")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    a = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", [("A", "1", '=IF(1,"充足","")', "確認", "委員A")])
    before = (out / "evaluation.xlsx").read_bytes()
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", a, "--out", out])
    assert code == 1 and "a.xlsx 判定!L5" in err and "数式" in err and "Traceback" not in err
    assert (out / "evaluation.xlsx").read_bytes() == before


def test_duplicate_conflicting_rows_are_reported_with_both_cells(tmp_path):
    score = score_of(A=[result("1", "partial")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    path = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", [("A", "1", "充足", "確認", "委員A")])
    wb = load_workbook(path)
    ws = wb["判定"]
    for c in range(1, ws.max_column + 1):  # the member copied the row and changed the decision
        ws.cell(6, c).value = ws.cell(5, c).value
    ws.cell(6, columns(ws)["委員判定"]).value = "不充足"
    wb.save(path)
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", path, "--out", out])
    assert code == 1 and "判定!L6" in err and "判定!L5" in err and "食い違" in err


def test_a_reason_without_a_decision_and_a_hidden_sheet_are_problems(tmp_path):
    score = score_of(A=[result("1", "partial"), result("2", "partial")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    a = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", [("A", "2", None, "理由だけ書いた", "委員A")])
    hidden = member_copy(out / "evaluation.xlsx", tmp_path / "h.xlsx", [("A", "1", "充足", "確認", "委員B")])
    wb = load_workbook(hidden)
    wb["判定"].sheet_state = "hidden"
    wb.save(hidden)
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", a, "--overrides", hidden, "--out", out])
    assert code == 1
    assert "a.xlsx 判定!L6: 委員判定が空です" in err and "h.xlsx: シート「判定」が非表示" in err
    assert err.count("\n") == 3  # a summary line and one line per problem


def test_prices_typed_into_the_summary_sheet_are_validated_and_kept(tmp_path):
    score = score_of(A=[result("1", "met")], B=[result("1", "met")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "eval"
    run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])
    bad = member_copy(out / "evaluation.xlsx", tmp_path / "bad.xlsx", [], prices={"A": "-5", "B": "nan"})
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", bad, "--out", out])
    assert code == 1 and "bad.xlsx 総括!F7" in err and "bad.xlsx 総括!F8" in err
    good = member_copy(out / "evaluation.xlsx", tmp_path / "good.xlsx", [], prices={"A": "1,200万円", "B": 9_000_000})
    code, stdout, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", good, "--out", out])
    assert code == 0, err
    assert summary_prices(out / "evaluation.xlsx") == {"A": 12_000_000, "B": 9_000_000} and "   1  B" in stdout
    other = member_copy(good, tmp_path / "other.xlsx", [], prices={"A": 11_000_000})
    third = member_copy(good, tmp_path / "third.xlsx", [], prices={"A": 13_000_000})
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", other, "--overrides", third, "--out", out])
    assert code == 1 and "入札価格が食い違っています" in err
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", other, "--overrides", third, "--out", out,
                             "--price", "A=11000000"])
    assert code == 0, err


@pytest.mark.parametrize("price", ["A=nan", "A=inf", "A=1e400", "A=-1", "A=0", "A=abc", "no-equals"])
def test_absurd_command_line_prices_are_usage_errors(tmp_path, price):
    (tmp_path / "s.json").write_text(json.dumps(score_of(A=[result("1", "met")])), encoding="utf-8")
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", tmp_path / "o", "--price", price])
    assert code == 64 and err.count("\n") == 1 and "--price" in err
    assert not (tmp_path / "o" / "evaluation.xlsx").exists()


def test_missing_prices_are_flagged_and_never_shown_as_none(tmp_path, scored):
    code, stdout, _e = run_cli(["compare", "--score-json", scored, "--price", "株式会社アルファ情報=12000000", "--out", tmp_path])
    assert code == 0 and "入札価格が未入力です：イプシロン株式会社" in stdout and "暫定1" in stdout
    md = (tmp_path / "evaluation.md").read_text(encoding="utf-8")
    assert "None" not in md and "順位：暫定" in md


def test_200000_decision_rows_are_refused_quickly(tmp_path):
    import time

    score = score_of(A=[result("1", "met")])
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    head = [["要件番号", "事業者", "委員判定", "判断理由", "委員名"]]
    rows = head + [["1"] for _ in range(200_000)]  # the sheet's real extent is refused before any row is parsed
    big = raw_xlsx(tmp_path / "big.xlsx", rows, sheet="判定")
    t = time.perf_counter()
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", big, "--out", tmp_path / "o"])
    assert code == 1 and "シートが大きすぎます" in err and time.perf_counter() - t < 10


def test_a_workbook_written_before_the_record_existed_is_read_by_its_visible_names(tmp_path):
    from openpyxl import Workbook

    (tmp_path / "s.json").write_text(json.dumps(score_of(**{"@IT株式会社": [result("1", "partial")]}), ensure_ascii=False), encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.title = "判定"
    ws.append(["要件ごとの判定"])
    ws.append([])
    ws.append([])
    ws.append(["要件番号", "必須/任意", "配点", "要件", "事業者", "ツール判定", "ツールの理由", "フラグ", "委員判定", "判断理由", "委員名", "採用判定", "得点"])
    ws.append(["1", "必須", 2, "要件1", "'@IT株式会社", "一部", "r", "", "充足", "旧版で記入", "委員A", "一部", 1])
    old = tmp_path / "old.xlsx"
    wb.save(old)
    code, stdout, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--overrides", old, "--out", tmp_path / "o"])
    assert code == 0, err
    assert "以前の形式" in stdout
    assert decisions_in(tmp_path / "o" / "evaluation.xlsx")[("@IT株式会社", "1", "委員A")] == ("充足", "旧版で記入")


def test_a_damaged_committee_record_stops_the_run_and_is_kept(tmp_path):
    (tmp_path / "s.json").write_text(json.dumps(score_of(A=[result("1", "met")])), encoding="utf-8")
    out = tmp_path / "o"
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])[0] == 0
    (out / "committee.json").write_text('{"format": "something else"}', encoding="utf-8")
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out])
    assert code == 1 and "committee.json" in err and "移して" in err
    assert (out / "committee.json").read_text(encoding="utf-8") == '{"format": "something else"}'
