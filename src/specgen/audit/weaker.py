"""Is what the city wrote weaker than the library clause it stands for? Read three ways, as a reviewer would:

* modality — an obligation turned into an effort or a wish (「努める」「望ましい」「可能な限り」「必要に応じて」)
  where the clause is firm (「〜すること」「限定」);
* parameters — a number on the wrong side of the clause's (retention, notice and report deadlines, 稼働率, 世代,
  RTO…), compared in the same dimension and unit by the scorer's quantity reader; or no number at all where the
  clause sets one;
* scope — the city narrows (「一部」「主要な」「を除く」), lets a weaker offer in (「ISMAP-LIU」「申請中」), or drops
  what the clause insists on (「国内」「全て」「事前」, 「（バックアップ及びログを含む）」).

Wording the clause itself uses is never a weakening: the comparison is always city text against clause text.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from specgen.scoring.analyze.quantities import Quantity, comparable, extract
from specgen.textnorm import normalize

from .vocab import vocab

_INCLUDES = re.compile(r"[（(]([^（）()]{2,40}?)を含む[）)]")
_SPLIT = re.compile(r"及び|並びに|又は|若しくは|[、・,]")


@dataclass(frozen=True)
class Weakness:
    code: str      # modality | parameter | parameter_missing | scope
    detail: str    # what was compared, in Japanese
    city: str      # the city's words that weaken it


def _count(text: str, words: tuple[str, ...]) -> dict[str, int]:
    """Occurrences of each word, longest first, each span counted once (「努めること」 is not also 「努める」)."""
    out: dict[str, int] = {}
    masked = text
    for w in sorted(words, key=len, reverse=True):
        n = masked.count(w)
        if n:
            out[w] = n
            masked = masked.replace(w, "＿" * len(w))
    return out


def modality(city: str, clause: str) -> Weakness | None:
    v = vocab()
    if not any(w in clause for w in v.firm_modality):
        return None
    mine, theirs = _count(city, v.weak_modality), _count(clause, v.weak_modality)
    added = [w for w, n in mine.items() if n > theirs.get(w, 0)]
    if not added:
        return None
    return Weakness("modality", f"「{'」「'.join(added)}」は努力目標・任意の表現です。条項は義務として定めています", "、".join(added))


def _directed(q: Quantity) -> Quantity | None:
    if q.direction is not None:
        return q
    if q.dim in vocab().implicit_min:
        return dataclasses.replace(q, direction="min")
    return None


def parameters(city_texts: list[str], clause: str) -> list[Weakness]:
    """Numbers of the clause against the city's: on the wrong side, or absent."""
    required = [d for q in extract(clause) if (d := _directed(q)) is not None]
    if not required:
        return []
    stated_by_item = [extract(t) for t in city_texts]
    stated_all = [s for ss in stated_by_item for s in ss]
    out: list[Weakness] = []
    seen: set[str] = set()
    for q in required:
        for stated in stated_by_item:
            worse = [s for s in comparable(q, stated) if s.worse_than(q)]
            if worse and q.text not in seen:
                seen.add(q.text)
                word = "以上" if q.direction == "min" and q.dim != "interval" else "以内"
                out.append(Weakness("parameter", f"条項は「{q.text}」（{word}）、本文は「{worse[0].text}」", worse[0].text))
        if q.text not in seen and not comparable(q, stated_all):  # 「速やかに」 for 「1時間以内に」 (a 24時間 elsewhere is another subject)
            seen.add(q.text)
            out.append(Weakness("parameter_missing", f"条項の数値基準「{q.text}」が本文にありません", ""))
    return out


def scope(city_texts: list[str], clause: str) -> list[Weakness]:
    v = vocab()
    union = " ".join(city_texts)
    out: list[Weakness] = []
    for word in (*v.narrowing, *v.loosening):
        if word in union and word not in clause:
            kind = "対象を狭める" if word in v.narrowing else "条項より緩い選択肢を認める"
            out.append(Weakness("scope", f"「{word}」は{kind}記載です", word))
    dropped = [a.split("|")[0] for a in v.anchors if a.split("|")[0] in clause and not any(w in union for w in a.split("|"))]
    if dropped:
        out.append(Weakness("scope", f"条項の「{'」「'.join(dropped)}」に当たる記載がありません", ""))
    for m in _INCLUDES.finditer(clause):
        parts = [p.strip() for p in _SPLIT.split(m.group(1)) if len(p.strip()) >= 2]
        if parts and not any(p in union for p in parts):
            out.append(Weakness("scope", f"条項は「{m.group(1)}を含む」としていますが、本文にありません", ""))
    return out


def compare(city_texts: list[str], clause: str) -> list[Weakness]:
    """Every way the city's items (all those linked to one profile row) are weaker than the clause."""
    city_texts = [normalize(t) for t in city_texts]
    clause = normalize(clause)
    out = [w for t in city_texts if (w := modality(t, clause)) is not None][:1]
    out += parameters(city_texts, clause)
    out += scope(city_texts, clause)
    return out
