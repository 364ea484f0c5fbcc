"""Cross-document consistency: one vendor's Excel sheet and Word proposal merged per requirement."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ...statuses import STATUS_RANK
from ..model import Evidence, ResponseResult, Result

RANK = STATUS_RANK


def merge_by_vendor(results: list[ResponseResult]) -> list[ResponseResult]:
    """Merge responses that share a vendor name; flag `cross_document_conflict` where they disagree."""
    groups: dict[str, list[ResponseResult]] = {}
    for r in results:
        groups.setdefault(r.vendor, []).append(r)
    return [g[0] if len(g) == 1 else _merge(g) for g in groups.values()]


def _merge_one(names: list[str], per_doc: tuple[Result, ...]) -> Result:
    present = [(n, x) for n, x in zip(names, per_doc) if x.status != "missing"]
    if not present:
        return per_doc[0]
    worst_name, worst = max(present, key=lambda t: RANK[t[1].status])
    best_name, best = min(present, key=lambda t: RANK[t[1].status])
    merged = replace(worst, flags=list(dict.fromkeys(f for _n, x in present for f in x.flags)),
                     evidence=[Evidence(f"{n}: {e.where}", e.text, e.similarity, e.role) for n, x in present for e in x.evidence],
                     confidence=min(x.confidence for _n, x in present),
                     needs_review=any(x.needs_review for _n, x in present))
    if RANK[worst.status] - RANK[best.status] >= 2:
        merged.amend(flag="cross_document_conflict",
                     reason=f"{best_name}では「{best.reason}」、{worst_name}では「{worst.reason}」と食い違い")
        merged.needs_review = True
    return merged


def _merge(group: list[ResponseResult]) -> ResponseResult:
    names = [Path(r.source).name for r in group]
    merged = [_merge_one(names, per_doc) for per_doc in zip(*(r.results for r in group))]
    return ResponseResult(" + ".join(r.source for r in group), group[0].vendor, merged, [n for r in group for n in r.notes])
