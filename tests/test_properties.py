"""Properties that hold for every input, checked with hypothesis (bounded: few examples, a deadline each).

Normalisation is idempotent; similarities stay in [0, 1]; the neutraliser never lets a formula through and is
idempotent; clause-library and project-file YAML survive YAML → model → YAML unchanged; a quantity written with a
unit and a direction is read back as written.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from specgen.catalog.models import Clause
from specgen.profile.project import Project, load_project
from specgen.scoring.align.similarity import EMBED_WEIGHT, Similarity, bigram_matrix, fuzzy_matrix
from specgen.scoring.analyze.quantities import extract
from specgen.textnorm import compact, fold_mark, normalize
from specgen.writers.cellsafe import looks_like_formula, md_text, safe_text

FAST = settings(max_examples=60, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])

# text like what vendors send: Japanese, full-width forms, marks, formula starters, spaces and controls
_ALPHABET = st.sampled_from(list("あいう漢字カナｶﾅ０１２３ＡＢａｂ0123abcXYZ=+-@＝＋－＠'\t\r\n 　.,。、・「」()（）○◯●△▲×✕✖ー－―%％:：") +
                            ["\u0000", "\u0007", "\u00a0", "\u200b", "\ufeff", "\u2028", "\u0301", "ﬁ", "㍻", "①"])
TEXT = st.one_of(st.text(_ALPHABET, max_size=40), st.text(max_size=30))


@FAST
@given(TEXT)
def test_normalize_is_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once and "\n" not in once


@FAST
@given(TEXT)
def test_fold_mark_is_idempotent(s):
    assert fold_mark(fold_mark(s)) == fold_mark(s)


@FAST
@given(TEXT)
def test_compact_has_no_spaces_or_punctuation(s):
    c = compact(s)
    assert " " not in c and "、" not in c and "。" not in c


@FAST
@given(st.lists(TEXT, min_size=1, max_size=4), st.lists(TEXT, min_size=1, max_size=4))
def test_fuzzy_similarities_are_in_0_1(queries, choices):
    for m in (fuzzy_matrix(queries, choices), bigram_matrix(queries, choices)):
        assert m.shape == (len(queries), len(choices))
        assert np.all(np.isfinite(m)) and m.min() >= 0.0 and m.max() <= 1.0 + 1e-6


@FAST
@given(TEXT.filter(lambda s: len(compact(s)) >= 2))
def test_a_text_is_most_similar_to_itself(s):
    m = fuzzy_matrix([s], [s])
    assert m[0, 0] == pytest.approx(1.0, abs=1e-6)


class _RandomEncoder:
    """Stands in for an embedding model: arbitrary unit vectors, the real `scaled` clip of the Encoder base."""

    name, low, high = "random", 0.2, 0.9

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def _vecs(self, texts):
        v = self.rng.normal(size=(len(texts), 8)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    queries = passages = _vecs

    def scaled(self, cos):
        from specgen.scoring.align.encoders import Encoder

        return Encoder.scaled(self, cos)


@FAST
@given(st.lists(TEXT, min_size=1, max_size=3), st.lists(TEXT, min_size=1, max_size=3), st.integers(0, 2**16),
       st.sampled_from(["combined", "fuzzy", "embedding"]))
def test_combined_similarity_is_in_0_1(queries, choices, seed, mode):
    m = Similarity(_RandomEncoder(seed)).matrix(queries, choices, mode)
    assert m.shape == (len(queries), len(choices)) and m.min() >= 0.0 and m.max() <= 1.0 + 1e-6
    assert 0 < EMBED_WEIGHT < 1


FORMULA_STARTS = st.text(st.sampled_from(list(" 　\u00a0\u200b\ufeff")), max_size=3).flatmap(
    lambda pad: st.sampled_from(list("=+-@＝＋－＠﹦﹢\t\r\n")).map(lambda c: pad + c))


@FAST
@given(st.one_of(TEXT, st.tuples(FORMULA_STARTS, TEXT).map("".join)), st.integers(1, 3000))
def test_safe_text_never_yields_a_formula_and_is_idempotent(s, limit):
    out = safe_text(s, limit)
    assert not looks_like_formula(out), repr(out)
    assert out[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n")
    assert safe_text(out, limit) == out
    assert len(out) <= max(limit, len("…（以下省略）") + 1)


@FAST
@given(TEXT)
def test_markdown_text_has_no_live_tag_or_line_break(s):
    out = md_text(s)
    assert "<" not in out and ">" not in out and "\n" not in out and "\r" not in out


# --- YAML → model → YAML ----------------------------------------------------------------------------------------

def test_every_clause_survives_yaml_model_yaml(library):
    for c in library.clauses:
        if c.merged_into is not None:
            continue  # survivors' verify hints are unions made at load time; the file holds the clause as written
        dumped = yaml.safe_dump(c.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False)
        again = Clause.model_validate(yaml.safe_load(dumped))
        assert again == c, c.id
        assert yaml.safe_dump(again.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False) == dumped


@pytest.fixture(scope="module")
def known(library):
    return (sorted(c.id for c in library.clauses)[:40], sorted({p for c in library.clauses for p in c.params}))


NAME = st.text(st.sampled_from(list("東西南北山川市町村区役所課係ＡＢ12 ・")), min_size=1, max_size=12).map(str.strip).filter(bool)
DAY = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))


@st.composite
def project_fields(draw, ids, params):
    start = draw(DAY)
    fields = {
        "municipality": draw(NAME),
        "title": draw(st.none() | NAME),
        "period": draw(st.none() | st.integers(0, 2000).map(lambda days: {
            "start": start.isoformat(), "end": (start + dt.timedelta(days=days)).isoformat()})),
        "calendar": draw(st.sampled_from(["和暦", "西暦"])),
        "params": draw(st.dictionaries(st.sampled_from(params), st.integers(1, 10_000) | NAME, max_size=3)),
        "add": draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)),
        "mandatory": draw(st.dictionaries(st.sampled_from(ids), st.booleans(), max_size=3)),
        "weights": draw(st.dictionaries(st.sampled_from(ids), st.integers(0, 100).map(float), max_size=3)),
    }
    return {k: v for k, v in fields.items() if v is not None and v != {} and v != [] and v != "和暦"}


def test_a_project_file_survives_yaml_model_yaml(tmp_path, library, known):
    ids, params = known

    @FAST
    @given(project_fields(ids, params))
    def check(fields):
        path = tmp_path / "project.yaml"
        path.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
        project = load_project(path, library)
        dumped = project.model_dump(mode="json", exclude_defaults=True)
        assert dumped == fields
        path.write_text(yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert load_project(path, library) == project == Project.model_validate(fields)

    check()


# --- quantities -------------------------------------------------------------------------------------------------

UNITS = {"時間": ("duration", 1.0), "日": ("duration", 24.0), "か月": ("duration", 730.0), "年": ("duration", 8760.0),
         "%": ("percent", 1.0), "GB": ("storage", 1.0), "世代": ("generations", 1.0)}


@FAST
@given(st.integers(1, 999), st.sampled_from(sorted(UNITS)), st.sampled_from([("以上", "min"), ("以内", "max"), ("", None)]),
       st.sampled_from(["ログを", "保存期間は", "", "第一報は"]))
def test_a_quantity_is_read_back_as_written(n, unit, direction, lead):
    word, expected_direction = direction
    assume(not (unit == "年" and n >= 1900))  # a calendar year, by design
    text = f"{lead}{n}{unit}{word}とすること。"
    found = extract(normalize(text))
    assert len(found) == 1, (text, found)
    q = found[0]
    dim, factor = UNITS[unit]
    assert q.dim == dim and q.direction == expected_direction, (text, q)
    assert math.isclose(q.value, n * factor, rel_tol=0.01), (text, q.value)
    assert not q.worse_than(q)


@FAST
@given(st.integers(1, 500), st.integers(1, 500), st.sampled_from(["時間", "日", "GB", "世代", "%"]))
def test_worse_than_follows_the_numbers(required, offered, unit):
    req = extract(f"{required}{unit}以上とすること。")[0]
    off = extract(f"{offered}{unit}とします。")[0]
    assert off.worse_than(req) == (offered < required)
    req_max = extract(f"{required}{unit}以内とすること。")[0]
    assert off.worse_than(req_max) == (offered > required)
