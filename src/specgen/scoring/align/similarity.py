"""Text similarity in [0, 1]: rapidfuzz on NFKC-normalised text, optionally combined with embeddings."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from ...textnorm import compact
from .encoders import Encoder

EMBED_WEIGHT = 0.55
EMBED_CHARS = 96


def _workers(pairs: int) -> int:
    """rapidfuzz threads: all cores for a large matrix (a 94 × 94 bigram matrix 0.19 → 0.12 s on 2 cores), one for a
    small one, where starting threads costs more than it saves."""
    return -1 if pairs >= 2000 else 1


def _bigrams(s: str) -> str:
    return " ".join(s[i : i + 2] for i in range(max(1, len(s) - 1)))


def fuzzy_matrix(queries: list[str], choices: list[str]) -> np.ndarray:
    """Character-level similarity robust to shortening (partial_ratio) and paraphrase (bigram overlap)."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    q = [compact(x) for x in queries]
    c = [compact(x) for x in choices]
    w = _workers(len(q) * len(c))
    ratio = cdist(q, c, scorer=fuzz.ratio, dtype=np.float32)
    partial = cdist(q, c, scorer=fuzz.partial_ratio, dtype=np.float32, workers=w)
    bigram = cdist([_bigrams(x) for x in q], [_bigrams(x) for x in c], scorer=fuzz.token_set_ratio, dtype=np.float32, workers=w)
    # partial_ratio alone over-rewards a short choice found inside a long query; damp it by the length ratio
    lq = np.array([len(x) for x in q], dtype=np.float32)[:, None]
    lc = np.array([len(x) for x in c], dtype=np.float32)[None, :]
    damp = np.sqrt(np.minimum(lq, lc) / np.maximum(np.maximum(lq, lc), 1.0))
    partial = partial * (0.5 + 0.5 * damp)
    return (np.maximum.reduce([ratio, partial, bigram * 0.9]) / 100.0).astype(np.float32)


def bigram_matrix(queries: list[str], choices: list[str]) -> np.ndarray:
    """Character-bigram overlap only: the cheap first pass (one cdist instead of three)."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    q = [_bigrams(compact(x)) for x in queries]
    c = [_bigrams(compact(x)) for x in choices]
    return (cdist(q, c, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=_workers(len(q) * len(c))) / 100.0).astype(np.float32)


class Similarity:
    """Combined similarity with an embedding cache (one encoder call per distinct text).

    The encoder may be given built, or as (name, factory): then it is built the first time a pair of texts needs
    embeddings. Answer sheets whose rows fuzzy matching settles never pay for loading a model."""

    def __init__(self, encoder: Encoder | None = None, *, name: str | None = None,
                 factory: Callable[[], Encoder | None] | None = None) -> None:
        self._encoder = encoder
        self._factory = factory
        self._name = name
        self._q: dict[str, np.ndarray] = {}
        self._p: dict[str, np.ndarray] = {}

    @property
    def encoder(self) -> Encoder | None:
        if self._encoder is None and self._factory is not None:
            factory, self._factory = self._factory, None
            self._encoder = factory()
        return self._encoder

    @property
    def has_encoder(self) -> bool:
        """An encoder is configured (built or not yet)."""
        return self._encoder is not None or self._factory is not None

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    @property
    def name(self) -> str:
        if self._encoder is not None:
            return self._encoder.name
        return self._name if self._factory is not None and self._name else "fuzzy"

    def _embed(self, texts: list[str], query: bool) -> np.ndarray:
        cache = self._q if query else self._p
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo:
            fn = self.encoder.queries if query else self.encoder.passages
            for t, v in zip(todo, fn(todo)):
                cache[t] = v
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def embedding_matrix(self, queries: list[str], choices: list[str]) -> np.ndarray:
        if not self.encoder or not queries or not choices:
            return np.zeros((len(queries), len(choices)), dtype=np.float32)
        # cost grows with tokens: the opening of a long answer carries its topic
        cos = self._embed([q[:EMBED_CHARS] for q in queries], True) @ self._embed([c[:EMBED_CHARS] for c in choices], False).T
        return self.encoder.scaled(cos).astype(np.float32)

    def matrix(self, queries: list[str], choices: list[str], mode: str = "combined", fuzzy: np.ndarray | None = None) -> np.ndarray:
        """mode: combined | fuzzy | embedding. `fuzzy`: the fuzzy scores of these pairs when already computed."""
        if mode == "embedding" and self.has_encoder:
            return self.embedding_matrix(queries, choices)
        f = fuzzy if fuzzy is not None else fuzzy_matrix(queries, choices)
        if mode == "fuzzy" or not self.has_encoder:
            return f
        e = self.embedding_matrix(queries, choices)
        return (1 - EMBED_WEIGHT) * f + EMBED_WEIGHT * e
