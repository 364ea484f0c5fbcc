"""Judge one requirement from its matched answer: met / partial / unmet / missing, with flags and a reason.

Rules, in order: a × mark or an explicit refusal is unmet; a clause-specific contradiction (data abroad,
training use, ISMAP only applied for…) is unmet even under ○; △ or a weakening phrase is partial; a clear
○ or a commitment with nothing weakening it is met; nothing relevant is missing. Japanese negation is
checked after every phrase: 「学習に利用することはありません」 does not contradict, 「別途費用は発生しません」
is no extra cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Contradiction
from .lexicon import lexicon
from .matching import Match

STRONG_REFUSAL = re.compile(r"((対応|サポート|実現|実装)(は|が|を)?(でき|いたしかね|致しかね)(ません|かねます|ない)|対応不可|未対応|非対応|対応(して|し)(い|お)り?ません|対応予定(は)?(ありません|なし))")
MIN_TEXT = 4
FLAG_JA = {
    "planned": "将来の対応予定にとどまる",
    "extra_cost": "オプション・追加費用が必要",
    "customization": "カスタマイズ（個別開発）が必要",
    "alternative": "代替手段・運用での対応",
    "hedged": "「原則として」等の留保がある",
    "conditional": "条件付きの回答",
    "partial_mark": "△（一部対応）と回答",
    "refused": "対応不可と回答",
    "unclear": "回答が明確な約束になっていない",
    "not_addressed": "該当する回答が見つからない",
}


@dataclass
class Hints:
    contradictions: list[Contradiction] = field(default_factory=list)
    expects: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    status: str
    confidence: float
    flags: list[str]
    evidence: list[dict]
    reason: str


def _negated(text: str, end: int) -> bool:
    return bool(lexicon().negation_after.search(text[end:end + 16]))


def _quote(text: str, m: re.Match, width: int = 18) -> str:
    a, b = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


_SOMETIMES = re.compile(r"^(こと|場合|ケース|時)(が|も)?(あ|ござ)")


def _refusal(pattern: re.Pattern, text: str) -> re.Match | None:
    """A refusal, unless it is only sometimes so (「対応できないことがあります」 is a hedge, not a refusal)."""
    for m in pattern.finditer(text):
        if not _SOMETIMES.search(text[m.end():m.end() + 6]):
            return m
    return None


def find_contradictions(text: str, hints: Hints) -> list[tuple[Contradiction, str]]:
    found, seen = [], set()
    for c in hints.contradictions:
        for m in re.finditer(c.pattern, text, flags=re.I):
            if _negated(text, m.end()) or c.flag in seen:
                continue
            seen.add(c.flag)
            found.append((c, _quote(text, m)))
            break
    return found


def find_hedges(text: str, requirement: str) -> list[tuple[str, str]]:
    """Weakening phrases not already in the requirement itself (「原則24時間365日」 asked is not a hedge)."""
    found, seen = [], set()
    for flag, pat in lexicon().hedges:
        for m in pat.finditer(text):
            if m.group(0) in requirement or _negated(text, m.end()) or flag in seen:
                continue
            seen.add(flag)
            found.append((flag, _quote(text, m)))
            break
    return found


def _evidence(match: Match, use_passages: list) -> list[dict]:
    ev = []
    if match.row is not None:
        r = match.row
        if r.mark:
            ev.append({"where": r.mark_where or r.where, "text": r.mark, "similarity": round(match.row_sim, 3)})
        if r.remark or r.evidence:
            ev.append({"where": r.remark_where or r.where, "text": r.answer_text[:400], "similarity": round(match.row_sim, 3)})
        if not ev:
            ev.append({"where": r.where, "text": "（空欄）", "similarity": round(match.row_sim, 3)})
    ev += [_passage_evidence(p, s) for p, s in use_passages]
    return ev


def _passage_evidence(p, similarity: float) -> dict:
    return {"where": p.where + (f"（{p.heading}）" if p.heading else ""), "text": p.text[:400], "similarity": round(similarity, 3)}


def _contradiction_elsewhere(match: Match, hints: Hints) -> tuple | None:
    """A hard contradiction anywhere in the proposal's prose (「学習に利用する場合があります」 in another chapter)."""
    if not hints.contradictions:
        return None
    for p in match.elsewhere:
        for c, q in find_contradictions(p.text, hints):
            if not c.soft:
                return c, q, p
    return None


