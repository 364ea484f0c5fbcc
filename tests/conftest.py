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
