"""Judging rules: marks, hedges, contradictions under ○, Japanese negation."""

from __future__ import annotations

import pytest

from specgen.scoring.clause_match import hints_for
from specgen.scoring.judge import judge
from specgen.scoring.matching import Match
from specgen.scoring.records import AnswerRow, Passage, SpecItem

TRAINING = SpecItem("11", "生成AIに入力した情報が学習に利用されないこと。")
DOMESTIC = SpecItem("20", "入力データ及び出力データは日本国内のデータセンターにのみ保存すること。")
ISMAP = SpecItem("21", "ISMAPクラウドサービスリストに登録されたサービスであること。")
LAW = SpecItem("26", "契約の準拠法は日本法とし、管轄裁判所は日本国内の裁判所とすること。")
CSV = SpecItem("17", "管理者がアカウントごとの利用状況を確認し、CSV等でダウンロードできること。")
HOURS = SpecItem("3", "原則24時間365日（計画停止は除く）利用できること。")


def row_verdict(item: SpecItem, mark: str, remark: str = ""):
    row = AnswerRow(where="S!E2", sheet="S", row=2, requirement=item.text, mark=mark, remark=remark)
    return judge(Match(item, row=row, row_sim=0.95), hints_for(item))


def prose_verdict(item: SpecItem, text: str):
    return judge(Match(item, passages=[(Passage("段落3", text), 0.8)]), hints_for(item))


@pytest.mark.parametrize("mark", ["○", "◯", "〇", "●", "可", "対応", "標準", "Yes", "対応可（標準機能）"])
def test_clear_yes_marks_without_conditions_are_met(mark):
    v = row_verdict(CSV, mark, "アカウント別の利用状況をCSVで出力できます。")
    assert v.status == "met" and v.flags == []


@pytest.mark.parametrize("mark", ["×", "✕", "✖", "不可", "未対応", "No", "対応不可"])
def test_no_marks_are_unmet(mark):
    v = row_verdict(CSV, mark)
    assert v.status == "unmet" and "refused" in v.flags


@pytest.mark.parametrize("mark,flag", [("△", "partial_mark"), ("▲", "partial_mark"), ("一部可", "partial_mark"),
                                       ("オプション", "partial_mark"), ("カスタマイズ", "partial_mark"), ("代替", "partial_mark")])
def test_partial_marks_are_partial(mark, flag):
    v = row_verdict(CSV, mark)
    assert v.status == "partial" and flag in v.flags


@pytest.mark.parametrize("mark", ["", "－", "-", "ー"])
def test_blank_answers_are_missing(mark):
    v = row_verdict(CSV, mark)
    assert v.status == "missing" and v.flags == ["not_addressed"]


@pytest.mark.parametrize("remark,flag", [
    ("CSV出力は別途費用となります。", "extra_cost"),
    ("有償オプションで対応します。", "extra_cost"),
    ("次期バージョンで対応予定です。", "planned"),
    ("原則としてCSVで出力できます。", "hedged"),
    ("基本的には対応可能です。", "hedged"),
    ("場合により対応できないことがあります。", "hedged"),
    ("カスタマイズにより対応します。", "customization"),
    ("運用で対応します（手動で集計）。", "alternative"),
])
def test_circle_with_a_weakening_comment_is_partial_with_conflict(remark, flag):
    v = row_verdict(CSV, "○", remark)
    assert v.status == "partial"
    assert flag in v.flags and "mark_comment_conflict" in v.flags


@pytest.mark.parametrize("remark", ["追加費用なしで提供します。", "別途費用は発生しません。", "別途費用はかかりません。"])
def test_negated_cost_is_not_an_extra_cost(remark):
    assert row_verdict(CSV, "○", remark).status == "met"


def test_requirement_wording_is_not_a_hedge_in_the_answer():
    # 「原則24時間365日」 is what the spec asks; repeating it is no hedge
    assert row_verdict(HOURS, "可", "原則24時間365日利用可能です。").status == "met"


@pytest.mark.parametrize("remark,status", [
    ("入力データは学習に利用しません。", "met"),
    ("入力データを学習に利用することはありません。", "met"),
    ("入力内容がAIの学習に使われることはありません。", "met"),
    ("入力データを学習に利用する場合があります。", "unmet"),
    ("サービス品質向上のために利用します。", "unmet"),
    ("オプトアウトしない場合は学習に利用されます。", "unmet"),
])
def test_training_use_negation(remark, status):
    v = row_verdict(TRAINING, "○", remark)
    assert v.status == status, v.reason
    if status == "unmet":
        assert "training_use_not_excluded" in v.flags and "mark_comment_conflict" in v.flags


@pytest.mark.parametrize("remark,status,flag", [
    ("東京・大阪のデータセンターにのみ保存します。", "met", None),
    ("データはシンガポールのデータセンターに保存します。", "unmet", "data_stored_abroad"),
    ("バックアップは米国リージョンに保存されます。", "unmet", "data_stored_abroad"),
    ("国外に保存することはありません。", "met", None),
])
def test_data_location(remark, status, flag):
    v = row_verdict(DOMESTIC, "○", remark)
    assert v.status == status, v.reason
    if flag:
        assert flag in v.flags


@pytest.mark.parametrize("remark,status,flag", [
    ("ISMAPクラウドサービスリストに登録済みです（C23-0001-1）。", "met", None),
    ("現在ISMAP登録を申請中です。", "unmet", "ismap_applied_only"),
    ("ISMAPには登録されていません。", "unmet", "ismap_not_registered"),
    ("来年度にISMAPの取得予定です。", "unmet", "ismap_applied_only"),
    ("基盤のAWSはISMAPに登録されています。", "partial", "ismap_infrastructure_only"),
])
def test_ismap_claims(remark, status, flag):
    v = row_verdict(ISMAP, "○", remark)
    assert v.status == status, v.reason
    if flag:
        assert flag in v.flags


def test_foreign_governing_law_is_unmet_even_under_circle():
    v = row_verdict(LAW, "可", "準拠法は米国カリフォルニア州法とします。")
    assert v.status == "unmet" and "foreign_governing_law" in v.flags


def test_prose_commitment_is_met_and_prose_refusal_unmet():
    assert prose_verdict(CSV, "利用状況はアカウント別に集計し、CSV形式でダウンロードできます。").status == "met"
    v = prose_verdict(CSV, "CSVでのダウンロードには対応しておりません。")
    assert v.status == "unmet" and "refused" in v.flags


def test_prose_planned_is_partial():
    v = prose_verdict(CSV, "CSVダウンロード機能は今後のバージョンアップで提供予定です。")
    assert v.status == "partial" and "planned" in v.flags


def test_nothing_found_is_missing_with_reason():
    v = judge(Match(CSV), hints_for(CSV))
    assert v.status == "missing" and v.flags == ["not_addressed"] and v.reason


def test_evidence_names_the_cell():
    v = row_verdict(CSV, "○", "CSVで出力できます。")
    assert v.evidence[0]["where"] == "S!E2"
    assert 0.0 <= v.confidence <= 1.0
