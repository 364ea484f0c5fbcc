"""配点 does not depend on which of the two spec files the committee passes (review: weights were lost when
`requirements.xlsx` was given instead of `spec.json`). End to end: generate with project weights → score against
each file → evaluate."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, run_cli
from specgen.evaluation.evaluate import evaluate
from specgen.evaluation.rules import Rules


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("w")
    (out / "project.yaml").write_text("municipality: 東雲市\nweights: {G83-3-8-U: 7, G83-3-2-A: 0}\n", encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "3B", "-s", "cloud", "-o", out / "spec", "-p", out / "project.yaml"])
    assert code == 0, err
    got = {}
    for name in ("spec.json", "requirements.xlsx"):
        target = out / f"score_{name}.json"
        code, _o, err = run_cli(["score", "--spec", out / "spec" / name, "-r", SAMPLES / "responses" / "vendor_a_alpha.xlsx",
                                 "--json", target, "-e", "fuzzy", "-q"])
        assert code == 0, err
        got[name] = json.loads(target.read_text(encoding="utf-8"))
    return got


def _weights(score: dict) -> list[tuple[str, float | None]]:
    return [(r["id"], r.get("weight")) for r in score["responses"][0]["results"]]


def test_each_requirement_has_the_same_weight_from_either_file(scores):
    a, b = _weights(scores["spec.json"]), _weights(scores["requirements.xlsx"])
    assert a == b
    assert sorted(w for _i, w in a if w is not None) == [0, 7]


def test_the_technical_points_are_the_same_from_either_file(scores):
    a = evaluate(scores["spec.json"], Rules()).vendors[0]
    b = evaluate(scores["requirements.xlsx"], Rules()).vendors[0]
    assert (a.tech_raw, a.tech_score, a.gate) == (b.tech_raw, b.tech_score, b.gate)
