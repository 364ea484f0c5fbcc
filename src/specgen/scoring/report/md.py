"""Markdown report, readable on its own."""

from __future__ import annotations

from pathlib import Path

from specgen.writers.cellsafe import md_text
from ...statuses import STATUS_ICON
from ..model import STATUS_JA
from ..pipeline import ScoreReport
from ..vocab import flag_label

ICON = STATUS_ICON


def _cell(s: object) -> str:
    """Outside text (vendor names, ids, reasons, sheet names): HTML and Markdown shown literally, one line."""
    return md_text(s)


def render_report_md(report: ScoreReport) -> str:
    items = report.spec.items
    lines = [f"# 評価結果：{_cell(report.spec.title or Path(report.spec.source).name)}", "",
             f"要件 {len(items)} 件、事業者 {len(report.responses)} 者。照合：{report.encoder}。", ""]
    if report.responses:
        lines += ["## 概要", "", "| 事業者 | 充足 | 一部 | 不充足 | 記載なし | 必須不充足 |", "|---|---|---|---|---|---|"]
        for v in report.responses:
            s = v.summary
            lines.append(f"| {_cell(v.vendor)} | {s['met']} | {s['partial']} | {s['unmet']} | {s['missing']} | {s['mandatory_failed']} |")
        lines += ["", "## 比較（要件 × 事業者）", "", "| 要件番号 | 必須 | 要件 | " + " | ".join(_cell(v.vendor) for v in report.responses) + " |",
                  "|---|---|---|" + "---|" * len(report.responses)]
        for i, item in enumerate(items):
            marks = " | ".join(f"{ICON[v.results[i].status]} {STATUS_JA[v.results[i].status]}" for v in report.responses)
            text = item.text if len(item.text) <= 40 else item.text[:40] + "…"
            lines.append(f"| {_cell(item.id)} | {'必須' if item.mandatory else '任意'} | {_cell(text)} | {marks} |")
    for v in report.responses:
        lines += ["", f"## {_cell(v.vendor)}（{_cell(Path(v.source).name)}）", ""]
        gaps = [r for r in v.results if r.status != "met"]
        if not gaps:
            lines.append("全ての要件が充足と判定されました。")
        for r in gaps:
            where = "; ".join(e.where for e in r.evidence[:2])
            review = "【要確認】" if r.needs_review else ""
            lines.append(f"- {ICON[r.status]} **{_cell(r.id)}**（{'必須' if r.mandatory else '任意'}・{STATUS_JA[r.status]}）{review}{_cell(r.reason)}"
                         + (f"（{'、'.join(flag_label(f) for f in r.flags)}）" if r.flags else "") + (f" — {_cell(where)}" if where else ""))
    if report.skipped:
        lines += ["", "## 読み込めなかったファイル", ""] + [f"- {_cell(s['source'])}: {_cell(s['error'])}" for s in report.skipped]
    return "\n".join(lines) + "\n"