def judge(match: Match, hints: Hints) -> Verdict:
    lex = lexicon()
    row = match.row
    mark_status = lex.mark_status(row.mark) if row is not None and row.mark else None
    passages = match.passages
    # Prose: the best passages answer; their neighbours only count when a row is absent.
    texts = []
    if row is not None:
        if row.mark and mark_status is None:
            texts.append(row.mark)  # an unknown mark is text: 「対応します（標準）」 in the 対応可否 column
        texts.append(row.answer_text)
    if row is None or (not row.answer_text and mark_status in (None, "blank")):
        texts += [p.text for p, _ in passages]
    text = " ".join(t for t in texts if t).strip()
    evidence = _evidence(match, passages if (row is None or not row.answer_text) else [])

    if row is None and not passages:
        found = _contradiction_elsewhere(match, hints)
        if found:
            c, q, p = found
            return Verdict("unmet", 0.7, [c.flag], [_passage_evidence(p, 0.0)], f"{c.reason}（「{q}」）")
        return Verdict("missing", round(0.6 + 0.4 * (1 - match.best_sim), 3), ["not_addressed"], [], "該当する回答が見つからない（回答書・提案書に記載なし）")
    if mark_status in (None, "blank") and len(text) < MIN_TEXT:
        return Verdict("missing", 0.85, ["not_addressed"], evidence, "対応可否・回答が空欄")

    contras = find_contradictions(text, hints)
    hard = [(c, q) for c, q in contras if not c.soft]
    if not hard and mark_status != "unmet":
        found = _contradiction_elsewhere(match, hints)
        if found:
            c, q, p = found
            hard = [(c, q)]
            evidence = evidence + [_passage_evidence(p, 0.0)]
    soft = [(c, q) for c, q in contras if c.soft]
    hedges = find_hedges(text, match.item.text)
    strong_refusal = _refusal(STRONG_REFUSAL, text)
    weak_refusal = _refusal(lex.refusals, text)
    commitment = lex.commitments.search(text)
    if lex.prohibition.search(match.item.text):
        # 「学習に利用されないこと」: 「利用することはありません」 is the commitment, not a refusal
        commitment = commitment or lex.negative_statement.search(text)
        weak_refusal = None
    sim = match.best_sim
    flags: list[str] = []

    if mark_status == "unmet":
        flags = ["refused"] + [c.flag for c, _ in hard]
        return Verdict("unmet", round(0.75 + 0.25 * sim, 3), flags, evidence, f"×（対応不可）と回答（{row.mark}）")
    if hard:
        flags = [c.flag for c, _ in hard]
        if mark_status in ("met", "partial"):
            flags.append("mark_comment_conflict")
        c, q = hard[0]
        lead = f"{row.mark}と回答しているが、" if mark_status in ("met", "partial") else ""
        return Verdict("unmet", round(0.7 + 0.3 * sim, 3), flags, evidence, f"{lead}{c.reason}（「{q}」）")
    if mark_status == "met" and strong_refusal and not _negated(text, strong_refusal.end()):
        return Verdict("unmet", round(0.6 + 0.3 * sim, 3), ["refused", "mark_comment_conflict"], evidence,
                       f"○と回答しているが、備考で対応できない旨を記載（「{_quote(text, strong_refusal)}」）")
    weak = [f for f, _ in hedges] + [c.flag for c, _ in soft]
    if mark_status == "partial":
        flags = weak or ["partial_mark"]
        detail = "、".join(FLAG_JA.get(f, f) for f in flags[:2]) if weak else "条件の記載なし"
        return Verdict("partial", round(0.7 + 0.3 * sim, 3), flags, evidence, f"△（一部対応）と回答：{detail}")
    if mark_status == "met":
        if weak:
            flags = weak + ["mark_comment_conflict"]
            q = (hedges[0][1] if hedges else soft[0][1])
            return Verdict("partial", round(0.65 + 0.3 * sim, 3), flags, evidence,
                           f"○と回答しているが、{FLAG_JA.get(weak[0], soft[0][0].reason if soft else weak[0])}（「{q}」）")
        return Verdict("met", round(0.6 + 0.4 * sim, 3), [], evidence, f"{row.mark}（対応可）と回答" + ("、備考に条件の記載なし" if row.answer_text else ""))

    # No usable mark: read the text.
    if strong_refusal or (weak_refusal and not commitment):
        m = strong_refusal or weak_refusal
        return Verdict("unmet", round(0.55 + 0.35 * sim, 3), ["refused"], evidence, f"対応できない旨の記載（「{_quote(text, m)}」）")
    if weak:
        q = hedges[0][1] if hedges else soft[0][1]
        return Verdict("partial", round(0.55 + 0.35 * sim, 3), weak, evidence, f"{FLAG_JA.get(weak[0], soft[0][0].reason if soft else weak[0])}（「{q}」）")
    if commitment:
        return Verdict("met", round(0.5 + 0.45 * sim, 3), [], evidence, f"対応する旨の記載あり（「{_quote(text, commitment)}」）")
    return Verdict("partial", round(0.4 + 0.3 * sim, 3), ["unclear"], evidence, "記載はあるが、対応の可否が明確でない")
