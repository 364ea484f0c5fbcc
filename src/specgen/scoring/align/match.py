"""Link each requirement to what answers it: answer rows (one-to-one, plus split and continuation rows) and
prose sentences (top-k, each kept only where it fits best).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ...textnorm import normalize
from ..analyze.sentences import split_sentences
from ..model import AnswerRow, Passage, Response, SpecItem
from .assignment import max_assignment
from .similarity import Similarity

ROW_MIN = 0.40          # below this a row is not taken as the answer to a requirement
UNIT_MIN = 0.40         # below this a prose sentence is not evidence …
UNIT_FLOOR = 0.28       # … unless it fits this requirement better than any other
UNIT_MARGIN = 0.10      # sentences within this of the best one are kept as evidence
TOP_K = 4
CLAIM_MARGIN = 0.12     # how much better another requirement must fit a sentence to claim it
SETTLED = 0.85          # a fuzzy match this close needs no embedding (the vendor copied the requirement)
COVERAGE_WEIGHT = 0.35  # prose: share of the requirement's key terms the sentence mentions
PARAGRAPH_WEIGHT = 0.5
COVERAGE_ALONE = 0.85   # a sentence's fit is at least this share of its key-term coverage
OWN_WORDS = 0.40        # coverage at which no other requirement can claim the sentence
NEIGHBOUR_COVERAGE = 0.15  # a sentence inherits part of its paragraph's fit (the topic is often set by the first sentence)


@dataclass(frozen=True)
class Unit:
    """One sentence of prose (or of a non-answer table row), with the paragraph it belongs to."""

    where: str
    text: str
    heading: str
    passage: int          # index of its passage
    appendix: bool = False


@dataclass
class Match:
    item: SpecItem
    row: AnswerRow | None = None
    row_sim: float = 0.0
    by_id: bool = False
    more_rows: list[AnswerRow] = field(default_factory=list)     # split answers and continuation rows
    units: list[tuple[Unit, float]] = field(default_factory=list)  # prose sentences, best first

    @property
    def best_sim(self) -> float:
        return max([self.row_sim] + [s for _, s in self.units])


def norm_id(value: str) -> str:
    s = normalize(value).upper().replace(" ", "").rstrip(".")
    return re.sub(r"\d+", lambda m: str(int(m.group())), s)


_ID_SPLIT = re.compile(r"[,、，/／・;；]|\s+|及び|と")
_ID_RANGE = re.compile(r"^(.*?)(\d+)[~〜～ー-](?:\1)?(\d+)$")


def row_ids(value: str) -> list[str]:
    """The spec ids a vendor's id cell names: 「F-03」, 「F-03/F-04」, 「3,4」, 「F-03～F-05」."""
    v = normalize(value)
    if not v:
        return []
    out = []
    for part in _ID_SPLIT.split(v):
        part = part.strip()
        if not part:
            continue
        m = _ID_RANGE.match(norm_id(part).replace("〜", "~"))
        if m and int(m.group(3)) - int(m.group(2)) in range(1, 10) and "~" in part.replace("〜", "~").replace("～", "~"):
            out += [f"{m.group(1)}{n}" for n in range(int(m.group(2)), int(m.group(3)) + 1)]
        else:
            out.append(norm_id(part))
    return out


def _row_text(row: AnswerRow) -> str:
    return row.requirement or row.remark


def _similarity(items: list[SpecItem], texts: list[str], sim: Similarity, mode: str) -> np.ndarray:
    """Row similarity; in combined mode embeddings are computed only for the pairs fuzzy cannot settle."""
    queries = [i.text for i in items]
    if mode != "combined" or not sim.has_encoder:
        return sim.matrix(queries, texts, mode)
    f = sim.matrix(queries, texts, "fuzzy")
    ri, cj = max_assignment(f)
    settled = {(i, j) for i, j in zip(ri, cj) if f[i, j] >= SETTLED}
    open_i = sorted(set(range(len(items))) - {i for i, _ in settled})
    open_j = sorted(set(range(len(texts))) - {j for _, j in settled})
    s = f.copy()
    if open_i and open_j:
        sub = sim.matrix([queries[i] for i in open_i], [texts[j] for j in open_j], "combined",
                         fuzzy=f[np.ix_(open_i, open_j)])  # the fuzzy part is already known: not computed twice
        s[np.ix_(open_i, open_j)] = sub
    return s


