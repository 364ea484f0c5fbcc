"""audit.md: the findings for reading, city text escaped (nothing from the spec is live Markdown)."""

from __future__ import annotations

from specgen.writers.cellsafe import md_text

from .labels import KIND_JA, SEVERITY_JA, conditions, summary_line
from .model import KINDS, AuditResult


def render_md(r: AuditResult) -> str:
    out = [f"# 仕様書の点検結果（specgen audit）", "", summary_line(r), "", "| 項目 | 内容 |", "|---|---|"]
    out += [f"| {k} | {md_text(v)} |" for k, v in conditions(r)]
    for kind in KINDS:
        fs = [f for f in r.findings if f.kind == kind]
        out += ["", f"## {KIND_JA[kind]}（{len(fs)}件）", ""]
        if not fs:
            out.append("なし")
            continue
        for n, f in enumerate(fs, 1):
            head = f"{n}. 【{SEVERITY_JA[f.severity]}】{md_text(f.summary)}"
            if f.requirement_id:
                head += f"（{md_text(f.requirement_id)}・{md_text(f.clause_id)}）"
            out.append(head)
            if f.city_where or f.city_text:
                out.append(f"   - 仕様書の記載（{md_text(f.city_where)}）：{md_text(f.city_text) or '—'}")
            if f.detail:
                out.append(f"   - 指摘：{md_text(f.detail)}")
            if f.suggestion:
                out.append(f"   - {'追加する文案' if kind == 'missing' else '修正の文案'}：{md_text(f.suggestion)}")
            if f.source:
                out.append(f"   - 出典：{md_text(f.source)}")
    return "\n".join(out) + "\n"
