"""Vendor-response scoring: read specs and responses, match requirements to answers, judge each one.

The names below are the package's public API (used by the CLI, the committee evaluation and, later,
the web page); everything else inside `specgen.scoring` may move. Imports are lazy so that importing
a status table does not load the readers or the encoders.
"""

from __future__ import annotations

from ..lazy import lazy_api

__all__, __getattr__ = lazy_api(__name__, {
    "pipeline": ("score", "score_response", "ScoreReport"),
    "read": ("read_response",),
    "read.spec": ("load_spec",),
    "read.workbook": ("open_workbook",),
    "model": ("STATUSES", "STATUS_JA"),
    "report.xlsx": ("build_report_xlsx",),
    "report.md": ("render_report_md",),
    "vocab": ("advice_for",),
})
