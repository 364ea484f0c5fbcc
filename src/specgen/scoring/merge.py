"""Cross-document consistency: one vendor's Excel sheet and Word proposal merged per requirement."""

from __future__ import annotations

from pathlib import Path

from .records import ResponseResult, summarize

RANK = {"met": 0, "partial": 1, "unmet": 2}


def merge_by_vendor(results: list[ResponseResult]) -> list[ResponseResult]:
    """Merge responses that share a vendor name; flag `cross_document_conflict` where they disagree."""
    groups: dict[str, list[ResponseResult]] = {}
    for r in results:
        groups.setdefault(r.vendor, []).append(r)
    return [g[0] if len(g) == 1 else _merge(g) for g in groups.values()]


def _merge(group: list[ResponseResult]) -> ResponseResult:
    names = [Path(r.source).name for r in group]
    merged = []
    for per_doc in zip(*(r.results for r in group)):
        present = [(n, x) for n, x in zip(names, per_doc) if x["status"] != "missing"]
        base = dict(per_doc[0])
        if not present:
            merged.append(base)
            continue
        worst_name, worst = max(present, key=lambda t: RANK[t[1]["status"]])
        best_name, best = min(present, key=lambda t: RANK[t[1]["status"]])
        flags = list(dict.fromkeys(f for _n, x in present for f in x["flags"]))
        evidence = [dict(e, where=f"{n}: {e['where']}") for n, x in present for e in x["evidence"]]
        reason = worst["reason"]
        if RANK[worst["status"]] - RANK[best["status"]] >= 2:
            flags.append("cross_document_conflict")
            reason = f"{best_name}では「{best['reason']}」、{worst_name}では「{worst['reason']}」と食い違い"
        base.update(status=worst["status"], flags=flags, evidence=evidence, reason=reason,
                    confidence=min(x["confidence"] for _n, x in present))
        merged.append(base)
    return ResponseResult(" + ".join(r.source for r in group), group[0].vendor, merged, summarize(merged),
                          [n for r in group for n in r.notes])
