"""Two numbers of the scorer that no test pinned: the cross-document conflict threshold and the confidence formula.

The cases sit on either side of each threshold, so moving a constant or flipping a comparison fails one of them
(benchmarks/mutation_check.py does exactly that).
"""

from __future__ import annotations

import pytest

from specgen.scoring.align.match import Match, Unit
from specgen.scoring.checks.merge import merge_by_vendor
from specgen.scoring.judge.confidence import REVIEW_BELOW, confidence
from specgen.scoring.model import AnswerRow, Evidence, ResponseResult, Result, SpecItem

ITEM = SpecItem("1", "操作ログを1年以上保存すること。")


def _result(status: str, reason: str, flags=(), conf: float = 0.9, review: bool = False) -> Result:
    return Result("1", status, conf, list(flags), [Evidence("S!E2", "text", 0.9, "answer")], reason, needs_review=review)


def _merged(a: Result, b: Result) -> Result:
    docs = [ResponseResult("v.xlsx", "株式会社V", [a]), ResponseResult("v.docx", "株式会社V", [b])]
    (merged,) = merge_by_vendor(docs)
    assert merged.source == "v.xlsx + v.docx" and merged.vendor == "株式会社V"
    return merged.results[0]


@pytest.mark.parametrize("first,second", [("met", "partial"), ("partial", "unmet"), ("partial", "met")])
def test_one_step_apart_is_not_a_conflict(first, second):
    r = _merged(_result(first, "x"), _result(second, "y"))
    worst = max((first, second), key=["met", "partial", "unmet", "missing"].index)
    assert r.status == worst and "cross_document_conflict" not in r.flags and not r.needs_review


@pytest.mark.parametrize("first,second", [("met", "unmet"), ("unmet", "met")])
def test_met_in_one_document_and_unmet_in_the_other_is_a_conflict(first, second):
    r = _merged(_result(first, f"{first}の理由"), _result(second, f"{second}の理由"))
    assert r.status == "unmet" and r.flags == ["cross_document_conflict"] and r.needs_review
    best, worst = ("v.xlsx", "v.docx") if first == "met" else ("v.docx", "v.xlsx")
    assert r.reason.endswith(f"{best}では「metの理由」、{worst}では「unmetの理由」と食い違い"), r.reason


def test_missing_in_one_document_is_not_held_against_the_other():
    r = _merged(_result("met", "x", conf=0.8), _result("missing", "記載なし", conf=0.5))
    assert r.status == "met" and r.flags == [] and r.confidence == 0.8
    assert [e.where for e in r.evidence] == ["v.xlsx: S!E2"]


def test_merged_result_keeps_every_flag_the_lowest_confidence_and_any_review():
    r = _merged(_result("partial", "x", ["extra_cost"], conf=0.9), _result("met", "y", ["hedged"], conf=0.6, review=True))
    assert r.status == "partial" and r.flags == ["extra_cost", "hedged"] and r.confidence == 0.6 and r.needs_review


# --- confidence ---------------------------------------------------------------------------------------------

def _row() -> AnswerRow:
    return AnswerRow(where="S!E2", sheet="S", row=2, requirement=ITEM.text, mark="○", remark="", mark_where="S!E2")


def _unit(sim: float) -> list[tuple[Unit, float]]:
    return [(Unit("段落3", "ログは2年間保存します。", "", 0), sim)]


@pytest.mark.parametrize("status,flags,match,mark,expected,review", [
    # from a mark on a matched row: the observed share correct
    ("met", [], Match(ITEM, row=_row(), row_sim=0.9), "met", 0.97, False),
    ("unmet", [], Match(ITEM, row=_row(), row_sim=0.9), "unmet", 0.90, False),
    # a mark without a row is text; a strong prose match keeps the base
    ("met", [], Match(ITEM, units=_unit(0.8)), "met", 0.89, False),
    # a weak match that decided lowers it: 0.89 − 0.2 × (0.6 − 0.4)
    ("met", [], Match(ITEM, units=_unit(0.4)), None, 0.85, False),
    ("partial", [], Match(ITEM, units=_unit(0.1)), None, 0.65, True),       # 0.75 − 0.2 × 0.5, below 0.70
    # missing: the closer something came, the less sure; nothing at all is surer
    ("missing", [], Match(ITEM), None, 0.85, False),                        # 0.80 + 0.05
    ("missing", [], Match(ITEM, row_sim=0.65), None, 0.71, False),          # 0.80 − 0.35 × 0.40 + 0.05
    ("missing", [], Match(ITEM, units=_unit(0.65)), None, 0.66, True),      # no bonus: a sentence was there
    ("missing", [], Match(ITEM, row=_row(), row_sim=0.9), None, 0.573, True),  # 0.80 − 0.35 × 0.65, a row: no bonus
    # flags a member must read: −0.12 each, and always reviewed
    ("met", ["mark_comment_conflict"], Match(ITEM, row=_row(), row_sim=0.9), "met", 0.85, True),
    ("met", ["mark_comment_conflict", "cross_reference"], Match(ITEM, row=_row(), row_sim=0.9), "met", 0.73, True),
    ("met", ["extra_cost"], Match(ITEM, row=_row(), row_sim=0.9), "met", 0.97, False),  # not a review flag
    # unclear caps it; the floor is 0.05
    ("partial", ["unclear"], Match(ITEM, row=_row(), row_sim=0.9), "partial", 0.15, True),
    ("partial", ["unclear", "conditional"], Match(ITEM, row=_row(), row_sim=0.9), "partial", 0.05, True),
])
def test_confidence_formula(status, flags, match, mark, expected, review):
    c, needs_review = confidence(status, flags, match, mark, [])
    assert c == pytest.approx(expected, abs=1e-9) and needs_review is review


def test_review_threshold_is_strictly_below_070():
    assert REVIEW_BELOW == 0.70
    # 0.80 − 0.35 × (best − 0.25) + 0.05 rounds to 0.700 at best = 0.6786: not reviewed; a little closer is
    c, review = confidence("missing", [], Match(ITEM, row_sim=0.6786), None, [])
    assert c == 0.7 and review is False
    c, review = confidence("missing", [], Match(ITEM, row_sim=0.6830), None, [])
    assert c == 0.698 and review is True
