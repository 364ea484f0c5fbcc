"""A few hundred fuzz cases over every input kind: zero tracebacks, hangs, modified inputs and partial output sets.

benchmarks/bench_fuzz.py runs the same kinds by the thousand in worker processes (figures in docs/benchmarks.md).
"""

from __future__ import annotations

import pytest

from conftest import ROOT, SAMPLES
from fuzzing import Campaign, FuzzStats, run_fuzz
from specgen.scoring import load_spec, read_response

SEEDS = [SAMPLES / "responses" / n for n in ("vendor_a_alpha.xlsx", "vendor_b_beta.xlsx", "vendor_c_ctech.docx", "vendor_e_epsilon.docx")]

# cases per kind in CI; the cheap readers get more
CI_COUNTS = {"response": 100, "spec": 30, "spec_json": 40, "score_json": 40, "ismap": 6, "project": 60, "rules": 40,
             "template": 60, "overrides": 6, "payload": 3, "fault": 3}
# the ISMAP list reader lives in the scorer and does not yet use safety.read_csv_rows nor refuse impossible dates;
# strict, so this fails (and is removed) once it does. bench_fuzz.py also finds spec.json cases the scorer's reader
# does not survive (5,000-digit numbers, deep nesting: safety.load_json handles both); this seed does not hit them.
SCORER_PENDING: dict[str, str] = {}  # input kinds whose reader is known to fail a case (none now)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    c = Campaign(ROOT, tmp_path_factory.mktemp("fuzz"), seed=7, time_limit=10)
    c.prepare()
    return c


@pytest.mark.parametrize("kind", sorted(CI_COUNTS))
def test_fuzz_kind(campaign, kind, request):
    if kind in SCORER_PENDING:
        request.applymarker(pytest.mark.xfail(strict=True, reason=SCORER_PENDING[kind]))
    st = FuzzStats()
    for i in range(CI_COUNTS[kind]):
        campaign.case(kind, i, st)
    assert st.harness_errors == [] and st.cases == CI_COUNTS[kind]
    assert (st.crashes, st.hangs, st.modified, st.partial) == ([], [], [], []), st
    assert st.ok + st.clean_errors == st.cases


def test_fuzzed_responses_exercise_both_paths(tmp_path):
    stats = run_fuzz(SEEDS, 60, tmp_path, read_response, seed=1, time_limit=10)
    assert stats.crashes == [] and stats.hangs == [] and stats.modified == []
    assert stats.clean_errors > 0 and stats.ok > 0  # the mutations really exercise both paths


def test_fuzzed_specs(tmp_path):
    stats = run_fuzz([SAMPLES / "spec_city_genai.xlsx"], 30, tmp_path, load_spec, seed=2, time_limit=10)
    assert stats.crashes == [] and stats.hangs == [] and stats.modified == []
