"""The README's commands run, so the README cannot drift from the tool.

Every `specgen …` command in a fenced bash block of README.md is run, in README order, in one temporary folder
(`samples/` points at the repository's samples, `out/` is inside the folder, so later commands read what earlier
ones wrote). A command expects exit 0 unless its comment says `exit N`. Commands are picked up generically, so
sections added later (serve, audit, annotate, …) are covered without editing this file; a command is skipped,
with the reason shown, when it is a synopsis with placeholders, starts a server, needs the st extra, or reads an
input that is neither in samples/ nor written by an earlier command (a member's workbook, a city's own file).
Commands that score with an embedding encoder are marked slow.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
FENCE = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.S | re.M)
INPUT_OPTIONS = {"--spec", "-r", "--response", "--score-json", "--overrides", "--answers", "--project", "-p", "--ismap-list",
                 "--rules", "--md-template", "--questions-in"}
EXIT = re.compile(r"\bexit (\d+)\b")


def readme_commands(text: str) -> list[tuple[str, str]]:
    """(command, comment) for every `specgen` command of the README's bash blocks, continuation lines joined and
    `a && b` chains split."""
    out = []
    for block in FENCE.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            code, _, comment = line.partition(" #")
            for part in code.split("&&"):
                part = " ".join(part.split())
                if part.startswith("specgen "):
                    out.append((part, comment.strip()))
    return out


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def static_skip(cmd: str) -> str | None:
    if re.search(r"[\[\]{}]|\bDIR\b|…", cmd):
        return "a synopsis with placeholders, not a command to run"
    if cmd.split()[1] == "serve":
        return "starts a server that runs until stopped (tests/test_web* cover it)"
    if "--encoder st:" in cmd or "-e st:" in cmd:
        return "needs the st extra"
    return None


def _slow(cmd: str) -> bool:
    words = cmd.split()
    return words[1] in ("score", "compare", "check", "audit", "annotate") and not ({"-e", "--encoder"} & set(words))


def _params():
    for i, (cmd, comment) in enumerate(COMMANDS):
        m = EXIT.search(comment)
        marks = [pytest.mark.slow] if _slow(cmd) else []
        yield pytest.param(i, cmd, int(m.group(1)) if m else 0, id=f"{i}-{' '.join(cmd.split()[:2])}", marks=marks)


def test_the_readme_has_commands_and_the_parser_reads_them():
    assert len(COMMANDS) >= 8
    assert readme_commands("```bash\npython -m venv x && specgen generate -c 2 \\\n    -s cloud --out o/  # note\n```\n") == [
        ("specgen generate -c 2 -s cloud --out o/", "note")]
    assert any(EXIT.search(c) for _cmd, c in COMMANDS)  # at least one documented non-zero exit


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("readme")


def missing_inputs(args: list[str], cwd: Path) -> list[str]:
    missing = []
    for opt, value in zip(args, args[1:]):
        if opt in INPUT_OPTIONS and not (cwd / value).exists():
            missing.append(value)
    return missing


@pytest.mark.parametrize("index,cmd,expected", list(_params()))
def test_readme_command(workdir, index, cmd, expected):
    why = static_skip(cmd)
    if why:
        pytest.skip(why)
    args = [a.replace("samples/", f"{ROOT / 'samples'}/", 1) if a.startswith("samples/") else a for a in shlex.split(cmd)]
    missing = missing_inputs(args, workdir)
    if missing:
        pytest.skip(f"reads {', '.join(missing)}: neither in samples/ nor written by an earlier README command")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-m", "specgen", *args[1:]], cwd=workdir, env=env, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == expected, f"README command exited {p.returncode}, documented {expected}:\n{cmd}\n{p.stderr[-2000:]}"
    assert "Traceback" not in p.stderr
