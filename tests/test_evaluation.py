"""Committee evaluation (library level): gate, points, both 総合評価 methods, rounding, prices, decisions."""

from __future__ import annotations

import math

import pytest
from openpyxl import load_workbook

from committee_helpers import SCORE, member_copy, result, score_of
from conftest import SAMPLES
from specgen.errors import ProblemsError, ProjectFileError, UsageError
from specgen.evaluation.compare import parse_prices, run_compare
from specgen.evaluation.entries import read_entries
from specgen.evaluation.evaluate import Override, evaluate, r2
from specgen.evaluation.ledger import CellDecision, Event, Ledger, MemberDecision
from specgen.evaluation.prices import PriceError, match_vendor, parse_yen, vendor_key
from specgen.evaluation.rules import Rules, load_rules


def by(ev, name):
    return next(v for v in ev.vendors if v.vendor == name)


def test_gate_marks_unmet_or_missing_mandatory_as_disqualification_candidate():
    ev = evaluate(SCORE, Rules())
    assert {v.vendor: v.gate for v in ev.vendors} == {"A": "合格", "B": "失格候補", "C": "要判断"}
    assert by(ev, "B").gate_reasons[0].startswith("1（不充足）")
    assert by(ev, "B").rank is None and by(ev, "B").provisional_rank is None  # not ranked until members decide


def test_points_use_default_weights_and_status_rule():
    c = by(evaluate(SCORE, Rules()), "C")
    # weights 2 + 2 + 5 = 9; C earns 2×0.5 + 2×1 + 5×0.5 = 5.5
    assert c.tech_raw == pytest.approx(5.5) and c.tech_score == 61.11


def test_weights_from_the_spec_win_and_rules_are_configurable():
    score = score_of(A=[result("1", "partial", weight=10), result("2", "met", weight=0)])
    ev = evaluate(score, Rules.model_validate({"status_points": {"partial": 0.25}}))
    assert ev.vendors[0].tech_raw == pytest.approx(2.5)


def test_addition_method_adds_price_points_relative_to_the_lowest_price():
    ev = evaluate(SCORE, Rules(method="add"), {"A": 10_000_000, "C": 8_000_000, "B": 1})
    a, c = by(ev, "A"), by(ev, "C")
    assert c.price_points == 50 and a.price_points == 40  # 50 × 8M / 10M; B (失格候補) is not the lowest
    assert a.total == r2(a.tech_score + 40) and a.rank == 1


def test_division_method_and_one_rounding_rule():
    ev = evaluate(SCORE, Rules(method="div"), {"A": 12_000_000, "C": 9_800_000})
    a = by(ev, "A")
    assert a.total == 16.67  # (100 + 100) / 12,000,000 × 1,000,000 = 16.666… → 16.67, two decimals like every figure
    assert {v.vendor: v.total is None for v in ev.vendors} == {"A": False, "B": True, "C": False}  # B is 失格候補
    for v in ev.vendors:
        for x in (v.tech_score, v.total) if v.total is not None else (v.tech_score,):
            assert round(x, 2) == x, (v.vendor, x)


def test_round_half_up_not_to_even():
    assert r2(0.125) == 0.13 and r2(2.675) == 2.68 and r2(85.875) == 85.88


def test_missing_prices_make_the_ranking_provisional_and_are_named():
    ev = evaluate(SCORE, Rules(), {"A": 12_000_000})
    assert ev.missing_prices == ["C"] and not ev.final
    assert by(ev, "A").total is None and by(ev, "A").rank is None  # no 価格点 without the lowest price of all bids
    assert by(ev, "A").rank_label == "暫定1" and by(ev, "C").rank_label == "暫定2"


def test_absurd_price_is_flagged():
    score = score_of(A=[result("1", "met")], B=[result("1", "met")], C=[result("1", "met")])
    ev = evaluate(score, Rules(), {"A": 12_000_000, "B": 11_000_000, "C": 12_000})
    assert any("C" in w and "桁" in w for w in ev.price_warnings)


def test_equal_totals_share_a_rank():
    score = score_of(A=[result("1", "met")], B=[result("1", "met")])
    ev = evaluate(score, Rules(), {"A": 10_000_000, "B": 10_000_000})
    assert {v.rank for v in ev.vendors} == {1} and ev.ties == ["A", "B"]


@pytest.mark.parametrize("text,yen", [("12,000,000", 12_000_000), ("12000000円", 12_000_000), ("1,200万円", 12_000_000),
                                      ("１２００００００", 12_000_000), ("¥9,800,000", 9_800_000), ("1億2,000万", 120_000_000),
                                      (12_000_000.0, 12_000_000), (5, 5)])
def test_prices_as_people_write_them(text, yen):
    assert parse_yen(text) == yen


