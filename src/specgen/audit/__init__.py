"""`specgen audit`: check an existing spec (last year's, a neighbour's) against the tailored clause profile.

read.py (the city's spec → items) → map.py (items ↔ profile rows) → findings.py (refused / missing / weaker /
lint / extra; weaker.py and lint.py do the reading) → report_md.py, report_xlsx.py, report_docx.py (write.py).
"""

from __future__ import annotations

from .run import audit
from .write import OUTPUT_NAMES, write_reports

__all__ = ["audit", "write_reports", "OUTPUT_NAMES"]
