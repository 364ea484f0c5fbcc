"""`specgen clauses --data-class`: lists exactly the clauses `generate` would use, and refuses what it refuses.

The review found the command re-implementing applicability and ignoring personal data and 約款型, so that
`clauses --data-class 3B` could list clauses generate would not include.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from specgen.resolve.tailor import refusal_reason, tailor
from test_tailoring import ALL


def _flags(pd, tos) -> list[str]:
    return (["--personal-data"] if pd else ["--no-personal-data"] if pd is False else []) + (["--terms-of-service"] if tos else [])


@pytest.mark.parametrize("combo", ALL, ids=lambda c: "-".join(map(str, c)))
def test_listed_clauses_are_the_ones_generate_includes(library, combo):
    dc, svc, pd, tos = combo
    code, out, err = run_cli(["clauses", "-c", dc, "-s", svc, "--json", *_flags(pd, tos)])
    assert (code, err) == (0, "")
    listed = [c["id"] for c in json.loads(out)]
    spec = tailor(library, dc, svc, pd, tos)
    assert len(listed) == len(set(listed))
    assert set(listed) == {d.clause_id for d in spec.decisions if d.included}


def test_the_text_listing_counts_what_the_json_lists():
    code, out, _e = run_cli(["clauses", "-c", "1", "-s", "cloud", "--terms-of-service"])
    _c, js, _e2 = run_cli(["clauses", "-c", "1", "-s", "cloud", "--terms-of-service", "--json"])
    n = len(json.loads(js))
    assert code == 0 and len(out.splitlines()) == n + 1
    assert out.splitlines()[-1].startswith(f"-- {n} 条項（条項ライブラリ ")


@pytest.mark.parametrize("args,why", [
    (["-c", "3A"], ("3A", False, False, None)),
    (["-c", "3B", "--terms-of-service"], ("3B", True, False, None)),
    (["-c", "1", "-s", "payment"], ("1", False, True, "payment")),
    (["-c", "1", "--personal-data"], ("1", False, True, None)),
    (["-c", "2", "-s", "payment", "--no-personal-data"], ("2", False, False, "payment")),
])
def test_what_generate_refuses_clauses_refuses_with_the_same_line(args, why):
    code, out, err = run_cli(["clauses", *args])
    assert (code, out) == (2, "")
    assert err == f"specgen: {refusal_reason(*why)}\n"
