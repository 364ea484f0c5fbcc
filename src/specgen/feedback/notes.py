"""What the annotated copies say about one result: the comment text, the status label, the deciding phrases."""

from __future__ import annotations

import re

from ..scoring.model import STATUS_JA, Result

AUTHOR = "specgen"
INITIALS = "SG"
_QUOTE = re.compile(r"「([^「」]{2,200})」")


def status_label(r: Result) -> str:
    return STATUS_JA.get(r.status, r.status) + ("（要確認）" if r.needs_review else "")


def flag_labels(r: Result) -> list[str]:
    from ..scoring.vocab import flag_label

    return [flag_label(f) for f in r.flags]


def comment_text(r: Result) -> str:
    """Requirement id, status in Japanese, reason, flags in Japanese: the same lines in Excel and in Word."""
    lines = [f"要件{r.id}（{'必須' if r.mandatory else '任意'}）：{status_label(r)}", f"理由：{r.reason}"]
    labels = flag_labels(r)
    if labels:
        lines.append(f"注意：{'、'.join(labels)}")
    return "\n".join(lines)


def deciding_phrases(r: Result) -> list[str]:
    """The vendor's words the reason quotes (「…」), without the ellipses the quote added."""
    out = []
    for m in _QUOTE.finditer(r.reason or ""):
        q = m.group(1).strip().strip("…").strip()
        if len(q) >= 2 and q not in out:
            out.append(q)
    return out


def short(text: str, limit: int = 60) -> str:
    """Text cut at a sentence or clause end near `limit` characters, marked with 「…」 when cut."""
    s = " ".join(str(text or "").split())
    if len(s) <= limit:
        return s
    cut = s[:limit]
    for mark in ("。", "、", "，", " "):
        k = cut.rfind(mark)
        if k >= limit * 0.6:
            return cut[: k + (1 if mark == "。" else 0)].rstrip("、， ") + "…"
    return cut + "…"