@pytest.mark.parametrize("bad", ["nan", "inf", "1e400", "-5", "0", "abc", "", float("nan"), float("inf"), -1, 0, 1.5, "12.5", "10**13", "99999999999999999"])
def test_absurd_prices_are_refused(bad):
    with pytest.raises(PriceError) as e:
        parse_yen(bad)
    expected = {"-5": "負の金額です", -1: "負の金額です", "0": "0 円以下の金額です", 0: "0 円以下の金額です", "": "金額がありません",
                1.5: "円未満の端数があります", "12.5": "円未満の端数があります",
                "99999999999999999": "金額が大きすぎます（10,000,000,000,000 円まで）"}
    if isinstance(bad, float) and not math.isfinite(bad):
        assert str(e.value) == "数値ではありません（NaN・無限大）"
    elif bad in expected and not (isinstance(bad, float) and bad != bad):
        assert str(e.value) == expected[bad]
    else:
        assert str(e.value) == f"「{bad}」は金額として読めません（例 12,000,000 / 1,200万）"


def test_price_options_report_every_bad_one_at_once():
    assert parse_prices(["株式会社A=12,000,000", "B=9800000円"]) == {"株式会社A": 12_000_000, "B": 9_800_000}
    with pytest.raises(UsageError) as e:
        parse_prices(["no-amount", "A=nan", "B=-1", "C=0"])
    assert str(e.value).count("\n") == 3


def test_vendor_matching_by_key_and_unique_part():
    vendors = {vendor_key(n): n for n in ("株式会社アルファ情報", "ベータシステムズ株式会社")}
    assert match_vendor("株式会社 アルファ情報", vendors) == vendor_key("株式会社アルファ情報")
    assert match_vendor("アルファ", vendors) == vendor_key("株式会社アルファ情報")
    assert match_vendor("株式会社", vendors) is None  # fits both: refused rather than guessed


def test_override_changes_the_decision_but_keeps_the_proposal():
    ev = evaluate(SCORE, Rules(), overrides={("B", "1"): Override("met", "ヒアリングで対応可能と確認", "委員A")})
    b = by(ev, "B")
    assert b.gate == "合格" and b.cells[0].proposal == "unmet" and b.cells[0].decided == "met"


def test_members_who_disagree_leave_the_bid_undecided_until_the_chair_decides():
    dispute = CellDecision([MemberDecision("委員A", "met", "確認済み", "", "", ""), MemberDecision("委員B", "unmet", "根拠なし", "", "", "")],
                           None, "disputed")
    ev = evaluate(SCORE, Rules(), decisions={(vendor_key("B"), "1"): dispute})
    b = by(ev, "B")
    assert b.gate == "要判断" and b.cells[0].disputed and "委員間で判断が分かれています" in b.pending[0]
    assert ev.disputes and not ev.final


def test_ledger_folds_entries_by_workbook_age_then_time():
    ledger = Ledger()
    old = Event.new("decision", vendor_key="b", req="1", member="委員A", status="unmet", reason="古い", basis="2026-01-01T00:00:00.000000Z", at="2026-03-01T00:00:00.000000Z")
    new = Event.new("decision", vendor_key="b", req="1", member="委員 A", status="met", reason="新しい", basis="2026-02-01T00:00:00.000000Z", at="2026-02-02T00:00:00.000000Z")
    out = ledger.ingest([new, old])  # the stale copy is read last, but was written first
    assert out.superseded == [old] and ledger.cells()[("b", "1")].members[0].reason == "新しい"
    assert len(ledger.events) == 2  # kept, never dropped
    again = ledger.ingest([Event.new("decision", vendor_key="b", req="1", member="委員A", status="met", reason="新しい",
                                     basis="2026-03-01T00:00:00.000000Z", at="2026-03-01T00:00:00.000000Z")])
    assert not again.added and len(ledger.events) == 2  # the same decision again is not a new entry
    w = ledger.ingest([Event.new("withdraw", vendor_key="b", req="1", member="委員A", basis="2026-04-01T00:00:00.000000Z", at="2026-04-01T00:00:00.000000Z")])
    assert w.added and ("b", "1") not in ledger.cells()


def test_chair_settles_a_dispute():
    ledger = Ledger()
    t = "2026-01-01T00:00:00.000000Z"
    ledger.ingest([Event.new("decision", vendor_key="b", req="1", member="委員A", status="met", reason="x", basis=t, at=t),
                   Event.new("decision", vendor_key="b", req="1", member="委員長", status="partial", reason="y", basis=t, at=t)])
    assert ledger.cells()[("b", "1")].state == "disputed"
    ledger.ingest([Event.new("chair", member="委員長", basis=t, at=t)])
    cell = ledger.cells()[("b", "1")]
    assert cell.state == "chair" and cell.adopted == "partial"


def test_override_round_trip_through_the_workbook_and_rerun_keeps_it(tmp_path):
    out = tmp_path / "eval"
    run_compare(out, SCORE, [], title="t")
    member_copy(out / "evaluation.xlsx", out / "evaluation.xlsx", [("B", "1", "充足", "補足資料で対応を確認", "委員長")])
    res = run_compare(out, SCORE, [], title="t")  # the folder's own workbook is read: no --overrides needed
    b = by(res.evaluation, "B")
    assert b.gate == "合格" and b.cells[0].proposal == "unmet" and b.cells[0].decision.members[0].reason == "補足資料で対応を確認"
    again = run_compare(out, SCORE, [], title="t")  # the yellow cells are empty now: the record carries the decision
    assert by(again.evaluation, "B").cells[0].decided == "met"
    ws = load_workbook(out / "evaluation.xlsx")["判定"]
    assert any("補足資料で対応を確認" in str(c.value) for row in ws.iter_rows() for c in row)


