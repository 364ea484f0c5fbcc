"""Drafting lint: what a reviewer marks on a spec whatever the library says.

* vague terms (「速やかに」「適切に」「十分な」「等」) with nothing measurable in the same sentence;
* a 必須 item a vendor cannot be checked against (only 「配慮する」「留意する」 and no number or named standard);
* the same requirement written twice in one part of the document;
* several words for the vendor (受注者 / 事業者 / 提供者 / 乙) where a spec should define and use one.

Wording copied from the library clause an item stands for is not flagged here (the library is the reference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.scoring.align.similarity import bigram_matrix, fuzzy_matrix
from specgen.scoring.analyze.quantities import extract

from .model import CityItem, CitySpec
from .vocab import vocab

_SENTENCE = re.compile(r"(?<=[。．])")
_CJK_BEFORE = re.compile(r"[一-龥々ァ-ヴーA-Za-z]$")


@dataclass(frozen=True)
class LintHit:
    code: str          # vague | uncheckable | duplicate | role_terms
    items: tuple[CityItem, ...]
    detail: str
    suggestion: str


def _enumerated_before(sentence: str, at: int) -> bool:
    before = sentence[max(0, at - 25):at]
    return bool(re.search(r"[、・,]|及び|並びに|や|又は|若しくは", before))


def _measurable(sentence: str, needs: str) -> bool:
    if needs == "deadline":
        return any(q.dim in ("duration", "interval") for q in extract(sentence))
    return bool(extract(sentence)) or bool(vocab().criteria.search(sentence))


def vague_terms(item: CityItem, reference: str = "") -> list[str]:
    """The vague terms of `item` without a measurable criterion in their sentence (and not in `reference`)."""
    v = vocab()
    found: list[str] = []
    for sentence in _SENTENCE.split(item.text):
        masked = sentence
        for word in v.not_vague:
            masked = masked.replace(word, "＿" * len(word))
        for vt in v.vague:
            at = masked.find(vt.term)
            if at < 0 or vt.term in reference or vt.term in found:
                continue
            if vt.needs == "list":
                if _enumerated_before(masked, at):
                    continue
            elif _measurable(sentence, vt.needs):
                continue
            found.append(vt.term)
    return found


def uncheckable(item: CityItem) -> bool:
    """A 必須 item with nothing to check: only unverifiable verbs, no number, no named standard."""
    v = vocab()
    if not item.mandatory or extract(item.text) or v.criteria.search(item.text):
        return False
    return any(w in item.text for w in v.unverifiable)


def duplicates(items: list[CityItem]) -> list[tuple[CityItem, CityItem, float]]:
    """Pairs of requirements in the same part of the document (body, or one table) that say the same thing."""
    out = []
    parts: dict[str, list[CityItem]] = {}
    for it in items:
        part = it.where.split(" ")[0] if it.where.startswith("表") else ("別紙" if it.appendix else "本文")
        parts.setdefault(part, []).append(it)
    for group in parts.values():
        group = [g for g in group if len(g.text) >= 15]
        if len(group) < 2:
            continue
        texts = [g.text for g in group]
        rough = bigram_matrix(texts, texts)  # the cheap pass; the full similarity only for the close pairs
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                if rough[a, b] >= vocab().duplicate_min - 0.1:
                    s = float(fuzzy_matrix([texts[a]], [texts[b]])[0, 0])
                    if s >= vocab().duplicate_min:
                        out.append((group[a], group[b], s))
    return out


def _bare_uses(term: str, body: str) -> int:
    return sum(1 for m in re.finditer(re.escape(term), body)
               if not _CJK_BEFORE.search(body[max(0, m.start() - 1):m.start()]) and body[max(0, m.start() - 1):m.start()] != "の"
               and not re.match(r"[一-龥ァ-ヴ]", body[m.end():m.end() + 1] or " "))


def role_terms(spec: CitySpec, reference: dict[int, str] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(vendor-role words the requirements use on their own, those the spec defines, those in the city's own
    wording). Compound words name other parties; a bare word that ends a defined term (「提供者」 after
    「クラウドサービス提供者：…をいう」) is that term; `reference` (id(item) → library clause text) tells the
    library's wording from the city's."""
    reference = reference or {}
    everything = "\n".join(i.text for i in spec.requirements)
    used, defined, own = [], [], []
    for t in vocab().vendor_roles:
        if _bare_uses(t, everything) < 2:  # one stray use is not a second name for the vendor
            continue
        d = re.search(rf"(\S{{0,16}}){re.escape(t)}(?:[:：]|」という|」とは|とは、)", spec.text)
        if d and _CJK_BEFORE.search(d.group(1)):
            continue  # the short form of a defined compound: another party, or the same one named in full
        used.append(t)
        if d:
            defined.append(t)
        if _bare_uses(t, "\n".join(i.text for i in spec.requirements if t not in reference.get(id(i), ""))):
            own.append(t)
    return used, defined, own


def lint(spec: CitySpec, reference: dict[int, str]) -> list[LintHit]:
    """`reference`: id(city item) → text of the library clauses it stands for (their wording is not flagged)."""
    hits: list[LintHit] = []
    for item in spec.requirements:
        terms = vague_terms(item, reference.get(id(item), ""))
        if terms:
            hits.append(LintHit("vague", (item,), f"「{'」「'.join(terms)}」に測れる基準（期限・数値・対象の列挙）がありません",
                                "期限（例：1時間以内）、数値（例：1年以上）又は対象を具体的に列挙してください。"))
        if uncheckable(item) and not reference.get(id(item)):
            hits.append(LintHit("uncheckable", (item,), "必須要件ですが、事業者の回答を充足・不充足で判定できる基準がありません",
                                "何をどの水準で実施するか（対象・方法・期限・数値）を書くか、任意要件にしてください。"))
    for a, b, s in duplicates(spec.requirements):
        hits.append(LintHit("duplicate", (a, b), f"{a.where} と {b.where} がほぼ同じ要件です（類似度 {s:.2f}）",
                            "一方に統合してください（事業者は同じ要件に二度回答することになります）。"))
    used, defined, own = role_terms(spec, reference)
    if len(used) >= 2:
        undefined = [t for t in used if t not in defined]
        if undefined and set(undefined) & set(own):  # the library's own two words are not the city's drafting
            main = defined[0] if defined else used[0]
            hits.append(LintHit("role_terms", (), f"事業者を指す語が複数あります（{'・'.join(used)}）。定義されていない語：{'・'.join(undefined)}",
                                f"用語の定義で一つ（例：「{main}」）を定め、本文をその語に統一してください。"))
    return hits
