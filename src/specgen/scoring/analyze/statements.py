"""What one vendor sentence says about one requirement: findings with a kind, a flag and the deciding words.

Kinds, strongest first: `satisfied` (settles a conditional requirement), `violation` (says what the requirement
forbids: data abroad, training use, not registered …), `refusal` (will not do it, politely or not), `below`
(a number on the wrong side), `weakening` (option, cost, plan, hedge, condition, alternative, limited scope),
`commitment` (will do it, or will not do what is forbidden). Negation is read per clause, so a compliant
negation (「国外へ保存することはございません」) is a commitment, not a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocab import lexicon
from .quantities import Quantity, comparable, extract, windows
from .requirement import Requirement
from .sentences import Clause, is_negated, split_clauses

_TARGET = re.compile(r"目標|目安|努め|見込")
_GUARANTEE = re.compile(r"保証(し|いた|致|値|いたします|します|する)|SLA(として|で|を)(保証|締結|お約束)|お約束")


@dataclass
class Finding:
    kind: str          # satisfied | violation | refusal | below | partly_below | weakening | commitment
    flag: str
    quote: str
    reason: str = ""
    details: dict = field(default_factory=dict)


@dataclass
class Reading:
    """All findings of one sentence, with where it stands."""

    sentence: str
    where: str
    role: str                 # answer | comment | condition | prose | table | reference | appendix | mark
    relevance: float
    findings: list[Finding]
    quantities: list[Quantity] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.findings)


def quote(text: str, m: re.Match | None = None, width: int = 22) -> str:
    if m is None:
        return text[:60] + ("…" if len(text) > 60 else "")
    a, b = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


_STEM = re.compile(r"^[をはがのに]?([一-龥々]+)")


def _in_requirement(word: str, req: Requirement) -> bool:
    """A hedge the requirement itself makes (「原則24時間365日（計画停止は除く）」) is no hedge in the answer."""
    if len(word) >= 2 and word in req.text:
        return True
    m = _STEM.match(word)
    return bool(m) and m.group(1) not in ("場合", "一部") and m.group(1) in req.text


def _benign(clause: Clause, req: Requirement) -> bool:
    """A negation that keeps a risk away (「学習に利用することはありません」「費用は発生しません」) is not a refusal.

    A benign word the requirement itself asks for (「第三者による監査」) does not count, unless the requirement
    forbids it.
    """
    for m in lexicon().benign_negation.finditer(clause.text):
        if req.prohibition or not _in_requirement(m.group(0), req):
            return True
    return False


def _grams(text: str) -> set[str]:
    return {w[i:i + 2] for w in re.findall(r"[一-龥々ァ-ヴーA-Za-z0-9]{2,}", text) for i in range(len(w) - 1)}


def _about_condition(clause: Clause, req: Requirement) -> bool:
    """The clause speaks of what triggers a conditional requirement (「再委託」「国外のサーバ装置」)."""
    return bool(req.condition_words) and len(_grams(clause.text) & req.condition_words) >= 2


def _mirrors_requirement(clause: Clause, req: Requirement) -> bool:
    """A negated clause saying what the requirement says must not happen (「他課のデータを閲覧・操作することはできません」)."""
    if not clause.negated or not req.negated_words:
        return False
    words = re.findall(r"[一-龥々ァ-ヴーA-Za-z0-9]{2,}", clause.text)
    grams = {w[i:i + 2] for w in words for i in range(len(w) - 1)}
    return len(grams & req.negated_words) >= 2


_TERSE_NO = re.compile(r"^[^、]{1,16}(なし|無し|不可|非対応|未対応|対象外)$")
_LATER_NEGATION = re.compile(r"(行わない|しない|されない|置かない|持たない|ません|ございません|ず[、。]|ことはな)")
_WORDS = re.compile(r"[一-龥々ァ-ヴーA-Za-z0-9]{2,}")


def _shares_terms(text: str, req: Requirement) -> bool:
    return any(len(w) >= 2 and w in req.text for w in _WORDS.findall(text))


# a refusal to disclose (「開示は差し控えております」), not a noun such as 「開示要求」 in the explanation of a risk
_DISCLOSE_VERB = re.compile(r"(開示|提示|説明|提出|提供|ご報告|報告|公開)(は|を|が|に|について|につきましては)?(いた|致|し|さ|でき|差し|控え|行|お受け|応じ)")


def _refusal(clause: Clause, req: Requirement) -> re.Match | None:
    lex = lexicon()
    if clause.negated and (req.prohibition or _mirrors_requirement(clause, req)):
        return None  # to a prohibition, a negative statement is the commitment
    if req.topic("foreign_law_risk") and not lex.strong_refusal.search(clause.text) and not _DISCLOSE_VERB.search(clause.text):
        return None  # in the asked-for explanation of a risk (「完全には排除できません」), a negative is content
    for m in lex.refusal.finditer(clause.text):
        if lex.sometimes_after.search(clause.text[m.end():m.end() + 6]):
            continue  # 「対応できないことがあります」 is a hedge
        if _benign(clause, req):
            return None
        return m
    if _TERSE_NO.search(clause.core) and not _benign(clause, req) and _shares_terms(clause.core, req):
        # 「後閲なし」「PDF出力不可」: a terse answer denying something the requirement asks for
        return re.search(re.escape(clause.core[-12:]), clause.text)
    return None


def read(req: Requirement, sentence: str, where: str, role: str, relevance: float = 1.0, focused: bool = True) -> Reading:
    """`focused`: the sentence was picked as the answer to this requirement (an answer cell, the best-fitting
    prose sentence); other sentences must name something of the requirement for a refusal to count."""
    lex = lexicon()
    clauses = split_clauses(sentence)
    found: list[Finding] = []

    for c in clauses:  # 「国外のサーバ装置は使用しません」 to "if you use servers abroad, …": the condition never arises
        if c.negated and _about_condition(c, req) and not lex.refusal.search(c.text.replace("しません", "")):
            found.append(Finding("satisfied", "", quote(c.text), "要件の前提（条件）に当たらない"))
            break

    for topic in req.topics:
        if topic.satisfied is not None:
            m = topic.satisfied.search(sentence)
            if m:
                found.append(Finding("satisfied", "", quote(sentence, m), f"{topic.label}：要件の前提に当たらない"))
        for flag, pat, reason, literal, partial_if, not_if in topic.violations:
            if not_if is not None and not_if.search(sentence):
                continue
            # a literal pattern carries its own polarity and may span clauses (「承諾を得ることなく、…変更できる」)
            for c in ([Clause(sentence, False)] if literal else clauses):
                if not topic.about.search(c.text) and not topic.about.search(sentence):
                    continue
                m = next((m for m in pat.finditer(c.text)
                          if literal or not (lex.local_negation_after.search(c.text[m.end():m.end() + 14])
                                             or _LATER_NEGATION.search(c.text[m.end():]))), None)
                if not m or (not literal and (c.negated or not topic.about.search(c.text))):
                    continue
                kind = "weakening" if partial_if is not None and partial_if.search(sentence) else "violation"
                found.append(Finding(kind, flag, quote(c.text, m), reason))
                break
        for flag, pat, reason in topic.weakenings:
            m = pat.search(sentence)
            if m and (lex.fallback_before.search(sentence[max(0, m.start() - 30):m.start()])
                      or lex.besides_after.search(sentence[m.end():])) and not any(_refusal(c, req) for c in clauses):
                continue  # a fallback offered besides what is asked (「監査が難しい場合は報告書の提出でも対応」)
            if m and not any(c.negated and pat.search(c.text) for c in clauses):
                found.append(Finding("weakening", flag, quote(sentence, m), reason))

    for c in clauses:
        m = _refusal(c, req)
        # in prose, a refusal counts when it names something of this requirement (「ISMAPには登録していません」
        # is not a refusal of an ISO requirement in the same sentence)
        # (and, where the requirement has a known subject, speaks of it: 「第三者へ業務を出すことはいたしません」
        # refuses nothing of an audit requirement that names 第三者)
        if m and (focused or (_shares_terms(c.text, req)
                              and (not req.topics or any(t.about.search(sentence) for t in req.topics)))):
            found.append(Finding("refusal", "refused", quote(c.text, m), "対応できない旨の記載"))
            break

    for flag, pat, not_after in lex.hedges:
        if flag in ("hedged", "conditional") and req.topic("foreign_law_risk"):
            continue  # 「ただし…可能性は否定できません」 is the risk the requirement asks to be explained
        for m in pat.finditer(sentence):
            word = m.group(0)
            if _in_requirement(word, req):
                continue  # 「原則として10開庁日前」 asked is not a hedge in the answer
            if not_after is not None and not_after.search(sentence[max(0, m.start() - 12):m.start() + len(word)]):
                continue
            if flag == "conditional" and _grams(sentence[max(0, m.start() - 10):m.start()]) & _grams(req.text):
                continue  # 「やむを得ない場合に限り」 where the requirement itself says 「やむを得ず…した場合は」
            if flag == "conditional" and word in ("ただし、", "但し、"):
                note = lex.harmless_note.sub("", sentence[m.end():])
                if not lex.note_limits.search(note) or (is_negated(note) and lex.benign_negation.search(note)):
                    continue  # a note that takes nothing away (「ただし、追加費用は発生しません」)
            if flag == "alternative" and lex.fallback_before.search(sentence[max(0, m.start() - 30):m.start()]) \
                    and not any(_refusal(c, req) for c in clauses):
                continue  # a fallback offered besides what is asked (「監査が難しい場合は報告書で代えさせていただきます」)
            if flag == "limited_scope" and lex.besides_after.search(sentence[m.end():]):
                continue  # 「一部の機能はスマートフォンからもご利用いただけます」: an extra, not a shortfall
            if flag == "alternative" and (lex.besides_after.search(sentence[m.end():])
                                          or (re.search(r"自身|セルフ", word) and lex.self_service_requirement.search(req.text))):
                continue  # offered besides the asked way, or the city doing it itself is what is asked
            clause = next((c for c in clauses if word in c.text), None)
            if flag == "planned" and clause is not None and _about_condition(clause, req):
                continue  # 「再委託する予定です」 is the condition of the requirement, not a planned feature
            if flag not in ("hedged", "conditional", "limited_scope") and (
                    (clause is not None and clause.negated) or lex.local_negation_after.search(sentence[m.end():m.end() + 6])):
                continue  # 「追加費用は発生しません」「追加費用なしで」「カスタマイズは不要です」
            found.append(Finding("weakening", flag, quote(sentence, m)))
            break

    polite = lex.polite_condition.search(sentence)
    if polite and not any(f.flag == "conditional" for f in found):
        # the vendor asks the city to accept a narrower answer: a condition, however politely put
        found.append(Finding("weakening", "conditional", quote(sentence, polite), "条件の受入れを求める記載"))
    for event in req.deadline_events:
        late = re.search(re.escape(event) + lex.late_after_event, sentence)
        if late and not re.search(re.escape(event) + r"(の)?(日の)?(前|まで|以前)", sentence):
            found.append(Finding("weakening", "later_than_required", quote(sentence, late),
                                 f"要件は{event}前までを求めるが、{late.group(0)}としている"))
            break

    folded = re.sub(r"\s", "", sentence).lower()
    for items in req.named_items:
        named = [x for x in items if re.sub(r"\s", "", x).lower() in folded]
        if 2 <= len(named) < len(items):
            # the answer lists the named products and leaves some out: part of what is asked
            left = [x for x in items if x not in named]
            found.append(Finding("weakening", "limited_scope", quote(sentence),
                                 f"要件に列挙された{len(items)}件のうち{len(named)}件のみ記載（{'・'.join(left)}の記載なし）"))
            break

    only = lex.only.search(sentence)
    if (only and _in_requirement(only.group(1), req)
            and not lex.only_fine.search(sentence[max(0, only.start() - 12):only.end() + 8])
            and not re.search(r"のみ|限る|限定|限り", req.text)):
        found.append(Finding("weakening", "limited_scope", quote(sentence, only), "要件の一部のみに対応"))

    # values in a clause that switches them off (「TLS1.0/1.1は無効化済み」) are not offered
    # … nor are values in a clause that sells them as an option (「1年以上の保存はログ長期保管オプション」)
    paid = next((pat for flag, pat, _ in lex.hedges if flag == "extra_cost"), None)
    stated = [q for c in clauses if not (c.negated or lex.disabled.search(c.text) or (paid is not None and paid.search(c.text)))
              for q in extract(c.text)]
    for rq in req.quantities:
        comps = comparable(rq, stated)
        if not comps:
            continue
        worse = [s for s in comps if s.worse_than(rq)]
        ok = [s for s in comps if not s.worse_than(rq)]
        details = {"required": rq.text, "stated": "、".join(s.text for s in comps)}
        if ok and not worse:
            found.append(Finding("commitment", "", quote(sentence), f"要件「{rq.text}」を満たす値（{ok[0].text}）", details))
        elif worse and not ok:
            found.append(Finding("below", "value_below_requirement", quote(sentence),
                                 f"要件「{rq.text}」に対し「{worse[0].text}」", details))
        elif worse:
            found.append(Finding("partly_below", "value_partly_below", quote(sentence),
                                 f"要件「{rq.text}」に対し一部「{worse[0].text}」", details))
    for start, end in req.hours[:1]:  # opening hours shorter than asked: part of the time is not covered
        offered = windows(sentence)
        if offered and all(s > start + 1e-6 or e < end - 1e-6 for s, e in offered):
            s, e = offered[0]
            found.append(Finding("partly_below", "value_partly_below", quote(sentence),
                                 f"時間帯が要件（{start:g}時～{end:g}時）より短い（{s:g}時～{e:g}時）"))
    if req.guarantee and _TARGET.search(sentence) and not _GUARANTEE.search(sentence):
        m = _TARGET.search(sentence)
        found.append(Finding("below", "target_not_guarantee", quote(sentence, m), "保証ではなく目標値としている"))

    for c in clauses:
        if c.negated:
            if _benign(c, req) or _mirrors_requirement(c, req) or (
                    (req.prohibition or req.disclose) and not _refusal(c, req) and _shares_terms(c.text, req)):
                # to a prohibition a negative is the commitment; to "explain X", 「Xはありません」 is the explanation
                found.append(Finding("commitment", "", quote(c.text), "要件の禁止事項を行わない旨", {"negative": True}))
                break
        elif lex.commitment.search(c.core) and not _refusal(c, req):
            found.append(Finding("commitment", "", quote(c.text)))
            break
    if focused and role in ("prose", "appendix") and not found and not any(c.negated for c in clauses) \
            and _shares_terms(sentence, req):
        # the best-fitting sentence states the feature without a verb (「テンプレートを作成・保存し、全庁で共有」)
        found.append(Finding("commitment", "", quote(sentence), "記載内容から対応と判断"))
    if any(f.kind in ("weakening", "violation") for f in found):
        found = [f for f in found if f.kind != "satisfied"]  # 「基盤事業者は再委託先として扱わず」 narrows, not settles
    return Reading(sentence, where, role, relevance, found, stated)
