"""Turn the mapping into findings: refused, missing, weaker, lint and extra."""

from __future__ import annotations

import re

from specgen.spec.model import Requirement

from . import lint as lint_mod
from .map import Mapping
from .model import CityItem, CitySpec, Finding
from .vocab import vocab
from .weaker import compare

_SENTENCE = re.compile(r"(?<=[。．\n])")


def _clip(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def refused(spec: CitySpec, reason: str | None) -> list[Finding]:
    """The combination asked for is forbidden, or the spec's own words describe a forbidden one."""
    out = []
    if reason:
        out.append(Finding("refused", "high", "指定された区分・サービスの組合せは出典により認められません", detail=reason,
                           suggestion="取り扱う情報の格付又は調達の形態（個別契約）を見直してください。", code="arguments"))
    v = vocab()
    for sentence in _SENTENCE.split(spec.text):
        m = v.class_3a.search(sentence)
        if m and not v.class_3a_negated.search(sentence) and v.internet_cloud.search(spec.text):
            out.append(Finding("refused", "high", "仕様書が自治体機密性3Aの情報をクラウドサービスで取り扱う記載になっています",
                               city_text=_clip(sentence.strip()), code="class_3a",
                               detail="3Aの情報はインターネットに接続した電子計算機に保存しないこととされています（セキュリティポリシーに関するガイドライン 図表23）。",
                               suggestion="3Aの情報を取り扱わない旨を明記するか、クラウドサービス以外の方法を検討してください。"))
            break
    for sentence in _SENTENCE.split(spec.text):
        m = v.terms_of_service.search(sentence)
        if not m or v.terms_of_service_negated.search(sentence[max(0, m.start() - 4):m.end() + 30]):
            continue
        # the spec's own words must put 機密性2+ data into the 約款型 service (a LINE account described as 約款型,
        # with the data kept elsewhere, is the guideline's own design, not a violation)
        if not (v.class_2_or_more.search(sentence) and v.handles.search(sentence)):
            continue
        out.append(Finding("refused", "high", "約款型サービスで自治体機密性2以上の情報を取り扱う記載になっています", city_text=_clip(sentence.strip()),
                           code="terms_of_service",
                           detail="約款型サービスでは機密性2以上の情報を原則として取り扱えません（セキュリティポリシーに関するガイドライン 8.3【趣旨】、LINEガイドライン 3.(2)）。",
                           suggestion="個別契約で調達するか、取り扱う情報を自治体機密性1に限ってください。"))
        break
    return out


def missing(rows: list[Requirement], mapping: Mapping) -> list[Finding]:
    out = []
    for j, r in enumerate(rows):
        if mapping.links[j]:
            continue
        out.append(Finding("missing", "high" if r.mandatory else "low",
                           f"{'必須' if r.mandatory else '任意'}の条項「{r.title}」に当たる記載がありません",
                           clause_id="・".join((r.clause_id, *r.merged)), requirement_id=r.id, clause_text=r.text, source=r.cite(),
                           suggestion=r.text, code="mandatory" if r.mandatory else "optional"))
    return out


def weaker(rows: list[Requirement], mapping: Mapping) -> list[Finding]:
    """One finding per profile row whose counterparts are weaker, every way it is weaker in its detail."""
    out = []
    for j, r in enumerate(rows):
        linked = mapping.links[j]
        if not linked:
            continue
        ws = compare([ln.item.text for ln in linked], r.text)
        if not ws:
            continue
        item = _weak_item(linked, next((w.city for w in ws if w.city), ""))
        firm = any(w.code in ("modality", "parameter") for w in ws)
        codes = list(dict.fromkeys(w.code for w in ws))
        out.append(Finding("weaker", "high" if firm and r.mandatory else "medium", f"「{r.title}」の記載が条項より弱くなっています",
                           city_text=_clip(item.text), city_where=item.location, clause_id="・".join((r.clause_id, *r.merged)),
                           requirement_id=r.id, clause_text=r.text, source=r.cite(), suggestion=r.text,
                           detail="。".join(w.detail.rstrip("。") for w in ws) + "。", code="+".join(codes)))
    return out


def _weak_item(linked, word: str) -> CityItem:
    if word:
        for ln in linked:
            if word in ln.item.text:
                return ln.item
    return linked[0].item


def lint(spec: CitySpec, rows: list[Requirement], mapping: Mapping) -> list[Finding]:
    reference: dict[int, str] = {}  # by object: ids such as 「(1)」 repeat from chapter to chapter
    for j, r in enumerate(rows):
        for ln in mapping.links[j]:
            reference[id(ln.item)] = reference.get(id(ln.item), "") + r.text
    out = []
    for hit in lint_mod.lint(spec, reference):
        severity = "medium" if hit.code in ("uncheckable", "role_terms") else "low"
        out.append(Finding("lint", severity, {"vague": "あいまいな表現", "uncheckable": "判定できない必須要件", "duplicate": "重複した要件",
                                              "role_terms": "事業者を指す語の不統一"}[hit.code],
                           city_text=_clip(" ／ ".join(i.text for i in hit.items)) if hit.items else "",
                           city_where="、".join(i.location for i in hit.items) if hit.items else "文書全体",
                           detail=hit.detail, suggestion=hit.suggestion, code=hit.code))
    return out


def extra(items: list[CityItem], mapping: Mapping, outside: dict[int, tuple[str, str]]) -> list[Finding]:
    """Requirements with no counterpart in the profile (for the record); `outside`: item → (clause id, title) of a
    library clause outside this profile that it matches."""
    linked = {id(ln.item) for lns in mapping.links.values() for ln in lns}
    out = []
    for i, item in enumerate(items):
        if id(item) in linked or i in mapping.known:
            continue
        note = ""
        if i in outside:
            cid, title = outside[i]
            note = f"ライブラリの条項 {cid}「{title}」に当たりますが、この区分・サービスでは求められていません。"
        out.append(Finding("extra", "info", "ライブラリに対応する条項がない要件です（誤りではありません）", city_text=_clip(item.text),
                           city_where=item.location, clause_id=outside.get(i, ("", ""))[0], detail=note, code="outside_profile" if note else "own"))
    return out
