"""Committee evaluation: gate, points, both 総合評価 methods, override round trip, nothing lost."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from conftest import SAMPLES, run_cli
from specgen.errors import InputFileError
from specgen.evaluation.compare import parse_prices, run_compare
from specgen.evaluation.evaluate import Override, evaluate
from specgen.evaluation.rules import Rules, load_rules
from specgen.evaluation.workbook import read_overrides


def result(rid, status, mandatory=True, weight=None, reason="r"):
    return {"id": rid, "status": status, "mandatory": mandatory, "weight": weight, "reason": reason, "flags": [],
            "requirement": f"要件{rid}", "evidence": []}


def score_of(**vendors):
    return {"spec": {"source": "spec.json", "requirements": 3}, "encoder": "fuzzy", "skipped": [],
            "responses": [{"source": f"{v}.xlsx", "vendor": v, "results": rs, "summary": {}} for v, rs in vendors.items()]}


SCORE = score_of(
    A=[result("1", "met"), result("2", "met"), result("3", "met", mandatory=False)],
    B=[result("1", "unmet"), result("2", "met"), result("3", "met", mandatory=False)],
    C=[result("1", "partial"), result("2", "met"), result("3", "partial", mandatory=False)],
)


def test_gate_marks_unmet_or_missing_mandatory_as_disqualification_candidate():
    ev = evaluate(SCORE, Rules())
    gates = {v.vendor: v.gate for v in ev.vendors}
    assert gates == {"A": "合格", "B": "失格候補", "C": "要判断"}
    b = next(v for v in ev.vendors if v.vendor == "B")
    assert b.gate_reasons and b.gate_reasons[0].startswith("1（不充足）")
    assert b.rank is None  # not ranked until members decide


def test_points_use_default_weights_and_status_rule():
    ev = evaluate(SCORE, Rules())
    c = next(v for v in ev.vendors if v.vendor == "C")
    # weights 2 + 2 + 5 = 9; C earns 2×0.5 + 2×1 + 5×0.5 = 5.5
    assert ev.max_raw == 9 and c.tech_raw == pytest.approx(5.5)
    assert c.tech_score == pytest.approx(100 * 5.5 / 9, abs=0.01)


def test_weights_from_the_spec_win_and_rules_are_configurable():
    score = score_of(A=[result("1", "partial", weight=10), result("2", "met", weight=0)])
    rules = Rules.model_validate({"status_points": {"partial": 0.25}})
    ev = evaluate(score, rules)
    assert ev.vendors[0].tech_raw == pytest.approx(2.5)


def test_addition_method_adds_price_points_relative_to_the_lowest_price():
    ev = evaluate(SCORE, Rules(method="add"), {"A": 10_000_000, "C": 8_000_000, "B": 1})
    a = next(v for v in ev.vendors if v.vendor == "A")
    c = next(v for v in ev.vendors if v.vendor == "C")
    assert c.price_points == 50 and a.price_points == 40  # 50 × 8M / 10M; B (失格候補) is not the lowest
    assert a.total == pytest.approx(a.tech_score + 40)


def test_division_method_divides_basic_plus_technical_points_by_price():
    ev = evaluate(SCORE, Rules(method="div"), {"A": 10_000_000, "C": 8_000_000})
    a = next(v for v in ev.vendors if v.vendor == "A")
    assert a.total == pytest.approx((100 + a.tech_score) / 10_000_000 * 1_000_000, rel=1e-6)
    assert {v.vendor: v.rank for v in ev.vendors}["A"] in (1, 2)


def test_override_changes_the_decision_but_keeps_the_proposal():
    ev = evaluate(SCORE, Rules(), overrides={("B", "1"): Override("met", "ヒアリングで対応可能と確認", "委員A")})
    b = next(v for v in ev.vendors if v.vendor == "B")
    assert b.gate == "合格" and b.cells[0].proposal == "unmet" and b.cells[0].decided == "met"


def test_override_round_trip_through_the_workbook_and_rerun_keeps_it(tmp_path):
    out = tmp_path / "eval"
    run_compare(out, SCORE, [], title="t")
    wb = load_workbook(out / "evaluation.xlsx")
    ws = wb["判定"]
    header = [c.value for c in ws[4]]
    col = {h: i + 1 for i, h in enumerate(header)}
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, col["事業者"]).value == "B" and ws.cell(r, col["要件番号"]).value == "1")
    ws.cell(row, col["委員判定"], "充足")
    ws.cell(row, col["判断理由"], "補足資料で対応を確認")
    ws.cell(row, col["委員名"], "委員長")
    wb.save(out / "evaluation.xlsx")

    result_ = run_compare(out, SCORE, [], overrides_file=out / "evaluation.xlsx", title="t")
    b = next(v for v in result_.evaluation.vendors if v.vendor == "B")
    assert b.gate == "合格" and b.cells[0].proposal == "unmet"
    # a re-run without --overrides into the same folder carries the decision over
    again = run_compare(out, SCORE, [], title="t")
    assert next(v for v in again.evaluation.vendors if v.vendor == "B").cells[0].override.reason == "補足資料で対応を確認"
    assert any("引き継いだ" in n for n in again.notes)
    ws2 = load_workbook(out / "evaluation.xlsx")["判定"]
    assert any(ws2.cell(r, col["判断理由"]).value == "補足資料で対応を確認" for r in range(5, ws2.max_row + 1))


def test_overrides_that_no_longer_apply_are_kept_in_their_own_sheet(tmp_path):
    ev_out = tmp_path / "e"
    res = run_compare(ev_out, SCORE, [], title="t")
    assert not res.evaluation.unapplied
    from specgen.evaluation import compare as cmp

    res = cmp.run_compare(tmp_path / "e2", SCORE, [], title="t")
    ev = evaluate(SCORE, Rules(), overrides={("Z", "9"): Override("met", "旧評価", "委員")})
    assert ("Z", "9") in ev.unapplied


def test_audit_sheet_records_versions_and_input_hashes(tmp_path):
    f = tmp_path / "in.xlsx"
    f.write_bytes(b"data")
    run_compare(tmp_path / "o", SCORE, [f], title="t")
    ws = load_workbook(tmp_path / "o" / "evaluation.xlsx")["監査"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, ws.max_row + 1)}
    assert values["ツール"].startswith("specgen ") and values["条項ライブラリ"]
    assert "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7" in values["入力ファイル SHA-256"]
    assert (tmp_path / "o" / "totals.png").stat().st_size > 1000 and (tmp_path / "o" / "heatmap.png").exists()


@pytest.mark.parametrize("cell,value,needle", [
    ("委員判定", "たぶん", "判定「たぶん」が不明"),
    ("判断理由", "", "判断理由が必要"),
])
def test_malformed_overrides_are_named_by_cell(tmp_path, cell, value, needle):
    run_compare(tmp_path / "o", SCORE, [], title="t")
    path = tmp_path / "o" / "evaluation.xlsx"
    wb = load_workbook(path)
    ws = wb["判定"]
    col = {c.value: c.column for c in ws[4]}
    ws.cell(5, col["委員判定"], "充足")
    ws.cell(5, col["判断理由"], "理由")
    ws.cell(5, col[cell], value)
    wb.save(path)
    with pytest.raises(InputFileError, match=needle) as e:
        read_overrides(path)
    assert "判定!" in str(e.value)


def test_overrides_file_without_the_sheet_is_rejected(tmp_path):
    with pytest.raises(InputFileError, match="判定"):
        read_overrides(SAMPLES / "responses" / "vendor_a_alpha.xlsx")


def test_prices_parse_and_reject_bad_values():
    assert parse_prices(["株式会社A=12,000,000", "B=9800000円"]) == {"株式会社A": 12_000_000, "B": 9_800_000}
    with pytest.raises(InputFileError):
        parse_prices(["no-amount"])


def test_bad_rules_file_names_key_and_line(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text("status_points:\n  met: 2\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 2"):
        load_rules(p)


def test_compare_cli_on_the_samples(tmp_path):
    args = ["compare", "--spec", SAMPLES / "spec_city_genai.xlsx", "--out", tmp_path, "--price", "株式会社アルファ情報=12000000"]
    for f in sorted((SAMPLES / "responses").iterdir()):
        args += ["-r", f]
    code, stdout, stderr = run_cli(args)
    assert code == 0, stderr
    wb = load_workbook(tmp_path / "evaluation.xlsx")
    assert wb.sheetnames[:3] == ["総括", "判定", "ヒートマップ"] and "監査" in wb.sheetnames
    assert "失格候補" in stdout
    code, _o, stderr = run_cli(["compare", "--score-json", tmp_path / "score.json", "--out", tmp_path / "again", "--method", "div"])
    assert code == 0, stderr


def test_compare_rejects_prices_for_unknown_vendors(tmp_path):
    code, _o, stderr = run_cli(["compare", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", SAMPLES / "responses" / "vendor_a_alpha.xlsx",
                                "--out", tmp_path, "--price", "存在しない社=1"])
    assert code == 1 and "存在しない社" in stderr
