"""Map the city's items onto the tailored profile: several items to one row and one item to several rows.

Similarity is the scorer's (`scoring.align.similarity`: rapidfuzz on normalised text, combined with the sentence
encoder when one is loaded) raised by key-term coverage (`scoring.align.terms`), the same signals the scorer uses
to find a vendor's answer to a requirement. A one-to-one assignment (`scoring.align.assignment`) settles the
primary counterpart of each row first, so a deleted clause is not taken over by its nearest neighbour, which
already has its own counterpart; further links are added only where the fit is close or the terms are covered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from specgen.scoring.align.assignment import max_assignment
from specgen.scoring.align.similarity import Similarity
from specgen.scoring.align.terms import Coverage, terms

from .model import CityItem, Link

PRIMARY_MIN = 0.56   # a one-to-one pair below this is not a counterpart
MORE_MIN = 0.70      # another item this close to a row it fits best also states it (a 別紙 table repeating the body)
MORE_COVERAGE = 0.25  # … naming at least this share of the row's key terms, unless it is nearly the row's text
SETTLED = 0.9
MULTI_MIN = 0.70     # one item stating a second row as well …
MULTI_COVERAGE = 0.6  # … when it names at least this share of that row's key terms
OWN_MARGIN = 0.15    # a primary pair may fit at most this much worse than the item's best row …
NOVEL_SHARE = 0.5    # … and, when it is not that row, must name this share of the terms that row lacks
NOVEL_MIN = 2        # (or at least this many of them: a short item cannot name half of a long row's terms)
KNOWN_MIN = 0.62     # an item this close to a profile statement (scope, 回答方法, 発注者側) is not "extra"
COVERAGE_WEIGHT = 0.9


@dataclass
class Mapping:
    links: dict[int, list[Link]]      # profile row index → linked items, best first
    best: dict[int, tuple[int, float]]  # city item index → (best row, score)
    known: set[int]                   # city items matching a profile statement that is not a vendor row
    score: np.ndarray


def similarity_matrix(queries: list[str], choices: list[str], sim: Similarity) -> tuple[np.ndarray, np.ndarray]:
    """(combined similarity, key-term coverage of each choice by each query)."""
    if not queries or not choices:
        z = np.zeros((len(queries), len(choices)), dtype=np.float32)
        return z, z
    uniq = list(dict.fromkeys(queries))  # a 別紙 table repeating the body: each text is compared once
    back = np.array([uniq.index(q) for q in queries]) if len(uniq) < len(queries) else np.arange(len(queries))
    s = sim.matrix(uniq, choices, "combined")
    cov = Coverage(choices)
    c = np.array([[cov.score(j, qt) for j in range(len(choices))] for qt in (terms(q) for q in uniq)], dtype=np.float32)
    # containment: the share of a short item's own key terms the row names (「操作ログを1年以上保存すること」 is all
    # in a long row whose other terms it lacks); it lifts the similarity halfway towards it, never alone
    inner = Coverage(uniq)
    ct = [terms(x) for x in choices]
    k = np.array([[inner.score(i, ct[j]) for j in range(len(choices))] for i in range(len(uniq))], dtype=np.float32)
    return np.maximum.reduce([s, COVERAGE_WEIGHT * c, 0.5 * (s + k)])[back], c[back]


def map_items(items: list[CityItem], rows: list[str], statements: list[str], sim: Similarity) -> Mapping:
    """Link city items (requirements only) to profile rows (their texts) and profile statements."""
    s, cov = similarity_matrix([i.text for i in items], rows, sim)
    # an item that reads as one of the profile's own statements (目的, 回答方法, 取り扱う情報) is no vendor row
    known: set[int] = set()
    if statements and items:
        k, _ = similarity_matrix([i.text for i in items], statements, sim)
        known = {i for i in range(len(items)) if k[i].max() >= KNOWN_MIN and (not rows or k[i].max() >= s[i].max())}
        s[list(known)] = 0.0
    row_terms = [terms(r) for r in rows]
    item_terms = [terms(i.text) for i in items]
    links: dict[int, list[Link]] = {j: [] for j in range(len(rows))}
    linked: set[tuple[int, int]] = set()
    best = {i: (int(np.argmax(s[i])), float(s[i].max())) for i in range(len(items))} if rows else {}

    def novel(i: int, j: int) -> bool:
        """Does item i name what row j says beyond its own best row (「画像生成」 is not in 「画像認識」's row)?"""
        own = best[i][0]
        if own == j:
            return True
        extra = row_terms[j] - row_terms[own]
        hits = len(extra & item_terms[i])  # a verbatim copy of the best row names none of them, whatever the threshold
        return bool(extra) and (hits >= NOVEL_MIN or hits >= NOVEL_SHARE * len(extra))

    def link(i: int, j: int) -> None:
        if (i, j) not in linked:
            linked.add((i, j))
            links[j].append(Link(items[i], float(s[i, j])))

    ri, cj = max_assignment(s)
    for i, j in zip(ri, cj):
        # an item left over by the assignment (a 別紙 copy of a body clause) stands for another row only if it fits
        # nearly as well and names that row's own terms: otherwise a deleted clause is "found" in a neighbour's copy
        if s[i, j] >= PRIMARY_MIN and s[i, j] >= best[int(i)][1] - OWN_MARGIN and novel(int(i), int(j)):
            link(int(i), int(j))
    for i, (j, score) in best.items():
        # a short generic item (「情報セキュリティに配慮すること」) fits a long row by partial matching alone
        if score >= MORE_MIN and (score >= SETTLED or cov[i, j] >= MORE_COVERAGE):
            link(i, j)
    have = {i for i, _ in linked}
    for i in have:
        for j in np.nonzero((s[i] >= MULTI_MIN) & (cov[i] >= MULTI_COVERAGE))[0]:
            if not links[int(j)] and novel(i, int(j)):
                link(i, int(j))
    for j in links:
        links[j].sort(key=lambda ln: -ln.score)
    return Mapping(links=links, best=best, known=known, score=s)
