"""Vendor-response scoring: read specs and responses, match requirements to answers, judge each one.

The names below are the package's public API (used by the CLI, the committee evaluation and, later,
the web page); everything else inside `specgen.scoring` may move. Imports are lazy so that importing
a status table does not load the readers or the encoders.
"""

from __future__ import annotations

import importlib

_API = {
    "score": "pipeline",
    "score_response": "pipeline",
    "ScoreReport": "pipeline",
    "read_response": "read",
    "load_spec": "read.spec",
    "open_workbook": "read.workbook",
    "STATUSES": "model",
    "STATUS_JA": "model",
    "build_report_xlsx": "report.xlsx",
    "render_report_md": "report.md",
    "advice_for": "vocab",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(name)
