"""Key-term coverage: does a passage mention the distinctive words of a requirement?

Similarity alone cannot tell 「画像生成」 from a passage about 「画像の読み取り」; coverage of the
requirement's rarer terms (kanji bigrams, katakana words, Latin tokens, weighted by how few
requirements use them) can.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ...textnorm import normalize

_KANJI = re.compile(r"[一-龥々〆]{2,}")
_KATA = re.compile(r"[ァ-ヴー]{2,}")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]+|[0-9]+")
STOP = {"こと", "場合", "機能", "利用", "本市", "対応", "可能", "提供", "実施", "管理", "確認", "サービス", "情報", "以上", "以下", "事業", "業務"}


def terms(text: str) -> set[str]:
    t = normalize(text)
    out: set[str] = set()
    for run in _KANJI.findall(t):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    out.update(m for m in _KATA.findall(t) if len(m) >= 2)
    out.update(m.lower() for m in _LATIN.findall(t) if len(m) >= 2 or m.isdigit())
    return out - STOP


class Coverage:
    """Weighted share of a requirement's terms found in a text (IDF over the spec's requirements)."""

    def __init__(self, requirements: list[str]) -> None:
        self.req_terms = [terms(r) for r in requirements]
        df = Counter(t for ts in self.req_terms for t in ts)
        n = max(1, len(requirements))
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}

    def score(self, i: int, text_terms: set[str]) -> float:
        ts = self.req_terms[i]
        if not ts:
            return 0.0
        total = sum(self.idf[t] for t in ts)
        return sum(self.idf[t] for t in ts if t in text_terms) / total
