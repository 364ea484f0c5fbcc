"""Golden files: the content of every output for every class × service that `generate` accepts.

Each case writes all outputs with a fixed project and time, extracts their content (tests/golden_extract.py: docx
paragraphs with style names and tables, xlsx values, header looks and drop-downs, Markdown) and compares
it with tests/golden/<class>_<service>/. The versions of specgen and of the clause library are placeholders, so a
release does not break them; a change of wording, order, style or structure does.

After a deliberate output change, regenerate and review the diff in git:

    SPECGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path

import pytest

import specgen
from golden_extract import LIBRARY, TOOL, WHEN, extract, golden_name
from specgen.catalog.models import DATA_CLASSES, SERVICES
from specgen.errors import TailoringRefusal
from specgen.generate import OUTPUT_NAMES, write_outputs
from specgen.profile.project import Project
from specgen.resolve.tailor import refusal_reason, tailor

GOLDEN = Path(__file__).parent / "golden"
FIXED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
UPDATE = bool(os.environ.get("SPECGEN_UPDATE_GOLDEN"))

# README "What specgen refuses": 3A always; personal data (assumed for payment) with class 1. Defaults otherwise.
REFUSED = {("3A", s) for s in SERVICES} | {("1", "payment")}
CASES = [(c, s) for c in DATA_CLASSES for s in SERVICES if (c, s) not in REFUSED]


def test_the_refused_combinations_are_exactly_the_documented_ones(library):
    """The golden cases are every combination generate accepts: the refused set is checked, not assumed."""
    for c in DATA_CLASSES:
        for s in SERVICES:
            if (c, s) in REFUSED:
                with pytest.raises(TailoringRefusal) as e:
                    tailor(library, c, s, now=FIXED)
                assert str(e.value) == refusal_reason(c, False, True, s), (c, s)
            else:
                assert tailor(library, c, s, now=FIXED).requirements, (c, s)
    assert len(CASES) == 15


def _project(service: str) -> Project:
    return Project(municipality="架空市", title=f"令和9年度 {SERVICES[service]}利用業務", department="総務部DX推進課",
                   period={"start": "2027-04-01", "end": "2028-03-31"})


def _diff(expected: str, actual: str, name: str, limit: int = 80) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{name}", "generated", lineterm="", n=1))
    more = f"\n… {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


@pytest.mark.parametrize("data_class,service", CASES, ids=[f"{c}_{s}" for c, s in CASES])
def test_outputs_match_the_golden_files(library, tmp_path, data_class, service):
    spec = tailor(library, data_class, service, project=_project(service), now=FIXED)
    write_outputs(spec, tmp_path)
    volatile = {specgen.__version__: TOOL, library.meta.version: LIBRARY, spec.generated_at: WHEN}
    folder = GOLDEN / f"{data_class}_{service}"
    problems = []
    for output in OUTPUT_NAMES:
        if output == "spec.json":
            continue  # machine-read; its fields are checked in test_generated_documents and the json_io round trip
        actual = extract(tmp_path / output, volatile)
        golden = folder / golden_name(output)
        if UPDATE:
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
            continue
        if not golden.is_file():
            problems.append(f"{golden} is missing: run SPECGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py")
            continue
        expected = golden.read_text(encoding="utf-8")
        if actual != expected:
            problems.append(_diff(expected, actual, f"{folder.name}/{golden.name}"))
    if problems:  # the diff alone, without pytest's dump of the locals
        pytest.fail("outputs differ from the golden files (if deliberate: SPECGEN_UPDATE_GOLDEN=1):\n" + "\n\n".join(problems),
                    pytrace=False)


def test_no_golden_folder_is_left_over():
    """A folder for a combination that is no longer generated would silently stop being compared."""
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir()}
    assert folders == {f"{c}_{s}" for c, s in CASES} | {"evaluation"}


def test_volatile_parts_are_pinned(library, tmp_path):
    """The versions and the time are placeholders in the goldens, so a release alone changes nothing."""
    text = "".join((GOLDEN / "3B_genai" / name).read_text(encoding="utf-8") for name in ("spec.md", "requirements.xlsx.txt", "spec.docx.txt"))
    assert TOOL in text and LIBRARY in text and WHEN in text
    assert specgen.__version__ not in text and library.meta.version not in text


# --- the committee's workbook --------------------------------------------------------------------------------------

_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?(?: UTC)?")
_RUN = re.compile(r"\d{8}T\d{6}-[0-9a-f]{6}")
_EVENT_ID = re.compile(r'"id": "[0-9a-f]{32}"')
_SHA = re.compile(r"SHA-256 [0-9a-f]{64}")


def _pin_run(text: str) -> str:
    """Times, run ids, the committee record's random event ids and the hash of a workbook holding them change on
    every run."""
    text = _EVENT_ID.sub('"id": "<EVENT_ID>"', _RUN.sub("<RUN_ID>", _WHEN.sub(WHEN, text)))
    return _SHA.sub("SHA-256 <SHA256>", text)


def test_evaluation_workbook_and_report_match_the_golden_files(library, tmp_path):
    """evaluation.xlsx (every sheet: values, header looks, gate and status fills, drop-downs, protection) and
    evaluation.md for a fixed score, prices and two members' decisions, one of which no longer applies."""
    from committee_helpers import SCORE, member_copy
    from specgen.evaluation.compare import run_compare

    out = tmp_path / "eval"
    run_compare(out, SCORE, [], title="令和9年度 生成AIサービス利用業務", prices={"A": 12_000_000, "C": 9_800_000})
    member_copy(out / "evaluation.xlsx", out / "evaluation.xlsx",
                [("B", "1", "充足", "ヒアリングで対応可能と確認", "委員A"), ("C", "3", "一部", "オプション費用が別途", "委員B")])
    run_compare(out, SCORE, [], title="令和9年度 生成AIサービス利用業務")
    volatile = {specgen.__version__: TOOL, library.meta.version: LIBRARY}
    problems = []
    for output in ("evaluation.xlsx", "evaluation.md"):
        actual = _pin_run(extract(out / output, volatile))
        golden = GOLDEN / "evaluation" / golden_name(output)
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
            continue
        expected = golden.read_text(encoding="utf-8") if golden.is_file() else ""
        if actual != expected:
            problems.append(_diff(expected, actual, f"evaluation/{golden.name}"))
    if problems:
        pytest.fail("the committee's outputs differ from the golden files (if deliberate: SPECGEN_UPDATE_GOLDEN=1):\n"
                    + "\n\n".join(problems), pytrace=False)
