"""The clause library covers every numbered item the sources name, and every clause traces to a seed file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

# The source texts the clauses quote. They live outside the repository (../shared/seeds in the team's workspace);
# their names and SHA-256 are vendored in tests/data/seeds.sha256, so every clause is checked against the list
# everywhere. SPECGEN_SEEDS names the folder explicitly; when it is set (or the default folder exists) the files
# on disk must match the list, and a missing folder is a failure, not a skip.
MANIFEST = Path(__file__).resolve().parent / "data" / "seeds.sha256"
DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = Path(os.environ.get("SPECGEN_SEEDS") or DEFAULT_SEEDS)


def _manifest() -> dict[str, str]:
    pairs = (line.split() for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}

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
    assert any(s.startswith(f"8.3{item}") for s in sections), item


@pytest.mark.parametrize("item", G83_ITEMS)
def test_every_guideline_8_3_item_reaches_a_class_2_spec(library, item):
    """Traced, not just listed: each item is stated in a row, merged into one, or a 発注者側 note of a class-2 cloud spec."""
    from specgen.resolve.tailor import tailor

    spec = tailor(library, "2", "cloud")
    sections = [r.source.section for r in [*spec.requirements, *spec.city_notes]] + [c.section for r in spec.requirements for c in r.also]
    assert any(s.startswith(f"8.3{item}") for s in sections), item


@pytest.mark.parametrize("n", range(1, 20))
def test_every_city_genai_spec_item_has_a_clause(library, n):
    assert any(c.source.ref == "CITY-GENAI-SPEC" and c.source.section == f"4({n})" for c in library.clauses)


@pytest.mark.parametrize("n", range(1, 20))
def test_every_city_genai_spec_item_is_stated_in_a_genai_spec(library, n):
    """Items merged into another row (e.g. (3) into the 8.3 service level) are still stated there and cited."""
    from specgen.resolve.tailor import tailor

    for data_class in ("1", "2", "3B"):
        spec = tailor(library, data_class, "genai")
        cited = [(r.source.section, r.text) for r in spec.requirements] + [(c.section, r.text) for r in spec.requirements for c in r.also]
        assert any(section == f"4({n})" for section, _t in cited), (data_class, n)


@pytest.mark.parametrize("item", ["①公式アカウント ①", "①公式アカウント ②", "①公式アカウント ③", "①公式アカウント ④", "ただし書",
                                  "キャッシュレスサービス ①", "キャッシュレスサービス ②", "キャッシュレスサービス ③"])
def test_line_guideline_conditions_are_covered(library, item):
    assert any(c.source.ref == "LINE-GL" and item in c.source.section for c in library.clauses)


@pytest.mark.parametrize("k", "アイウエオカキクケコサシスセソタチ")
def test_fujisawa_provider_measures_are_covered(library, k):
    assert any(c.source.ref == "FUJISAWA-LINE" and f"({k})" in c.source.section for c in library.clauses), k


def test_genai_checklist_and_rules_are_covered(library):
    refs = {c.source.ref for c in library.clauses}
    assert {"GOV-GENAI", "GOV-GENAI-CHECK", "GOV-MOU", "SHINJUKU-LINE", "HOKKAIDO-LINE"} <= refs


def test_shinjuku_outsourcing_record_items_are_covered(library):
    """Seed 002: the record lists 記録項目, 記録するコンピュータ, 結合の形態, 委託の内容 and 受託事業者に行わせる情報保護対策."""
    text = library.get("SJ-RECORD").text
    for item in ("個人情報の項目", "記録するコンピュータ", "外部結合の形態", "委託・再委託の内容", "情報保護対策"):
        assert item in text, item


def test_every_clause_cites_a_listed_seed_file(library):
    listed = _manifest()
    assert len(listed) == 5
    for c in library.clauses:
        assert library.meta.sources[c.source.ref].seed in listed, c.id
    assert {d.seed for d in library.meta.sources.values()} <= set(listed)


def test_the_seed_files_on_disk_are_the_listed_ones():
    if "SPECGEN_SEEDS" not in os.environ and not DEFAULT_SEEDS.is_dir():
        pytest.skip(f"seed texts not here ({DEFAULT_SEEDS}); set SPECGEN_SEEDS to check them — the names are checked above")
    assert SEEDS.is_dir(), f"SPECGEN_SEEDS={SEEDS} is not a folder"
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert on_disk == _manifest()


def test_vendor_requirements_are_written_as_requirements(library):
    """仕様書 style: a vendor requirement ends with 「こと。」 (or 「とする。」 for a fixed value), in every variant."""
    from specgen.resolve.tailor import tailor

    for data_class, service, tos in (("1", "genai", True), ("1", "cloud", False), ("2", "sns", False), ("3B", "payment", False), ("3B", "genai", False)):
        for r in tailor(library, data_class, service, terms_of_service=tos).requirements:
            assert r.text.endswith(("こと。", "とする。")), r.id


def test_every_source_names_issuer_title_and_date(library):
    """Finding 21: a city cites issuer, title, date; the seed file name is for spec.json only."""
    for key, d in library.meta.sources.items():
        assert d.issuer and d.title and d.date, key
        assert ".txt" not in d.citation()


def test_optional_defaults_always_carry_a_reason(library):
    """Finding 7: `mandatory: false` needs a rule with its reason (the model refuses a bare false)."""
    for c in library.clauses:
        if isinstance(c.mandatory, list):
            assert all(r.why for r in c.mandatory), c.id


def test_merges_point_to_vendor_clauses(library):
    for c in library.clauses:
        if c.merged_into:
            target = library.get(c.merged_into)
            assert target is not None and target.party == "vendor" and target.merged_into is None, c.id


def test_scorer_clause_ids_still_exist(library):
    """The scorer (scoring/lexicon.yaml, clause hints) reads these ids by name."""
    for cid in ("GAI-11", "G83-3-2-E2", "G83-3-8-I", "GAI-FOREIGN", "CLS-ISMAP", "G83-3-5", "G83-3-2-A", "G83-3-4-A",
                "G83-3-4-I", "G83-6-1-I", "G83-8-1-I", "G83-3-6", "LINE-OA-1", "LINE-OA-3", "GAI-01", "FJ-ISMS", "G83-3-7", "G83-3-2-U"):
        c = library.get(cid)
        assert c is not None and (c.verify.expects or c.verify.contradicts), cid


_CLAUSE = ("clauses:\n- id: X-1\n  title: t\n  chapter: service\n  category: c\n  text: t\n"
           "  source: {ref: CITY-GENAI-SPEC, section: '4(1)'}\n")


@pytest.fixture
def broken_library(tmp_path):
    """A copy of the bundled library whose genai.yaml is replaced by one clause plus the given line."""
    import shutil

    from specgen.resources import data_dir

    folder = tmp_path / "lib"
    shutil.copytree(data_dir("clause_library"), folder)

    def with_line(line: str):
        (folder / "genai.yaml").write_text(_CLAUSE + line, encoding="utf-8")
        return folder
    return with_line


@pytest.mark.parametrize("line,message", [
    # "file line N: key: message" (Japanese first); was a NameError in _describe before issue 12
    ("  colour: red\n", "line 8: clauses.0.colour: 不明なキーです / Extra inputs are not permitted"),
    ("  mandatory: maybe\n",
     "line 8: clauses.0.mandatory.bool: true 又は false を指定してください / Input should be a valid boolean, unable to interpret input"),
    ("  mandatory: false\n", "line 2: clauses.0: 値が正しくありません / Value error, mandatory: false needs a reason: write a rule "
                            "list [{mandatory: false, basis: ..., why: ...}]"),
])
def test_a_schema_error_in_a_clause_file_names_the_file_line_and_key(broken_library, line, message):
    from specgen.catalog.load import load_library
    from specgen.errors import ClauseLibraryError

    folder = broken_library(line)
    with pytest.raises(ClauseLibraryError) as e:
        load_library(folder)
    assert str(e.value) == f"{folder / 'genai.yaml'} {message}"


def test_a_cross_reference_error_in_a_clause_file_is_japanese_first(broken_library):
    from specgen.catalog.load import load_library
    from specgen.errors import ClauseLibraryError

    folder = broken_library("  applies: {services: [bank]}\n")
    with pytest.raises(ClauseLibraryError) as e:
        load_library(folder)
    text = str(e.value).split(": ", 1)[1]  # after "file line N"
    assert " / " in text and not text.split(" / ")[0].isascii(), text


def test_a_clause_file_not_listed_in_library_yaml_is_named(broken_library):
    from specgen.catalog.load import load_library
    from specgen.errors import ClauseLibraryError

    folder = broken_library("")
    (folder / "extra.yaml").write_text("clauses: []\n", encoding="utf-8")
    with pytest.raises(ClauseLibraryError) as e:
        load_library(folder)
    assert str(e.value) == (f"{folder / 'library.yaml'}: files: extra.yaml が一覧にありません / clause files not listed "
                            "(the list sets the document order)")
