"""Set aside files given as responses that are a spec or an unanswered requirement list (a common mix-up)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputFileError
from ..textnorm import spec_document_reason
from .safety import office_text_sample, sniff


def screen_responses(paths: list[Path]) -> tuple[list[Path], list[dict]]:
    """Set aside files that read as a spec (or an unanswered requirement list) rather than a vendor's answer."""
    kept, skipped = [], []
    for p in paths:
        try:
            if sniff(p) not in ("xlsx", "docx"):
                kept.append(p)
                continue
        except InputFileError:
            kept.append(p)  # the scorer reports it, once
            continue
        reason = spec_document_reason(office_text_sample(p))
        if reason:
            skipped.append({"source": str(p), "error": f"{p.name}: {reason}。事業者の回答（要件確認書・提案書）を指定してください / "
                                                       "this looks like a spec, not a vendor's answer"})
        else:
            kept.append(p)
    return kept, skipped
