"""How sure a verdict is, and whether a committee member should read it first (`needs_review`).

A heuristic calibrated on the development set (docs/benchmarks.md reports how many results are flagged and
how many of those, and of the rest, were wrong): a mark and text that agree are surer than prose alone;
conflicting signals, weak matches and answers that commit to nothing are the ones to read.
"""

from __future__ import annotations

REVIEW_BELOW = 0.62
# Flags whose results a member should always read: the tool had to choose between two readings.
ALWAYS_REVIEW = {"mark_comment_conflict", "table_prose_conflict", "cross_document_conflict", "unclear",
                 "ismap_infrastructure_only", "refused_in_part", "cross_reference", "notes_sheet_condition"}


def confidence(status: str, flags: list[str], match, mark: str | None, readings: list) -> tuple[float, bool]:
    sim = match.best_sim
    prose_only = match.row is None
    if status == "missing":
        c = 0.55 + 0.4 * (1 - sim) if prose_only else 0.85
    elif mark in ("met", "partial", "unmet") and not prose_only:
        agree = (mark == status) or (mark == "unmet" and status == "unmet")
        c = (0.85 if agree else 0.6) + 0.1 * min(1.0, match.row_sim)
    else:
        c = 0.45 + 0.45 * sim
    deciding = [f for r in readings for f in r.findings if f.kind != "commitment"]
    if status in ("unmet", "partial") and deciding:
        c += 0.05
    c -= 0.12 * len(ALWAYS_REVIEW.intersection(flags))
    c = round(max(0.05, min(0.99, c)), 3)
    return c, c < REVIEW_BELOW or bool(ALWAYS_REVIEW.intersection(flags))
