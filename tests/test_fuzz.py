"""A few hundred mutated inputs through the readers: zero tracebacks, zero hangs, zero modified inputs."""

from __future__ import annotations

from conftest import SAMPLES
from specgen.fuzzing import run_fuzz
from specgen.scoring import read_response
from specgen.scoring import load_spec

SEEDS = [SAMPLES / "responses" / n for n in ("vendor_a_alpha.xlsx", "vendor_b_beta.xlsx", "vendor_c_ctech.docx", "vendor_e_epsilon.docx")]


def test_fuzzed_responses(tmp_path):
    stats = run_fuzz(SEEDS, 240, tmp_path, read_response, seed=1, time_limit=10)
    assert stats.cases == 240
    assert stats.crashes == [] and stats.hangs == [] and stats.modified == []
    assert stats.clean_errors > 0 and stats.ok > 0  # the mutations really exercise both paths


def test_fuzzed_specs(tmp_path):
    stats = run_fuzz([SAMPLES / "spec_city_genai.xlsx"], 60, tmp_path, load_spec, seed=2, time_limit=10)
    assert stats.crashes == [] and stats.hangs == [] and stats.modified == []
