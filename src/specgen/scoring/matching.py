"""Link each spec requirement to the answer rows (one-to-one) and prose passages (top-k) that answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from .assignment import max_assignment

from ..textnorm import normalize
from .similarity import Similarity
from .records import AnswerRow, Passage, Response, SpecItem

ROW_MIN = 0.40          # below this a row is not taken as the answer to a requirement
PASSAGE_MIN = 0.42      # below this a passage is not evidence
PASSAGE_MARGIN = 0.06   # other passages within this of the best one are kept as evidence
TOP_K = 3
CLAIM_MARGIN = 0.15  # how much better another requirement must fit a passage to claim it


@dataclass
class Match:
    item: SpecItem
    row: AnswerRow | None = None
    row_sim: float = 0.0
    by_id: bool = False
    passages: list[tuple[Passage, float]] = field(default_factory=list)
    elsewhere: list[Passage] = field(default_factory=list)  # the rest of the prose, scanned for contradictions

    @property
    def best_sim(self) -> float:
        return max([self.row_sim] + [s for _, s in self.passages])


def norm_id(value: str) -> str:
    s = normalize(value).upper().replace(" ", "").rstrip(".")
    return re.sub(r"\d+", lambda m: str(int(m.group())), s)


def _row_text(row: AnswerRow) -> str:
    return row.requirement or row.remark


SETTLED = 0.85          # a fuzzy match this close needs no embedding (the vendor copied the requirement)


def _similarity(items: list[SpecItem], texts: list[str], sim: Similarity, mode: str) -> np.ndarray:
    """Row similarity; in combined mode embeddings are computed only for the pairs fuzzy cannot settle."""
    queries = [i.text for i in items]
    if mode != "combined" or sim.encoder is None:
        return sim.matrix(queries, texts, mode)
    f = sim.matrix(queries, texts, "fuzzy")
    ri, cj = max_assignment(f)
    settled = {(i, j) for i, j in zip(ri, cj) if f[i, j] >= SETTLED}
    open_i = sorted(set(range(len(items))) - {i for i, _ in settled})
    open_j = sorted(set(range(len(texts))) - {j for _, j in settled})
    s = f.copy()
    if open_i and open_j:
        sub = sim.matrix([queries[i] for i in open_i], [texts[j] for j in open_j], "combined")
        s[np.ix_(open_i, open_j)] = sub
    return s


def match_rows(items: list[SpecItem], rows: list[AnswerRow], sim: Similarity, mode: str) -> list[tuple[AnswerRow | None, float, bool]]:
    if not rows:
        return [(None, 0.0, False)] * len(items)
    texts = [_row_text(r) for r in rows]
    s = _similarity(items, texts, sim, mode)
    s[:, [j for j, t in enumerate(texts) if not t]] = 0.0
    spec_ids = [norm_id(i.id) for i in items]
    row_ids = [norm_id(r.id) for r in rows]
    same = np.array([[a != "" and a == b for b in row_ids] for a in spec_ids], dtype=bool)
    n_same = int(same.sum())
    # Do the ids mean the same thing here? Only if most id-equal pairs also read alike (vendors renumber).
    agree = sum(1 for i, j in zip(*np.nonzero(same)) if s[i, j] >= 0.5 or not rows[j].requirement)
    trusted = n_same >= 0.5 * min(len(items), len(rows)) and agree >= 0.6 * max(n_same, 1)
    bonus = np.where(same, 0.6 if trusted else 0.05, 0.0)
    for j, r in enumerate(rows):
        if r.exact_id:  # specgen's hidden id survives any rewording of the visible text
            bonus[same[:, j], j] = 2.0
        elif trusted and not r.requirement:
            bonus[same[:, j], j] = 1.0
    score = np.minimum(s + bonus, 2.5)
    ri, cj = max_assignment(score)
    out: list[tuple[AnswerRow | None, float, bool]] = [(None, 0.0, False)] * len(items)
    for i, j in zip(ri, cj):
        if score[i, j] >= ROW_MIN:
            by_id = bool(same[i, j] and (trusted or rows[j].exact_id))
            out[i] = (rows[j], float(min(1.0, max(s[i, j], 0.95 if by_id else 0.0))), by_id)
    return out


COVERAGE_WEIGHT = 0.3   # prose: share of the requirement's key terms the passage mentions


def match_passages(items: list[SpecItem], passages: list[Passage], sim: Similarity, mode: str,
                   coverage: np.ndarray | None = None) -> list[list[tuple[Passage, float]]]:
    if not passages:
        return [[] for _ in items]
    texts = [f"{p.heading} {p.text}".strip() if p.heading else p.text for p in passages]
    s = sim.matrix([i.text for i in items], texts, mode)
    if coverage is not None:
        s = (1 - COVERAGE_WEIGHT) * s + COVERAGE_WEIGHT * coverage
    # A passage that answers another requirement far better is not evidence for this one
    # (「管理画面でモデルを制限できます」 is about model restriction, not image generation).
    claim = s.max(axis=0) - CLAIM_MARGIN
    out = []
    for i in range(len(items)):
        order = np.argsort(-s[i])[:TOP_K]
        best = float(s[i, order[0]])
        keep = [(passages[j], float(min(1.0, s[i, j]))) for j in order
                if s[i, j] >= PASSAGE_MIN and s[i, j] >= best - PASSAGE_MARGIN and s[i, j] >= claim[j]]
        out.append(keep)
    return out


def match_response(items: list[SpecItem], resp: Response, sim: Similarity, mode: str = "combined",
                   coverage_fn=None) -> list[Match]:
    row_links = match_rows(items, resp.rows, sim, mode)
    cov = coverage_fn(resp.passages) if (coverage_fn and resp.passages) else None
    prose = match_passages(items, resp.passages, sim, mode, cov)
    return [Match(item, row, rs, by_id, ps, resp.passages) for item, (row, rs, by_id), ps in zip(items, row_links, prose)]
