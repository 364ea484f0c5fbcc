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
MORE_MIN = 0.80      # another item this close to a row it fits best also states it (a 別紙 table repeating the body)
MULTI_MIN = 0.70     # one item stating a second row as well …
MULTI_COVERAGE = 0.6  # … when it names at least this share of that row's key terms
OWN_MARGIN = 0.15    # a primary pair may fit at most this much worse than the item's best row
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
    return np.maximum(s, COVERAGE_WEIGHT * c)[back], c[back]


def map_items(items: list[CityItem], rows: list[str], statements: list[str], sim: Similarity) -> Mapping:
    """Link city items (requirements only) to profile rows (their texts) and profile statements."""
    s, cov = similarity_matrix([i.text for i in items], rows, sim)
    links: dict[int, list[Link]] = {j: [] for j in range(len(rows))}
    linked: set[tuple[int, int]] = set()

    def link(i: int, j: int) -> None:
        if (i, j) not in linked:
            linked.add((i, j))
            links[j].append(Link(items[i], float(s[i, j])))

    ri, cj = max_assignment(s)
    top = s.max(axis=1) if rows else np.zeros(len(items))
    for i, j in zip(ri, cj):
        # an item left over by the assignment (a 別紙 copy of a body clause) is no counterpart of a row it fits
        # far worse than its own: that is how a deleted clause would be "found" in its neighbour's copy
        if s[i, j] >= PRIMARY_MIN and s[i, j] >= top[i] - OWN_MARGIN:
            link(int(i), int(j))
    best = {i: (int(np.argmax(s[i])), float(s[i].max())) for i in range(len(items))} if rows else {}
    for i, (j, score) in best.items():
        if score >= MORE_MIN:
            link(i, j)
    have = {i for i, _ in linked}
    for i in have:
        for j in np.nonzero((s[i] >= MULTI_MIN) & (cov[i] >= MULTI_COVERAGE))[0]:
            if not links[int(j)]:
                link(i, int(j))
    for j in links:
        links[j].sort(key=lambda ln: -ln.score)
    known: set[int] = set()
    rest = [i for i in range(len(items)) if i not in have]
    if statements and rest:
        k, _ = similarity_matrix([items[i].text for i in rest], statements, sim)
        known = {i for n, i in enumerate(rest) if k[n].max() >= KNOWN_MIN}
    return Mapping(links=links, best=best, known=known, score=s)