def test_decisions_that_no_longer_apply_are_kept_in_their_own_sheet(tmp_path):
    out = tmp_path / "e"
    run_compare(out, SCORE, [], title="t")
    member_copy(out / "evaluation.xlsx", out / "evaluation.xlsx", [("C", "3", "充足", "旧評価", "委員")])
    smaller = score_of(A=[result("1", "met")], B=[result("1", "met")], C=[result("1", "met")])
    res = run_compare(out, smaller, [], title="t")
    assert [(v, r) for v, _k, r, _d in res.evaluation.unapplied] == [("C", "3")]
    wb = load_workbook(out / "evaluation.xlsx")
    assert "未適用の委員判断" in wb.sheetnames
    assert any(c.value == "旧評価" for row in wb["未適用の委員判断"].iter_rows() for c in row)


def test_audit_sheet_records_versions_input_hashes_rules_in_japanese(tmp_path):
    f = tmp_path / "in.xlsx"
    f.write_bytes(b"data")
    run_compare(tmp_path / "o", SCORE, [f], title="t")
    ws = load_workbook(tmp_path / "o" / "evaluation.xlsx")["監査"]
    values = {}
    for r in range(5, ws.max_row + 1):
        values.setdefault(ws.cell(r, 1).value, []).append(str(ws.cell(r, 2).value))
    assert values["ツール"][0].startswith("specgen ") and values["条項ライブラリ"]
    assert any("3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7" in v for v in values["入力ファイル"])
    assert values["照合方式"] == ["文字列の類似度のみ（fuzzy）"]
    assert values["判定ごとの得点率"] == ["充足 1・一部 0.5・不充足 0・記載なし 0"]
    text = " ".join(v for vs in values.values() for v in vs)
    assert "{" not in text and "status_points" not in text  # no raw JSON of the rules
    assert (tmp_path / "o" / "totals.png").stat().st_size > 1000 and (tmp_path / "o" / "heatmap.png").exists()


@pytest.mark.parametrize("cell,value,needle", [
    ("委員判定", "たぶん", "判定「たぶん」が不明"),
    ("判断理由", "", "判断理由が必要"),
    ("委員名", "", "委員名を入力"),
])
def test_malformed_entries_are_named_by_cell(tmp_path, cell, value, needle):
    run_compare(tmp_path / "o", SCORE, [], title="t")
    path = tmp_path / "o" / "evaluation.xlsx"
    wb = load_workbook(path)
    ws = wb["判定"]
    col = {c.value: c.column for c in ws[4]}
    ws.cell(5, col["委員判定"], "充足")
    ws.cell(5, col["判断理由"], "理由")
    ws.cell(5, col["委員名"], "委員")
    ws.cell(5, col[cell]).value = value or None
    wb.save(path)
    got = read_entries(path, "2026-01-01T00:00:00.000000Z", "r")
    assert len(got.problems) == 1 and needle in got.problems[0] and "判定!" in got.problems[0], got.problems


def test_every_problem_of_every_workbook_is_reported_at_once(tmp_path):
    run_compare(tmp_path / "o", SCORE, [], title="t")
    src = tmp_path / "o" / "evaluation.xlsx"
    a = member_copy(src, tmp_path / "a.xlsx", [("A", "1", "たぶん", "x", "委員A"), ("B", "1", "充足", None, "委員A")])
    b = member_copy(src, tmp_path / "b.xlsx", [("C", "1", "充足", "x", None)])
    before = src.read_bytes()
    with pytest.raises(ProblemsError) as e:
        run_compare(tmp_path / "o", SCORE, [], title="t", overrides_files=[a, b])
    assert len(e.value.problems) == 3 and {"a.xlsx", "b.xlsx"} <= {p.split(" ")[0] for p in e.value.problems}
    assert src.read_bytes() == before  # nothing written


def test_overrides_file_without_the_sheet_is_rejected(tmp_path):
    got = read_entries(SAMPLES / "responses" / "vendor_a_alpha.xlsx", "2026-01-01T00:00:00.000000Z", "r")
    assert got.problems and "判定" in got.problems[0]


def test_bad_rules_file_names_key_and_line_in_japanese(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("status_points:\n  met: 2\n", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="line 2") as e:
        load_rules(p)
    assert "値が大きすぎます（1以下）" in str(e.value)
    p.write_text("method: both\n", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="指定できる値ではありません"):
        load_rules(p)
    p.write_text("technical_max: .inf\n", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="有限の数値"):
        load_rules(p)


def test_nan_never_reaches_a_figure():
    ev = evaluate(SCORE, Rules(), {"A": 10_000_000, "C": 10_000_000})
    assert all(not (isinstance(x, float) and math.isnan(x)) for v in ev.vendors for x in (v.tech_score, v.total or 0.0))
