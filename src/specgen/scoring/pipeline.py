"""Score vendor responses against a spec: the library entry point behind `specgen score`.

files → read/ (rows, passages, conditions) → align/ (rows one-to-one, prose sentences top-k) →
analyze/ (the requirement's shape; each sentence's findings) → judge/ (one Result each) →
checks/ (ISMAP list, one vendor's documents merged) → report/.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputFileError
from .align.clauses import recognise
from .align.encoders import lazy_encoder
from .align.match import Unit, match_response
from .align.similarity import Similarity
from .align.terms import Coverage, terms
from .analyze.requirement import Requirement, analyse
from .checks.ismap import check_claims, load_ismap_list
from .checks.merge import merge_by_vendor
from .judge import Context, judge
from .model import Response, ResponseResult, ScoringSpec
from .read import read_response
from .read.spec import load_spec


@dataclass
class ScoreReport:
    spec: ScoringSpec
    responses: list[ResponseResult]
    skipped: list[dict]
    encoder: str
    seconds: float
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "spec": {"source": self.spec.source, "requirements": len(self.spec.items)},
            "responses": [r.to_dict() for r in self.responses],
            "skipped": self.skipped,
            "encoder": self.encoder,
            "notes": self.notes,
        }


class Scorer:
    """Everything computed once per spec: requirement analyses, key-term weights, the similarity cache."""

    def __init__(self, spec: ScoringSpec, sim: Similarity, mode: str = "combined") -> None:
        self.spec = spec
        self.sim = sim
        self.mode = mode
        self.requirements: list[Requirement] = [analyse(i) for i in spec.items]
        self.cov = Coverage([i.text for i in spec.items])

    def coverage(self, index: int, text: str) -> float:
        return self.cov.score(index, terms(text))

    def _unit_coverage(self, units: list[Unit]) -> np.ndarray:
        uterms = [terms(f"{u.heading} {u.text}") for u in units]
        return np.array([[self.cov.score(i, t) for t in uterms] for i in range(len(self.spec.items))], dtype=np.float32)

    def score_response(self, resp: Response) -> ResponseResult:
        matches, units = match_response(self.spec.items, resp, self.sim, self.mode, self._unit_coverage)
        ctx = Context.build(resp, units, self.coverage)
        results = [judge(req, i, m, ctx) for i, (req, m) in enumerate(zip(self.requirements, matches))]
        return ResponseResult(resp.source, resp.vendor, results, resp.notes)


def score(spec_path: Path, responses: list[Path], encoder: str | None = None, vendors: list[str] | None = None,
          mode: str = "combined", ismap_list: Path | None = None, valid_until: dt.date | None = None,
          progress=None) -> ScoreReport:
    """Score every response; unreadable ones are listed under `skipped` with the reason.

    Responses with the same vendor name (from --vendor or read from the files) are merged per requirement,
    with `cross_document_conflict` where they disagree. With `ismap_list`, ISMAP claims are checked against it.
    `progress(stage, done, total, name)`, when given, is called per file.
    """
    t0 = time.perf_counter()
    spec = load_spec(Path(spec_path))
    if vendors and len(vendors) not in (1, len(responses)):
        raise InputFileError(f"--vendor は1つ（全回答が同じ事業者）又は --response と同じ数を指定してください / give one --vendor or one per --response ({len(vendors)} for {len(responses)})")
    ismap = load_ismap_list(ismap_list) if ismap_list else None
    enc_name, factory = lazy_encoder(encoder)  # built only if some pair of texts needs embeddings
    sim = Similarity(name=enc_name, factory=factory)
    recognise(spec.items, sim)
    scorer = Scorer(spec, sim, mode)
    out, skipped = [], []
    for n, path in enumerate(responses):
        vendor = (vendors[0] if len(vendors) == 1 else vendors[n]) if vendors else None
        if progress:
            progress("score", n, len(responses), Path(path).name)
        try:
            resp = read_response(Path(path), vendor)
        except InputFileError as e:
            skipped.append({"source": str(path), "error": str(e)})
            continue
        out.append(scorer.score_response(resp))
    if progress:
        progress("score", len(responses), len(responses), "")
    out = merge_by_vendor(out)
    notes = []
    if ismap is not None:
        until = valid_until or spec.valid_until or dt.date.today()
        for r in out:
            check_claims(r.results, ismap, until)
        notes.append(f"ISMAP登録の主張をリスト（{Path(ismap_list).name}、{len(ismap)}件）で確認した（有効期限の基準日 {until}）。")
    else:
        notes.append("ISMAPリストが指定されていないため、ISMAP登録の主張は記載内容のみで判定した（--ismap-list で確認できます）。")
    return ScoreReport(spec, out, skipped, sim.name, time.perf_counter() - t0, notes)
