"""Judge one requirement in one response: met / partial / unmet / missing, with flags, evidence and a reason.

Everything the vendor wrote about the requirement is read sentence by sentence (the answer cell, its comment,
continuation rows, a cross-referenced row, a notes sheet, prose and appendices), then the strongest finding
decides, in the order a committee member reads:
  1. the requirement's own shape settled (「再委託はしません」 to "if you subcontract…") → met;
  2. a violation on the requirement's subject (data abroad, training use, not registered …) → unmet, even under ○;
  3. × → unmet, unless the requirement forbids something and the answer says it will not do it;
  4. a number clearly on the wrong side, or a target where a guarantee is asked → unmet;
  5. a refusal → unmet, or partial when the same answer commits to the rest;
  6. △, or anything that weakens (option, cost, plan, hedge, condition, alternative, part of the scope, a number
     short for part of the scope) → partial;
  7. ○ or a clear commitment → met; text that commits to nothing → partial (unclear); nothing → missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..align.match import Match, Unit, norm_id, row_ids
from ..analyze.requirement import Requirement
from ..analyze.sentences import split_sentences
from ..analyze.statements import Finding, Reading, quote, read
from ...statuses import STATUS_RANK
from ..model import AnswerRow, Evidence, Response, Result
from ..vocab import flag_label, lexicon
from .confidence import confidence

MIN_TEXT = 4
_REGISTERED_INFRA = re.compile(r"(登録済み|登録されている|登録された|登録の)[^。、]{0,6}(の)?(AWS|Azure|Google|GCP|Oracle|さくら|IIJ|IaaS|PaaS|基盤|クラウド基盤|パブリッククラウド|クラウド上|上)")
_MARK_WITH_WORDS = re.compile(r"[:：(（\s]\s*\S{2,}")
PROSE_REL = 0.18        # a prose sentence must be this much about the requirement for a refusal or hedge to count
PROSE_OVER_ROW_REL = 0.30  # … and this much when an answer table row already answers it
CONDITION_REL = 0.25    # a notes-sheet line must be this much about the requirement to bind it
CONDITION_VALUE_REL = 0.08  # … or name a value of the same subject (「ログの保存期間は標準で6か月」)
APPENDIX_VALUE_REL = 0.13  # an appendix line (別紙SLA) must name this much of the requirement for its value to bind
CONDITION_REFERRED_REL = 0.12  # … or only this much when the answer itself says 「前提条件を参照」
PROSE_NAMES_NOTHING = 0.05  # prose alone naming less than this of the requirement's words is about something else
WHOLE_REFUSAL = 0.4     # a refusal naming this much of the requirement refuses all of it, whatever else is said
STATUS_ORDER = STATUS_RANK


@dataclass
class Context:
    """What one response offers beyond the matched row: other rows, notes, all prose sentences."""

    response: Response
    units: list[Unit]
    coverage: object          # callable(req_index, text) -> float in [0, 1]
    rows_by_id: dict[str, AnswerRow] = field(default_factory=dict)

    @classmethod
    def build(cls, response: Response, units: list[Unit], coverage) -> "Context":
        by_id: dict[str, AnswerRow] = {}
        for r in response.rows:
            for i in row_ids(r.id) + row_ids(r.ref_ids):
                by_id.setdefault(i, r)
        return cls(response, units, coverage, by_id)


_LEADING_MARK = re.compile(r"^\s*([^\s:：、。]{1,6})[\s:：、]")


def _mark(row: AnswerRow | None, legend: dict[str, str]) -> str | None:
    if row is None:
        return None
    if not row.mark:
        # the mark written at the head of the answer text when the mark column is empty (「一部可 CSV出力は可能です」)
        lead = _LEADING_MARK.match(row.answer_text)
        status = lexicon().mark_status(lead.group(1), legend) if lead else None
        return status if status in ("partial", "unmet") and len(lead.group(1)) >= 2 else None
    return lexicon().mark_status(row.mark, legend)



_NOT_APPLICABLE = re.compile(r"^\s*(該当なし|該当無し|非該当|該当しない|対象外)\s*$")


def _japanese(text: str) -> bool:
    return len(re.findall(r"[぀-ヿ一-龥]", text)) >= len(text) / 3


def _worst_mark(marks: list[str | None]) -> str | None:
    real = [m for m in marks if m in ("met", "partial", "unmet")]
    if not real:
        return "blank" if "blank" in marks else None
    return max(real, key=lambda m: STATUS_ORDER[m])


def _readings(req: Requirement, index: int, match: Match, ctx: Context) -> tuple[list[Reading], list[Evidence], str | None]:
    lex = lexicon()
    legend = ctx.response.mark_legend
    readings: list[Reading] = []
    evidence: list[Evidence] = []
    rows = ([match.row] if match.row is not None else []) + match.more_rows
    marks = []
    for row in rows:
        m = _mark(row, legend)
        marks.append(m)
        if row.mark:
            evidence.append(Evidence(row.mark_where or row.where, row.mark, match.row_sim, "mark"))
            if m is None or _MARK_WITH_WORDS.search(row.mark):  # words in the mark column (「×：再委託は行いません」) are an answer
                readings += [read(req, s, row.mark_where or row.where, "answer") for s in split_sentences(row.mark)]
        text = row.answer_text
        if text:
            evidence.append(Evidence(row.remark_where or row.where, text[:400], match.row_sim, "answer"))
            readings += [read(req, s, row.remark_where or row.where, "answer") for s in split_sentences(text)]
        for where, extra in row.extra:
            cost = lex.cost_value(extra)
            if cost == "none":
                continue  # 「追加費用：なし」: nothing to weaken the answer
            status = "partial" if cost == "cost" else lex.mark_status(extra, legend)
            if status in ("partial", "unmet"):
                readings.append(Reading(extra, where, "answer", 1.0, [Finding("weakening", "extra_cost", extra)]))
            elif status is None:
                readings += [read(req, s, where, "answer") for s in split_sentences(extra)]
        for where, comment in row.comments:
            evidence.append(Evidence(where, comment[:400], match.row_sim, "comment"))
            readings += [read(req, s, where, "comment") for s in split_sentences(comment)]
        ref = lex.cross_reference.search(f"{row.mark} {text}")
        if ref:
            target = ctx.rows_by_id.get(norm_id(ref.group(1)))
            if target is not None and target is not row:
                marks.append(_mark(target, legend))
                body = " ".join(t for t in (target.mark if _mark(target, legend) is None else "", target.answer_text) if t)
                evidence.append(Evidence(target.remark_where or target.where, body[:400], match.row_sim, "reference"))
                readings += [read(req, s, target.remark_where or target.where, "reference") for s in split_sentences(body)]
    mark = _worst_mark(marks) if rows else None

    # 「証明書の条件は前提条件を参照」: the answer points at the notes sheet, so its lines on this subject bind
    said = " ".join(f"{r.remark} {r.evidence} " + " ".join(t for _, t in r.extra) for r in rows)
    referred = any(lex.condition_sheet.search(m.group(0)) for m in re.finditer(r"[^。\s]{0,12}(参照|ご覧|のとおり|の通り|に準ず|に基づ)", said))
    for note in ctx.response.conditions:
        rel = ctx.coverage(index, note.text)
        if rel >= CONDITION_REL or (req.quantities and rel >= CONDITION_VALUE_REL) or (referred and rel >= CONDITION_REFERRED_REL):
            r = read(req, note.text, note.where, "condition", rel)
            # a general condition binds through what it restricts: a value, a cost, a limit on this subject
            # (and the paid option that reaches the value: 「標準で6か月、1年保存は有償オプション」)
            if rel < CONDITION_REL and not referred:
                values = [f for f in r.findings if f.kind in ("below", "partly_below")]
                r.findings = values + ([f for f in r.findings if f.flag in ("extra_cost", "customization")] if values else [])
            if any(f.kind != "commitment" for f in r.findings):
                readings.append(r)

    best = match.units[0][1] if match.units else 0.0
    home = match.units[0][0].passage if match.units else -1
    for unit, sim in match.units:
        rel = ctx.coverage(index, unit.text)
        r = read(req, unit.text, unit.where + (f"（{unit.heading}）" if unit.heading else ""),
                 "appendix" if unit.appendix else "prose", sim, focused=sim >= best)
        needed = PROSE_REL if (unit.passage == home or unit.appendix or not rows) else PROSE_OVER_ROW_REL
        if rel < needed and (rows or sim < best):
            # a value of the same subject in the same paragraph still counts (「なお、アクセスログは90日」)
            values = unit.passage == home and rel >= CONDITION_VALUE_REL
            r.findings = [f for f in r.findings if f.kind in ("commitment", "satisfied")
                          or (values and f.kind in ("below", "partly_below"))]
        readings.append(r)

    if req.quantities:
        # an appendix table (別紙SLA) states the values the committee holds the vendor to: a value of this
        # requirement's subject binds, wherever the prose answered; so does one in the answering paragraph
        # (「…監査ログは管理コンソールからご参照いただけます。監査ログの保持期間は90日間でございます。」)
        seen = {u.where for u, _ in match.units}
        for unit in ctx.units:
            if unit.where in seen or not (unit.appendix or unit.passage == home):
                continue
            rel = ctx.coverage(index, unit.text)
            if unit.appendix and rel < APPENDIX_VALUE_REL:
                continue
            r = read(req, unit.text, unit.where + (f"（{unit.heading}）" if unit.heading else ""),
                     "appendix" if unit.appendix else "prose", rel, focused=False)
            values = [f for f in r.findings if f.kind in ("below", "partly_below")]
            if values:
                r.findings = values + [f for f in r.findings if f.flag in ("extra_cost", "customization")]
                readings.append(r)
    return readings, evidence, mark


def _topic_scan(req: Requirement, ctx: Context, seen: set[str]) -> list[Reading]:
    """A violation of the requirement's subject anywhere in the prose counts, and only one on that subject;
    so does a statement that settles it (the condition of the requirement never arises)."""
    out = []
    # (only for a requirement that binds if something happens: 「再委託する場合は…」)
    labels = tuple(f"{t.label}：" for t in req.topics if t.satisfied is not None) if req.conditional else ()
    for unit in ctx.units:
        if unit.where in seen or not any(t.about.search(unit.text) for t in req.topics if t.violations or (labels and t.satisfied)):
            continue
        r = read(req, unit.text, unit.where + (f"（{unit.heading}）" if unit.heading else ""), "prose", 0.0, focused=False)
        # … and what settles the subject (「本業務は再委託を行わず」), wherever the proposal says it
        r.findings = [f for f in r.findings if f.kind == "violation" or (f.kind == "satisfied" and labels and f.reason.startswith(labels))]
        if r.findings:
            out.append(r)
    return out


def _ismap_scope(req: Requirement, readings: list[Reading]) -> Finding | None:
    """Only the infrastructure (IaaS) is said to be registered where the service itself must be."""
    topic = req.topic("ismap")
    if topic is None or topic.infrastructure is None or topic.infrastructure_allowed.search(req.text):
        return None
    text = " ".join(r.sentence for r in readings)
    if "登録" not in text and "ISMAP" not in text.upper():
        return None
    # 「本サービスは、ISMAP登録済みのAWS上で稼働」: the registration qualifies the AWS, not the service
    own = _REGISTERED_INFRA.sub("", text)
    if topic.service_itself.search(own) or not topic.infrastructure.search(text):
        return None
    if topic.infrastructure_excluded is not None and topic.infrastructure_excluded.search(req.text):
        return Finding("violation", "ismap_infrastructure_only", text[:60],
                       "要件は基盤（IaaS等）のみの登録を認めていないが、登録は基盤のみで本サービス自体の登録が確認できない")
    return Finding("weakening", "ismap_infrastructure_only", text[:60], "ISMAP登録は基盤（IaaS等）のみで、本サービス自体の登録が確認できない")


def _first(readings: list[Reading], kind: str) -> tuple[Reading, Finding] | None:
    for r in readings:
        for f in r.findings:
            if f.kind == kind:
                return r, f
    return None


def _all(readings: list[Reading], kind: str) -> list[tuple[Reading, Finding]]:
    return [(r, f) for r in readings for f in r.findings if f.kind == kind]


def judge(req: Requirement, index: int, match: Match, ctx: Context) -> Result:
    readings, evidence, mark = _readings(req, index, match, ctx)
    if match.row is None:
        # with no answer row, a prose sentence that names none of the requirement's words answers another requirement
        # (「本業務以外の目的に使うことはなく」 is no answer to how 3A information is handled)
        # (a sentence in another language is left to the matcher: key terms are Japanese)
        readings = [r for r in readings if r.role not in ("prose", "appendix") or ctx.coverage(index, r.sentence) >= PROSE_NAMES_NOTHING
                    or any(f.kind not in ("commitment", "satisfied") for f in r.findings) or not _japanese(r.sentence)]
    readings += _topic_scan(req, ctx, {r.where for r in readings})
    has_text = any(len(r.sentence) >= MIN_TEXT for r in readings)
    item = req.item

    def result(status: str, flags: list[str], reason: str, deciding: Reading | None = None, details: dict | None = None) -> Result:
        ev = list(evidence)
        if deciding is not None and not any(e.where == deciding.where for e in ev):
            ev.insert(0, Evidence(deciding.where, deciding.sentence[:400], deciding.relevance, deciding.role))
        for unit, sim in match.units[:3]:
            w = unit.where + (f"（{unit.heading}）" if unit.heading else "")
            if not any(e.where == w for e in ev):
                ev.append(Evidence(w, unit.text[:400], sim, "appendix" if unit.appendix else "prose"))
        flags = list(dict.fromkeys(f for f in flags if f))
        conf, review = confidence(status, flags, match, mark, readings)
        return Result(item.id, status, conf, flags, ev, reason, item.mandatory, item.clause_id, item.text, item.weight,
                      review, details or {})

    if match.row is None and not readings:
        return result("missing", ["not_addressed"], "該当する回答が見つからない（回答書・提案書に記載なし）")
    if (mark == "blank" and match.row is not None and _NOT_APPLICABLE.match(match.row.mark) and req.conditional
            and any(t.satisfied is not None for t in req.topics)):
        # 「該当なし」 to "if you subcontract, obtain approval": the condition does not arise
        return result("met", [], f"「{match.row.mark}」と回答：要件の前提（条件）に当たらない")
    if mark in (None, "blank") and not has_text:
        return result("missing", ["blank_answer"], "対応可否・回答が空欄")

    shown = ""
    if match.row is not None:
        head = _LEADING_MARK.match(match.row.answer_text)
        shown = match.row.mark or (head.group(1) if head else "")
    lead = f"{shown}と回答しているが、" if mark in ("met", "partial") and shown else ""
    conflict = ["mark_comment_conflict"] if mark in ("met", "partial") else []

    def role_flags(r: Reading) -> list[str]:
        if r.role in ("prose", "appendix") and mark in ("met", "partial"):
            return ["table_prose_conflict"]  # the Word table says ○, the text says less: the text decides
        return {"condition": ["notes_sheet_condition"], "comment": ["comment_condition"], "reference": ["cross_reference"]}.get(r.role, [])

    sat = _first(readings, "satisfied")
    violations = _all(readings, "violation")
    commitments = _all(readings, "commitment")
    refusals = _all(readings, "refusal")
    law = req.topic("law")
    if law is not None and law.named_court is not None:
        asked = {m.group(1) for m in law.named_court.finditer(req.text)}
        for r in readings:
            named = [m.group(1) for m in law.named_court.finditer(r.sentence)]
            if asked and named and not set(named) & asked:
                violations.append((r, Finding("violation", "different_court", quote(r.sentence),
                                              f"管轄裁判所が要件（{'・'.join(sorted(asked))}）と異なる（{named[0]}）")))
                break
    if req.alternatives and req.topic("certification") and any(t.about.search(c.quote) for _, c in commitments for t in req.topics):
        # 「Pマーク又はISMS」: 「ISMSを取得済み（Pマークは取得しておりません）」 meets it; what is said of the
        # other alternative does not count
        def other(f: Finding) -> bool:
            return any(t.about.search(f.quote) for t in req.topics)
        violations = [(r, f) for r, f in violations if not (f.flag == "certification_planned" and other(f))]
        refusals = [(r, f) for r, f in refusals if not other(f)]
    ismap = req.topic("ismap")
    if ismap is not None and ismap.infrastructure_allowed.search(req.text) and any(
            ismap.infrastructure.search(c.quote) and "登録" in c.quote for _, c in commitments):
        # the infrastructure's registration is what is asked (or enough): the service's own status does not count
        violations = [(r, f) for r, f in violations if f.flag != "ismap_not_registered"]
        refusals = [(r, f) for r, f in refusals if "ISMAP" not in f.quote.upper()]
    if sat and not violations:
        r, f = sat
        return result("met", [], f"{f.reason}（「{f.quote}」）", r)
    if violations:
        r, f = violations[0]
        flags = [v.flag for _, v in violations] + role_flags(r) + (conflict if r.role in ("answer", "comment", "reference") else [])
        return result("unmet", flags, f"{lead}{f.reason}（「{f.quote}」）", r)

    if mark == "unmet":
        # × with 「提供しません」 to "provide no such function", 「国外法令の適用なし」 to "explain the risk"
        said = next(((r, f) for r, f in commitments if r.role == "answer" and f.details.get("negative")), None)
        if said and (req.prohibition or req.disclose) and not any(r.role == "answer" for r, _ in refusals) \
                and not _first(readings, "below"):
            return result("met", [], f"×の記号だが、記載内容は要件を満たす（「{said[1].quote}」）", said[0])
        mark_text = (match.row.mark or shown or "×") if match.row is not None else "×"
        return result("unmet", ["refused"], f"×（対応不可）と回答（{mark_text}）")

    below = _first(readings, "below")
    if below:
        r, f = below
        options = [w for rr, w in _all(readings, "weakening")
                   if w.flag in ("extra_cost", "customization") and rr.role in ("answer", "comment", "condition", r.role)]
        met_elsewhere = [rr for rr, c in _all(readings, "commitment")
                         if rr is not r and c.details.get("required") and not rr.has("weakening") and not rr.has("below")]
        if met_elsewhere and not options and r.sentence != met_elsewhere[0].sentence:
            # 「操作ログは1年間保存」 and 「アクセスログは90日」: the value falls short for part of the scope
            return result("partial", ["value_partly_below", f.flag] + role_flags(r),
                          f"{lead}{f.reason}（一部の範囲のみ。「{f.quote}」）", r, f.details)
        if options or mark == "partial":
            # reached only with a paid option, or the vendor itself answered △: short for part of the scope
            extra = [options[0].flag] if options else ["partial_mark"]
            return result("partial", ["value_partly_below", f.flag] + extra + role_flags(r),
                          f"{lead}{f.reason}、要件の値は{'オプションで対応' if options else '一部対応'}（「{f.quote}」）", r, f.details)
        return result("unmet", [f.flag] + role_flags(r) + (conflict if r.role == "answer" else []),
                      f"{lead}{f.reason}（「{f.quote}」）", r, f.details)

    if refusals:
        r, f = refusals[0]
        lex = lexicon()
        whole = ctx.coverage(index, r.sentence) >= WHOLE_REFUSAL or (
            lex.strong_refusal.search(r.sentence) and not lex.part_marker.search(r.sentence))
        others = [c for c in commitments if c[0] is not r] or (mark in ("met", "partial"))
        substitute = [w for _, w in _all(readings, "weakening") if w.flag in ("alternative", "audit_alternative")]
        if substitute or mark == "partial":
            # 「実地監査はお受けできません。報告書の提出で代えさせていただきます」, or a refusal under △
            whole = False
        if others and not whole:
            return result("partial", ["refused_in_part"] + role_flags(r) + conflict,
                          f"{lead}一部について対応できない旨の記載（「{f.quote}」）", r)
        return result("unmet", ["refused"] + role_flags(r), f"対応できない旨の記載（「{f.quote}」）", r)

    weak = _all(readings, "weakening") + _all(readings, "partly_below")
    if any("証明" in r.sentence and r.has("commitment") and not r.has("refusal") for r in readings):
        weak = [(r, f) for r, f in weak if f.flag != "no_erasure_certificate"]  # the certificate is promised elsewhere
    scope = _ismap_scope(req, readings)
    if scope is not None and scope.kind == "violation":
        return result("unmet", [scope.flag] + conflict, f"{lead}{scope.reason}", readings[0])
    if scope is not None:
        weak.append((readings[0], scope))
    if mark == "partial":
        flags = [f.flag for _, f in weak] or ["partial_mark"]
        detail = "、".join(flag_label(x) for x in flags[:2]) if weak else "条件の記載なし"
        return result("partial", flags + [x for r, _ in weak for x in role_flags(r)], f"{shown or '△'}（一部対応）と回答：{detail}",
                      weak[0][0] if weak else None)
    if weak:
        r, f = weak[0]
        flags = [w.flag for _, w in weak] + [x for rr, _ in weak for x in role_flags(rr)] + conflict
        what = f.reason or flag_label(f.flag)
        return result("partial", flags, f"{lead}{what}（「{f.quote}」）", r, f.details)
    if mark == "met":
        row = match.row
        return result("met", [], f"{row.mark}（対応可）と回答" + ("、備考に条件の記載なし" if row.answer_text else ""))
    if commitments:
        r, f = commitments[0]
        return result("met", [], f"{f.reason or '対応する旨の記載あり'}（「{f.quote}」）", r)
    return result("partial", ["unclear"], "記載はあるが、対応の可否が明確でない", readings[0] if readings else None)
