"""Accuracy on a labelled set the scorer was never tuned on (tests/data/heldapart, written from the seeds and the
devset labelling rules by an outside writer during issue 12, without reading specgen's code).

samples/ is the set the scorer was tuned on; its ≥ 0.95 in test_cli_score.py is a regression check only. This
test is the measure: macro-F1 over met / partial / unmet / missing (as ../shared/devset/evaluate.py computes it)
with the default encoder must not fall more than 0.03 below the figure measured when the set arrived.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from conftest import DATA, run_cli

HELDAPART = DATA / "heldapart"
SETS = ("bunsho_3b", "line_ai_kosodate")
STATUSES = ("met", "partial", "unmet", "missing")
# Measured with the default encoder (auto → use): 0.762 when the set arrived (commit 79a1db5, accuracy 0.727,
# gap recall 0.885 over 216 labels); 0.879 at dd3809c (accuracy 0.898, gap recall 0.908) after three layout fixes
# found by reading the tool's output on two of its responses — from then on the set is not fully unseen.
MEASURED_MACRO_F1 = 0.879
MARGIN = 0.03


def _nid(s: object) -> str:
    return unicodedata.normalize("NFKC", str(s)).strip()


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    conf = Counter(pairs)
    f1s = []
    for s in STATUSES:
        tp = conf[(s, s)]
        fp = sum(v for (t, p), v in conf.items() if p == s and t != s)
        fn = sum(v for (t, p), v in conf.items() if t == s and p != s)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s)


def test_macro_f1_helper_on_a_known_confusion():
    pairs = [("met", "met")] * 3 + [("met", "partial")] + [("partial", "partial")] + [("unmet", "unmet")] + [("missing", "met")]
    # met P=3/4 R=3/4; partial P=1/2 R=1; unmet 1; missing 0
    assert macro_f1(pairs) == pytest.approx((0.75 + 2 / 3 + 1.0 + 0.0) / 4)


def _score(folder: Path, out: Path) -> list[tuple[str, str]]:
    responses = sorted(p for p in (folder / "responses").iterdir() if p.suffix in (".xlsx", ".docx", ".xlsm"))
    args = ["score", "--spec", folder / "spec.xlsx", "--json", out, "-q"]
    for r in responses:
        args += ["-r", r]
    code, _o, err = run_cli(args)
    assert code == 0, err
    by_source = {Path(r["source"]).name: r for r in json.loads(out.read_text(encoding="utf-8"))["responses"]}
    pairs = []
    for r in responses:
        labels = json.loads((folder / "labels" / f"{r.stem}.json").read_text(encoding="utf-8"))["labels"]
        got = {_nid(x["id"]): x["status"] for x in by_source[r.name]["results"]}
        pairs += [(lab["status"], got.get(_nid(rid), "(absent)")) for rid, lab in labels.items()]
    return pairs


@pytest.mark.slow
def test_held_apart_set_macro_f1_with_the_default_encoder(tmp_path):
    assert all((HELDAPART / s / "spec.xlsx").is_file() for s in SETS), "tests/data/heldapart is part of the repository"
    pairs = [p for s in SETS for p in _score(HELDAPART / s, tmp_path / f"{s}.json")]
    assert len(pairs) == 216
    score = macro_f1(pairs)
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    assert score >= MEASURED_MACRO_F1 - MARGIN, (round(score, 3), round(accuracy, 3),
                                                 Counter((t, p) for t, p in pairs if t != p).most_common(6))
