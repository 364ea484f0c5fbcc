"""evaluation.md: the same evaluation for reading. Every text from outside is escaped (cellsafe.md_text)."""

from __future__ import annotations

from ..writers.cellsafe import md_text as m
from .evaluate import METHOD_JA, STATUS_JA, Evaluation
from .workbook import STATE_JA, _status_line


def _num(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def render_md(ev: Evaluation, title: str, pngs: list[str], notes: list[str], audit: list[tuple[str, str]]) -> str:
    r = ev.rules
    lines = [f"# 評価総括：{m(title)}", "",
             f"評価方式：{METHOD_JA[r.method]}。必須要件の不充足・記載なしは失格候補、必須要件の一部充足や委員間で判断が分かれた項目は要判断。"
             "数値は小数第2位で四捨五入。", "", f"**{m(_status_line(ev))}**", ""]
    head = "| 順位 | 事業者 | 必須判定 | 技術点 | 入札価格（円） | " + ("価格点 | 総合評価点 |" if r.method == "add" else "評価値 |")
    lines += [head, "|---|---|---|---|---|" + ("---|---|" if r.method == "add" else "---|")]
    for v in sorted(ev.vendors, key=lambda v: (v.rank or v.provisional_rank or 10**6, v.vendor)):
        price = f"{v.price:,}" if v.price else "—"
        tail = f"{_num(v.price_points)} | {_num(v.total)} |" if r.method == "add" else f"{_num(v.total)} |"
        lines.append(f"| {m(v.rank_label)} | {m(v.vendor)} | {v.gate} | {_num(v.tech_score)} | {price} | {tail}")
    for png in pngs:
        lines += ["", f"![{png}]({png})"]
    for v in ev.vendors:
        if v.gate_reasons or v.pending:
            lines += ["", f"## {m(v.vendor)}：{v.gate}", ""] + [f"- {m(x)}" for x in v.gate_reasons + v.pending]
    if ev.disputes:
        lines += ["", "## 要調整（委員間で判断が分かれた項目）", "", "委員長の判断（`--chair` で指定した委員の判断）で確定します。", "",
                  "| 事業者 | 要件 | ツール判定 | 委員の判断 |", "|---|---|---|---|"]
        for v, c in ev.disputes:
            who = "、".join(f"{mem.member}：{STATUS_JA[mem.status]}（{mem.reason}）" for mem in c.decision.members)
            lines.append(f"| {m(v.vendor)} | {m(c.req_id)} | {STATUS_JA[c.proposal]} | {m(who)} |")
    decided = [(v, c, mem) for v in ev.vendors for c in v.cells for mem in c.decision.members]
    if decided:
        lines += ["", "## 委員判断", "", "| 事業者 | 要件 | ツール判定 | 委員 | 委員判定 | 理由 | 状態 |", "|---|---|---|---|---|---|---|"]
        for v, c, mem in decided:
            state = STATE_JA.get(c.decision.state, "")
            if c.decision.state == "chair" and mem.status != c.decision.adopted:
                state = "不採用（委員長裁定）"
            lines.append(f"| {m(v.vendor)} | {m(c.req_id)} | {STATUS_JA[c.proposal]} | {m(mem.member)} | {STATUS_JA[mem.status]} | {m(mem.reason)} | {state} |")
    if ev.unapplied:
        lines += ["", "## 未適用の委員判断（保存済み）", ""]
        for vendor, _vk, rid, d in ev.unapplied:
            for mem in d.members:
                lines.append(f"- {m(vendor)} / {m(rid)}：{m(mem.member)} {STATUS_JA[mem.status]}（{m(mem.reason)}）")
    if notes:
        lines += ["", "## 注記", ""] + [f"- {m(n)}" for n in notes]
    lines += ["", "## 監査記録", ""] + [f"- {m(k)}：{m(v)}" for k, v in audit]
    return "\n".join(lines) + "\n"