def match_rows(items: list[SpecItem], rows: list[AnswerRow], sim: Similarity, mode: str) -> list[Match]:
    out = [Match(item) for item in items]
    if not rows:
        return out
    texts = [_row_text(r) for r in rows]
    s = _similarity(items, texts, sim, mode)
    s[:, [j for j, t in enumerate(texts) if not t]] = 0.0
    spec_ids = [norm_id(i.id) for i in items]
    ids_of_row = [row_ids(r.id) + row_ids(r.ref_ids) for r in rows]
    same = np.array([[a != "" and a in ids for ids in ids_of_row] for a in spec_ids], dtype=bool)
    n_same = int(same.sum())
    # Do the ids mean the same thing here? Only if most id-equal pairs also read alike (vendors renumber).
    # (read alike: similar enough, or among the three requirements the row reads most like — a row written
    # in English still ranks its own requirement near the top)
    top3 = np.argsort(-s, axis=0)[:3] if len(items) else np.zeros((0, len(rows)), dtype=int)
    agree = sum(1 for i, j in zip(*np.nonzero(same)) if s[i, j] >= 0.5 or not rows[j].requirement or i in top3[:, j])
    trusted = n_same >= 0.5 * min(len(items), len(rows)) and agree >= 0.6 * max(n_same, 1)
    bonus = np.where(same, 0.6 if trusted else 0.05, 0.0)
    for j, r in enumerate(rows):
        if r.exact_id:  # specgen's hidden id survives any rewording of the visible text
            bonus[same[:, j], j] = 2.0
        elif trusted and not r.requirement:
            bonus[same[:, j], j] = 1.0
    score = np.minimum(s + bonus, 2.5)
    ri, cj = max_assignment(score)
    used: set[int] = set()
    for i, j in zip(ri, cj):
        if score[i, j] >= ROW_MIN:
            by_id = bool(same[i, j] and (trusted or rows[j].exact_id))
            out[i].row, out[i].row_sim, out[i].by_id = rows[j], float(min(1.0, max(s[i, j], 0.95 if by_id else 0.0))), by_id
            used.add(j)
    if trusted:
        for j, r in enumerate(rows):
            for i in np.nonzero(same[:, j])[0]:
                m = out[i]
                if m.row is None:        # one vendor row answering two requirements (「F-03/F-04」)
                    m.row, m.row_sim, m.by_id = r, 0.95, True
                elif m.row is not r and j not in used:   # the same requirement answered on two rows
                    m.more_rows.append(r)
                    used.add(j)
    for m in out:  # unnumbered continuation rows under a matched row belong to it
        if m.row is not None:
            m.more_rows += [r for r in rows if r.follows is m.row and r not in m.more_rows]
    return out


def prose_units(passages: list[Passage]) -> list[Unit]:
    units = []
    for k, p in enumerate(passages):
        for n, sentence in enumerate(split_sentences(p.text)):
            units.append(Unit(p.where if n == 0 else f"{p.where}（{n + 1}文目）", sentence, p.heading, k, p.appendix))
    return units


def match_units(items: list[SpecItem], units: list[Unit], passages: list[Passage], sim: Similarity, mode: str,
                coverage_fn=None) -> list[list[tuple[Unit, float]]]:
    """Top sentences per requirement: sentence fit, part of its paragraph's fit, and key-term coverage."""
    if not units:
        return [[] for _ in items]
    queries = [i.text for i in items]
    sent = sim.matrix(queries, [f"{u.heading} {u.text}".strip() for u in units], mode)
    # a paragraph fits as well as its best sentence (no second encoder pass over whole paragraphs)
    home = np.array([u.passage for u in units])
    para = np.zeros_like(sent)
    for k in np.unique(home):
        cols = home == k
        para[:, cols] = sent[:, cols].max(axis=1, keepdims=True)
    s = np.maximum(sent, PARAGRAPH_WEIGHT * para + (1 - PARAGRAPH_WEIGHT) * sent)
    cov = coverage_fn(units) if coverage_fn is not None else np.zeros_like(s)
    # a sentence naming most of a requirement's distinctive words is about it, however it is phrased
    s = np.maximum((1 - COVERAGE_WEIGHT) * s + COVERAGE_WEIGHT * cov, COVERAGE_ALONE * cov)
    # A sentence that answers another requirement far better is not evidence for this one, unless it names
    # this requirement's own words (「収納データは国内DCに保存」 is about storage, not about data delivery).
    top = s.max(axis=0)
    claim = top - CLAIM_MARGIN
    out = []
    for i in range(len(items)):
        # kept: a good fit nobody fits far better; or, with a weaker fit, a sentence that fits this requirement
        # best of all (a paraphrase) or names its own words
        free = [j for j in np.argsort(-s[i])
                if (s[i, j] >= UNIT_MIN and (s[i, j] >= claim[j] or cov[i, j] >= OWN_WORDS))
                or (s[i, j] >= UNIT_FLOOR and (s[i, j] >= top[j] or cov[i, j] >= OWN_WORDS))][:TOP_K]
        best = float(s[i, free[0]]) if free else 0.0
        keep = [j for j in free if s[i, j] >= best - UNIT_MARGIN]
        # the rest of the best sentence's paragraph, where it still names the requirement (「なお、アクセスログは90日」)
        if keep:
            home = units[keep[0]].passage
            keep += [j for j, u in enumerate(units) if u.passage == home and j not in keep and cov[i, j] >= NEIGHBOUR_COVERAGE]
        out.append([(units[j], float(min(1.0, s[i, j]))) for j in keep])
    return out


def match_response(items: list[SpecItem], resp: Response, sim: Similarity, mode: str = "combined",
                   coverage_fn=None) -> tuple[list[Match], list[Unit]]:
    matches = match_rows(items, resp.rows, sim, mode)
    units = prose_units(resp.passages)
    for m, us in zip(matches, match_units(items, units, resp.passages, sim, mode, coverage_fn)):
        m.units = us
    return matches, units
