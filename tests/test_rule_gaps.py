"""Rules that the mutation check (benchmarks/mutation_check.py) could delete without any test failing.

Each test names the rule it pins; each was seen to fail with that rule broken (docs/benchmarks.md, "Tests that
can fail").
"""

from __future__ import annotations

import dataclasses

import pytest

from committee_helpers import SCORE, result, score_of
from specgen.catalog.models import MandatoryRule
from specgen.evaluation.evaluate import evaluate
from specgen.evaluation.rules import Rules
from specgen.resolve.tailor import tailor
from test_judge import AUDIT, CSV, prose_verdict, row_verdict
from specgen.scoring.model import SpecItem

# --- judge ------------------------------------------------------------------------------------------------------

SUBCONTRACT = SpecItem("60", "業務の一部を再委託する場合は、事前に再委託先を書面で提出し、本市の承認を得ること。")
INFRA_OK = SpecItem("64", "本サービス又は本サービスが稼働するクラウド基盤がISMAPクラウドサービスリストに登録されていること。")
DESK = SpecItem("86", "開庁日の8時30分から17時15分まで、職員からの問合せに対応するヘルプデスクを設けること。")


def test_a_planned_subcontract_is_the_requirements_condition_not_a_planned_feature():
    """statements.read: 「再委託する予定です」 to "if you subcontract, get approval" is not `planned`."""
    v = row_verdict(SUBCONTRACT, "○", "運用監視業務の一部を再委託する予定です。事前に再委託先を書面で提出し、承認を得ます。")
    assert (v.status, v.flags) == ("met", []), v.reason


def test_may_not_be_able_to_is_a_hedge_not_a_refusal():
    """statements._refusal: 「対応できないことがあります」 is `sometimes`, read as a hedge."""
    v = row_verdict(CSV, "○", "大量のデータはCSVで出力できないことがあります。")
    assert v.status == "partial" and "hedged" in v.flags and "refused" not in v.flags, v.reason


def test_a_refusal_answered_with_a_triangle_is_partial():
    """decide.judge: under △ the vendor itself says part is offered; a refusal there refuses only a part."""
    v = row_verdict(AUDIT, "△", "実地での監査はお受けできません。")
    assert v.status == "partial" and "refused_in_part" in v.flags, v.reason


def test_the_infrastructures_registration_meets_a_service_or_infrastructure_requirement():
    """decide.judge: where the infrastructure's registration is enough, 「本サービス自体は未登録」 does not count."""
    v = row_verdict(INFRA_OK, "○", "本サービス自体はISMAPに登録されていませんが、ISMAP登録済みのAzure上で稼働します。")
    assert v.status == "met", (v.reason, v.flags)


def test_opening_hours_a_few_minutes_short_are_partial():
    """statements.read: a window starting five minutes late does not cover the time asked."""
    v = row_verdict(DESK, "○", "平日8:35～17:15に電話とメールで受け付けます。")
    assert v.status == "partial" and "value_partly_below" in v.flags, v.reason


def test_prose_stating_the_feature_without_a_verb_commits():
    v = prose_verdict(CSV, "アカウント別の利用状況の確認、CSVダウンロード。")
    assert v.status == "met", v.reason


# --- tailoring --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data_class,service,assumed", [
    ("1", "cloud", False), ("2", "genai", False), ("3C", "cloud", True), ("3B", "sns", True), ("2", "payment", True),
])
def test_personal_data_assumed_where_the_sources_examples_hold_it(library, data_class, service, assumed):
    """README: without --personal-data/--no-personal-data, assumed for 3C/3B and payment, not for 1/2."""
    assert tailor(library, data_class, service).inputs.personal_data is assumed


