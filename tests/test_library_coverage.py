"""The clause library covers every numbered item the sources name, and every clause traces to a seed file."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Every numbered item of guideline 8.3 (3)–(8) the issue lists.
G83_ITEMS = (
    ["(3)①", "(3)②", "(3)③", "(3)⑤", "(3)⑥", "(3)⑦", "(3)⑨"]
    + [f"(3)②({k})" for k in "アイウエオカキ"]
    + ["(3)④(ア)", "(3)④(イ)", "(3)⑧(ア)", "(3)⑧(イ)", "(3)⑧(ウ)"]
    + ["(4)①", "(4)②", "(5)①", "(5)②", "(5)③"]
    + [f"(6)①({k})" for k in "アイウエ"] + ["(6)②", "(6)③(ア)", "(6)③(イ)", "(6)③(ウ)", "(6)④"]
    + [f"(7)①({k})" for k in "アイウエオカキク"] + ["(7)②", "(7)③", "(7)④", "(7)⑤"]
    + [f"(8)①({k})" for k in "アイウ"] + ["(8)②"]
)


@pytest.mark.parametrize("item", G83_ITEMS)
def test_every_guideline_8_3_item_has_a_clause(library, item):
    sections = [c.source.section for c in library.clauses if c.source.ref == "MIC-SP-8.3"]
    assert any(s == f"8.3{item}" or s.startswith(f"8.3{item}") for s in sections), item


@pytest.mark.parametrize("n", range(1, 20))
def test_every_city_genai_spec_item_has_a_clause(library, n):
    assert any(c.source.ref == "CITY-GENAI-SPEC" and c.source.section == f"4({n})" for c in library.clauses)


@pytest.mark.parametrize("item", ["①公式アカウント ①", "①公式アカウント ②", "①公式アカウント ③", "①公式アカウント ④", "ただし書",
                                  "キャッシュレスサービス ①", "キャッシュレスサービス ②", "キャッシュレスサービス ③"])
def test_line_guideline_conditions_are_covered(library, item):
    assert any(c.source.ref == "LINE-GL" and item in c.source.section for c in library.clauses)


@pytest.mark.parametrize("k", "アイウエオカキケコサシスセソタ")
def test_fujisawa_provider_measures_are_covered(library, k):
    assert any(c.source.ref == "FUJISAWA-LINE" and f"({k})" in c.source.section for c in library.clauses), k


def test_genai_checklist_and_rules_are_covered(library):
    refs = {c.source.ref for c in library.clauses}
    assert {"GOV-GENAI", "GOV-GENAI-CHECK", "SHINJUKU-LINE", "HOKKAIDO-LINE"} <= refs


def test_every_clause_cites_an_existing_seed_file(library):
    for c in library.clauses:
        seed = library.meta.sources[c.source.ref].seed
        if SEEDS.is_dir():
            assert (SEEDS / seed).is_file(), (c.id, seed)
        assert seed.endswith(".txt")


def test_vendor_requirements_are_written_as_requirements(library):
    # 仕様書 style: a vendor requirement ends with 「こと。」 (or 「とする。」 for a fixed value)
    for c in library.clauses:
        if c.party == "vendor":
            assert c.text.rstrip().endswith(("こと。", "とする。")), c.id
