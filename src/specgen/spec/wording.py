"""The fixed wording of the generated 調達仕様書 (templates/document.yaml): section titles, leads, 回答方法.

Read by the tailoring (rules, 目的) and by every writer, so spec.docx and spec.md cannot word a section differently."""

from __future__ import annotations

from functools import cache

from ..errors import ClauseLibraryError
from ..files.yamlio import load_yaml
from ..resources import data_dir


@cache
def document_text() -> dict:
    data, _ = load_yaml(data_dir("templates") / "document.yaml", ClauseLibraryError)
    return data
