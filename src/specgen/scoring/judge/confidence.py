"""How sure a verdict is, and whether a committee member should read it first (`needs_review`).

The base values are the observed share of correct results per kind of verdict on the development set and the
outside-written sets (1,233 labels, measured with benchmarks/bench_score.py on 2026-11-23): a mark with a
comment that agrees is right 97 % of the time, a prose commitment 89 %, a "missing" where some sentence came
close 80 %, an answer read as committing to nothing 12 %. Conflicting signals and weak matches lower it.
docs/benchmarks.md reports how many results are flagged and how many of the wrong ones that catches.
"""

from __future__ import annotations

REVIEW_BELOW = 0.70
# Flags whose results a member should always read: the tool had to choose between two readings.
ALWAYS_REVIEW = {"mark_comment_conflict", "table_prose_conflict", "cross_document_conflict", "unclear",
                 "ismap_infrastructure_only", "refused_in_part", "cross_reference", "notes_sheet_condition",
                 "conditional"}
# Observed share correct per (status, where the verdict came from).
BASE = {
    ("met", "mark"): 0.97, ("met", "text"): 0.89,
    ("partial", "mark"): 0.90, ("partial", "text"): 0.75,
    ("unmet", "mark"): 0.90, ("unmet", "text"): 0.82,
    ("missing", "mark"): 0.85, ("missing", "text"): 0.80,
}


def confidence(status: str, flags: list[str], match, mark: str | None, readings: list) -> tuple[float, bool]:
    source = "mark" if mark in ("met", "partial", "unmet") and match.row is not None else "text"
    c = BASE[(status, source)]
    if status == "missing":
        # the closer some row or sentence came, the likelier the answer is there in other words
        c -= 0.35 * max(0.0, match.best_sim - 0.25)
        if match.row is None and not match.units:
            c += 0.05
    elif source == "text":
        c -= 0.2 * max(0.0, 0.6 - match.best_sim)  # a weak match decided it
    if "unclear" in flags:
        c = min(c, 0.15)
    c -= 0.12 * len(ALWAYS_REVIEW.intersection(flags) - {"unclear"})
    c = round(max(0.05, min(0.99, c)), 3)
    return c, c < REVIEW_BELOW or bool(ALWAYS_REVIEW.intersection(flags))