@pytest.mark.parametrize("data_class", ["1", "2", "3B"])
def test_terms_of_service_conditions_decide_inclusion(library, data_class):
    """Clauses only for 約款型 (or only for an individual contract) follow --terms-of-service."""
    for tos in ([False, True] if data_class == "1" else [False]):
        spec = tailor(library, data_class, "cloud", terms_of_service=tos)
        included = {d.clause_id for d in spec.decisions if d.included}
        for c in library.clauses:
            if c.applies.terms_of_service is not None and c.applies.terms_of_service != tos:
                assert c.id not in included, (data_class, tos, c.id)
    with_tos = {d.clause_id for d in tailor(library, "1", "cloud", terms_of_service=True).decisions if d.included}
    without = {d.clause_id for d in tailor(library, "1", "cloud").decisions if d.included}
    assert "CLS-TOS-CITY" in with_tos - without


def test_requirement_numbers_start_at_01_in_every_chapter(library):
    spec = tailor(library, "3B", "genai")
    firsts = {}
    for r in spec.requirements:
        prefix, n = r.id.rsplit("-", 1)
        firsts.setdefault(prefix, n)
    assert firsts and set(firsts.values()) == {"01"}, firsts


def test_a_mandatory_clause_merged_into_an_optional_row_makes_it_mandatory(library):
    """tailor._mandatory: a vendor answers a merged row once; if any clause in it is 必須, so is the row.
    No pair in today's library has an optional survivor, so one is made here."""
    survivor = library.get("G83-3-8-U")
    merged = next(c for c in library.clauses if c.merged_into == survivor.id)
    optional = survivor.model_copy(update={"mandatory": [MandatoryRule(mandatory=False, basis="tool", why="試験用")]})
    lib = dataclasses.replace(library, clauses=tuple(optional if c.id == survivor.id else c for c in library.clauses))
    alone = dataclasses.replace(lib, clauses=tuple(c for c in lib.clauses if c.id != merged.id))
    row = next(r for r in tailor(lib, "3B", "genai").requirements if r.clause_id == survivor.id)
    assert merged.id in row.merged and row.mandatory is True
    assert next(r for r in tailor(alone, "3B", "genai").requirements if r.clause_id == survivor.id).mandatory is False


# --- evaluation -------------------------------------------------------------------------------------------------

def test_a_mandatory_requirement_not_addressed_disqualifies():
    score = score_of(A=[result("1", "met"), result("2", "missing")], B=[result("1", "met"), result("2", "met")])
    ev = evaluate(score, Rules())
    a = next(v for v in ev.vendors if v.vendor == "A")
    assert a.gate == "失格候補" and a.gate_reasons[0].startswith("2（記載なし）")


def test_final_once_every_bid_is_priced_and_decided():
    score = score_of(A=[result("1", "met")], B=[result("1", "met")])
    assert evaluate(score, Rules(), {"A": 10_000_000, "B": 9_000_000}).final is True
    assert evaluate(score, Rules(), {"A": 10_000_000}).final is False
    undecided = score_of(A=[result("1", "partial")], B=[result("1", "met")])
    assert evaluate(undecided, Rules(), {"A": 10_000_000, "B": 9_000_000}).final is False  # A is 要判断
    assert SCORE["responses"]


def test_with_only_two_prices_one_far_from_the_other_is_flagged():
    """evaluate._price_and_rank: the 100× check needs two prices, not three (mutation run 2 survivor)."""
    score = score_of(A=[result("1", "met")], B=[result("1", "met")])
    ev = evaluate(score, Rules(), {"A": 12_000_000, "B": 12_000})
    assert len(ev.price_warnings) == 1 and ev.price_warnings[0].startswith("B の入札価格 12,000 円は")


@pytest.mark.parametrize("answer,status", [("一部 CSV出力は可能です。", "partial"), ("不可 CSVで出力できます。", "unmet")])
def test_a_mark_written_at_the_head_of_the_answer_counts_when_the_mark_column_is_empty(answer, status):
    """decide._mark: 「一部 …」「不可 …」 typed into the answer cell are the vendor's mark (mutation run 2 survivor)."""
    assert row_verdict(CSV, "", answer).status == status
