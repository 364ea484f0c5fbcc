"""The four verdicts and everything keyed by them, in one table: Japanese label, severity, workbook fill,
chart colour and Markdown icon. Every report, check and committee sheet takes its view from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    ja: str
    rank: int  # severity: met < partial < unmet < missing
    fill: str  # xlsx cell fill (hex, no #)
    chart: str  # matplotlib colour
    icon: str  # Markdown reports


TABLE = (
    Status("met", "充足", 0, "C6EFCE", "#63BE7B", "✅"),
    Status("partial", "一部", 1, "FFEB9C", "#FFD966", "🟡"),
    Status("unmet", "不充足", 2, "F8CBAD", "#F4B183", "❌"),
    Status("missing", "記載なし", 3, "D9D9D9", "#BFBFBF", "⬜"),
)

STATUSES: tuple[str, ...] = tuple(s.key for s in TABLE)
STATUS_JA: dict[str, str] = {s.key: s.ja for s in TABLE}
STATUS_RANK: dict[str, int] = {s.key: s.rank for s in TABLE}
STATUS_FILL: dict[str, str] = {s.key: s.fill for s in TABLE}
STATUS_CHART: dict[str, str] = {s.key: s.chart for s in TABLE}
STATUS_ICON: dict[str, str] = {s.key: s.icon for s in TABLE}
