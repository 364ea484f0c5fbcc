"""Score vendor responses against a spec: the library entry point behind `specgen score`."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputFileError
from ..safety import sniff
from .clause_match import hints_for, recognise
from .docx_reader import read_docx_response
from .encoders import get_encoder
from .ismap import check_claims, load_ismap_list
from .judge import Hints, Verdict, judge
from .matching import match_response
from .similarity import Similarity
from .spec_reader import load_spec
from .terms import Coverage, terms
from .merge import merge_by_vendor
from .records import STATUSES, Passage, Response, ResponseResult, ScoringSpec, summarize
from .xlsx_reader import read_xlsx_response

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
            "responses": [{"source": r.source, "vendor": r.vendor, "results": r.results, "summary": r.summary} for r in self.responses],
            "skipped": self.skipped,
            "encoder": self.encoder,
            "notes": self.notes,
        }


def read_response(path: Path, vendor: str | None = None) -> Response:
    kind = sniff(path)
    if kind == "xlsx":
        return read_xlsx_response(path, vendor)
    if kind == "docx":
        return read_docx_response(path, vendor)
    raise InputFileError(f"{Path(path).name}: 回答は .xlsx 又は .docx で指定してください / responses must be .xlsx or .docx")


def _coverage(spec: ScoringSpec, hints: list[Hints]):
    cov = Coverage([i.text for i in spec.items])

    def fn(passages: list[Passage]) -> np.ndarray:
        pterms = [terms(f"{p.heading} {p.text}") for p in passages]
        m = np.array([[cov.score(i, t) for t in pterms] for i in range(len(spec.items))], dtype=np.float32)
        for i, h in enumerate(hints):  # a passage naming what a compliant answer states is more likely the answer
            keys = [k for k in h.expects if len(k) >= 2]
            if keys:
                m[i] += [0.15 if any(k in p.text for k in keys) else 0.0 for p in passages]
        return np.minimum(m, 1.0)
    return fn


def score_response(spec: ScoringSpec, resp: Response, sim: Similarity, hints: list[Hints], mode: str = "combined") -> ResponseResult:
    matches = match_response(spec.items, resp, sim, mode, _coverage(spec, hints))
    results = []
    for m, h in zip(matches, hints):
        v: Verdict = judge(m, h)
        results.append({"id": m.item.id, "status": v.status, "confidence": v.confidence, "flags": v.flags,
                        "evidence": v.evidence, "reason": v.reason, "mandatory": m.item.mandatory,
                        "clause_id": m.item.clause_id, "requirement": m.item.text, "weight": m.item.weight})
    return ResponseResult(resp.source, resp.vendor, results, summarize(results), resp.notes)


def score(spec_path: Path, responses: list[Path], encoder: str | None = None, vendors: list[str] | None = None,
          mode: str = "combined", ismap_list: Path | None = None, valid_until: dt.date | None = None) -> ScoreReport:
    """Score every response; unreadable ones are listed under `skipped` with the reason.

    Responses with the same vendor name (from --vendor or read from the files) are merged per requirement,
    with `cross_document_conflict` where they disagree. With `ismap_list`, ISMAP claims are checked against it.
    """
    t0 = time.perf_counter()
    spec = load_spec(Path(spec_path))
    if vendors and len(vendors) not in (1, len(responses)):
        raise InputFileError(f"--vendor は1つ（全回答が同じ事業者）又は --response と同じ数を指定してください / give one --vendor or one per --response ({len(vendors)} for {len(responses)})")
    ismap = load_ismap_list(ismap_list) if ismap_list else None
    enc = get_encoder(encoder)
    sim = Similarity(enc)
    recognise(spec.items, sim)
    hints = [hints_for(i) for i in spec.items]
    out, skipped = [], []
    for n, path in enumerate(responses):
        vendor = (vendors[0] if len(vendors) == 1 else vendors[n]) if vendors else None
        try:
            resp = read_response(Path(path), vendor)
        except InputFileError as e:
            skipped.append({"source": str(path), "error": str(e)})
            continue
        out.append(score_response(spec, resp, sim, hints, mode))
    out = merge_by_vendor(out)
    notes = []
    if ismap is not None:
        until = valid_until or spec.valid_until or dt.date.today()
        for r in out:
            check_claims(r.results, ismap, until)
            r.summary = summarize(r.results)
        notes.append(f"ISMAP登録の主張をリスト（{Path(ismap_list).name}、{len(ismap)}件）で確認した（有効期限の基準日 {until}）。")
    else:
        notes.append("ISMAPリストが指定されていないため、ISMAP登録の主張は記載内容のみで判定した（--ismap-list で確認できます）。")
    return ScoreReport(spec, out, skipped, sim.name, time.perf_counter() - t0, notes)
