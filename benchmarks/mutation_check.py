"""Mutation check: break a rule on purpose and see whether a test fails.

Three areas, each with the code (and data) it covers and the tests that should notice a change:

  judge       scoring/judge/decide.py, scoring/analyze/statements.py
  tailoring   resolve/tailor.py, resolve/rules.py, catalog/models.py (Conditions), templates/tailoring.yaml,
              clause_library/*.yaml (applies / mandatory rules)
  evaluation  evaluation/evaluate.py, evaluation/workbook.py

Mutations are of two kinds: automatic ones (a comparison operator swapped, `and`/`or` swapped, a `not` dropped,
True/False swapped, a number constant moved) sampled deterministically from the files, and hand-picked ones (a
rule deleted or narrowed, a YAML condition changed) written below with the exact text they replace. Each is
applied to a throw-away COPY of the repository (never to the checkout others run from), the area's tests run there
with a timeout, and the mutation counts as caught when they fail. Survivors are listed: each is either a gap in the
tests or a change that makes no observable difference (say which in docs/benchmarks.md).

    .venv/bin/python benchmarks/mutation_check.py                 # every area, summary + survivors
    .venv/bin/python benchmarks/mutation_check.py --area judge --list
    .venv/bin/python benchmarks/mutation_check.py --json out.json

A hand-picked mutation whose text is no longer in the file is reported as stale (not counted), so the list can
be updated after a refactoring.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180  # seconds per test run; a mutation that makes the tests hang is counted as caught (timeout)


@dataclass(frozen=True)
class Area:
    files: tuple[str, ...]         # targets of automatic mutations
    tests: tuple[str, ...]         # the area's own tests, run on every mutation (-x: stop at the first failure)
    wider: tuple[str, ...]         # end-to-end tests, run only on what the area's tests let through
    auto: int                      # automatic mutations sampled in this area


AREAS = {
    "judge": Area(("src/specgen/scoring/judge/decide.py", "src/specgen/scoring/analyze/statements.py"),
                  ("tests/test_judge.py", "tests/test_vendor_legend.py", "tests/test_rule_gaps.py"),
                  ("tests/test_scorer_layouts.py", "tests/test_cli_score.py::test_regression_check_on_the_tuning_set"), auto=26),
    "tailoring": Area(("src/specgen/resolve/tailor.py", "src/specgen/resolve/rules.py"),
                      ("tests/test_tailoring.py", "tests/test_library_coverage.py", "tests/test_clauses_cmd.py",
                       "tests/test_rule_gaps.py"),
                      ("tests/test_golden.py", "tests/test_generated_documents.py"), auto=14),
    "evaluation": Area(("src/specgen/evaluation/evaluate.py", "src/specgen/evaluation/workbook.py"),
                       ("tests/test_evaluation.py", "tests/test_weights_either_spec_file.py", "tests/test_rule_gaps.py",
                        "tests/test_golden.py::test_evaluation_workbook_and_report_match_the_golden_files"),
                       ("tests/test_committee.py::test_readme_committee_walkthrough_loses_nothing",), auto=16),
}


@dataclass
class Mutation:
    area: str
    file: str
    old: str
    new: str
    what: str
    kind: str = "hand"   # hand | auto
    change: str = ""     # auto: comparison | and/or | bool | not | number
    line: int = 0        # for automatic ones: where
    col: int = 0
    result: str = ""     # caught | caught-wider | survived | timeout | stale | baseline-failed
    seconds: float = 0.0
    failed_test: str = ""


# --- hand-picked mutations: a rule deleted or narrowed, as a developer might by mistake ---------------------------
J, T, E = "judge", "tailoring", "evaluation"
DECIDE = "src/specgen/scoring/judge/decide.py"
STATEMENTS = "src/specgen/scoring/analyze/statements.py"
HAND = [
    # judge
    Mutation(J, STATEMENTS, "                continue  # 「原則として10開庁日前」 asked is not a hedge in the answer",
             "                pass", "a hedge word the requirement itself uses counts as a hedge (「原則」 exemption deleted)"),
    Mutation(J, STATEMENTS, "            if flag == \"planned\" and clause is not None and _about_condition(clause, req):\n                continue",
             "            if False:\n                continue", "「再委託する予定です」 read as a planned feature"),
    Mutation(J, STATEMENTS, "    stated = [q for c in clauses if not (c.negated or lex.disabled.search(c.text) or ",
             "    stated = [q for c in clauses if not (c.negated or ", "switched-off values (「TLS1.0は無効化済み」) count as offered"),
    Mutation(J, STATEMENTS, "    if req.guarantee and _TARGET.search(sentence) and not _GUARANTEE.search(sentence):",
             "    if False:", "a target where a guarantee is asked is no longer unmet"),
    Mutation(J, STATEMENTS, "        if _benign(clause, req):\n            return None\n        return m",
             "        return m", "a benign negation (「学習に利用することはありません」) read as a refusal"),
    Mutation(J, STATEMENTS, "        if lex.sometimes_after.search(clause.text[m.end():m.end() + 6]):\n            continue",
             "        if False:\n            continue", "「対応できないことがあります」 read as a refusal instead of a hedge"),
    Mutation(J, STATEMENTS, "        if offered and all(s > start + 1e-6 or e < end - 1e-6 for s, e in offered):",
             "        if False:", "shorter opening hours no longer partial"),
    Mutation(J, DECIDE, "    if sat and not violations:", "    if False:", "a requirement's condition that never arises no longer settles it"),
    Mutation(J, DECIDE, "        if said and (req.prohibition or req.disclose) and not any(r.role == \"answer\" for r, _ in refusals) \\",
             "        if False and said and (req.prohibition or req.disclose) and not any(r.role == \"answer\" for r, _ in refusals) \\",
             "× with 「提供しません」 to a prohibition is unmet"),
    Mutation(J, DECIDE, "        if options or mark == \"partial\":", "        if options:", "a lower value answered △ is unmet instead of partial"),
    Mutation(J, DECIDE, "        if substitute or mark == \"partial\":", "        if substitute:", "a refusal under △ refuses the whole requirement"),
    Mutation(J, DECIDE, "            return [\"table_prose_conflict\"]  # the Word table says ○, the text says less: the text decides",
             "            return []", "table_prose_conflict flag dropped"),
    Mutation(J, DECIDE, "            if asked and named and not set(named) & asked:", "            if False:", "a different named court is accepted"),
    Mutation(J, DECIDE, "        violations = [(r, f) for r, f in violations if f.flag != \"ismap_not_registered\"]",
             "        pass", "the infrastructure's ISMAP registration no longer meets a service-or-infrastructure requirement"),
    # tailoring
    Mutation(T, "templates/tailoring.yaml", "  - when: {terms_of_service: true, min_class: \"2\"}",
             "  - when: {terms_of_service: true, min_class: \"3C\"}", "約款型 allowed at class 2"),
    Mutation(T, "templates/tailoring.yaml", "    - {min_class: \"3C\"}       # 図表23's examples",
             "    - {min_class: \"3B\"}       # 図表23's examples", "personal data no longer assumed for 3C"),
    Mutation(T, "templates/tailoring.yaml", "  - when: {personal_data: true, data_classes: [\"1\"]}",
             "  - when: {personal_data: true, data_classes: [\"3A\"]}", "personal data at class 1 no longer refused"),
    Mutation(T, "templates/tailoring.yaml", "  - when: {services: [payment], personal_data: false}",
             "  - when: {services: [sns], personal_data: false}", "payment without personal data no longer refused"),
    Mutation(T, "src/specgen/catalog/models.py",
             "            and (self.min_class is None or class_rank(inp.data_class) >= class_rank(self.min_class))",
             "            and (self.min_class is None or class_rank(inp.data_class) > class_rank(self.min_class))",
             "min_class read as 'above' instead of 'at least'"),
    Mutation(T, "src/specgen/catalog/models.py",
             "            and (self.max_class is None or class_rank(inp.data_class) <= class_rank(self.max_class))",
             "            and (self.max_class is None or class_rank(inp.data_class) < class_rank(self.max_class))",
             "max_class read as 'below' instead of 'at most'"),
    Mutation(T, "src/specgen/resolve/tailor.py", "        if om and not m:  # a merged clause that is 必須 makes the row 必須",
             "        if False:", "a merged 必須 clause no longer makes its row 必須"),
    Mutation(T, "src/specgen/resolve/tailor.py", "        if c.id in project.remove:", "        if False:", "the project file's remove ignored"),
    Mutation(T, "src/specgen/resolve/rules.py", "    if a.personal_data is not None and a.personal_data != inp.personal_data:",
             "    if False:", "personal-data-only clauses applied without personal data"),
    Mutation(T, "src/specgen/resolve/rules.py", "    if a.terms_of_service is not None and a.terms_of_service != inp.terms_of_service:",
             "    if False:", "約款型-only / 個別契約-only clauses applied to both"),
    Mutation(T, "clause_library/classes.yaml", "  applies:\n    data_classes: [\"3B\"]", "  applies:\n    data_classes: [\"3B\", \"3C\"]",
             "a 3B-only clause (LGWAN segment) also applied to 3C"),
    Mutation(T, "clause_library/classes.yaml", "  applies:\n    min_class: \"2\"", "  applies:\n    min_class: \"3C\"",
             "a class-2-and-higher clause starts at 3C"),
    # evaluation
    Mutation(E, "src/specgen/evaluation/evaluate.py", "            elif c.mandatory and c.decided in (\"unmet\", \"missing\"):",
             "            elif c.mandatory and c.decided == \"unmet\":", "a mandatory requirement 記載なし no longer disqualifies"),
    Mutation(E, "src/specgen/evaluation/evaluate.py", "            elif c.mandatory and c.decided == \"partial\":",
             "            elif False:", "a mandatory partial no longer makes the bid 要判断"),
    Mutation(E, "src/specgen/evaluation/evaluate.py",
             "    return float(Decimal(repr(float(x))).quantize(Decimal(\"0.01\"), rounding=ROUND_HALF_UP))",
             "    return round(float(x), 2)", "rounding half to even instead of half up"),
    Mutation(E, "src/specgen/evaluation/evaluate.py", "    eligible = [v for v in ev.vendors if v.gate != \"失格候補\"]",
             "    eligible = list(ev.vendors)", "失格候補 bids get price points and a rank"),
    Mutation(E, "src/specgen/evaluation/evaluate.py", "            if v.price and (v.price * 100 < mid or v.price > mid * 100):",
             "            if False:", "a price 100× off is not flagged"),
    Mutation(E, "src/specgen/evaluation/evaluate.py", "        elif attr == \"rank\":\n            ev.ties.append(v.vendor)",
             "        elif False:\n            ev.ties.append(v.vendor)", "equal totals no longer named as ties"),
    Mutation(E, "src/specgen/evaluation/workbook.py", "    if ev.unapplied:\n        _unapplied(", "    if False:\n        _unapplied(",
             "the 未適用の委員判断 sheet is not written"),
    Mutation(E, "src/specgen/evaluation/workbook.py",
             "            _row(ws, row, [vendor, rid, m.member, STATUS_JA[m.status], m.reason, m.source], widths)",
             "            _row(ws, row, [vendor, rid, m.member, STATUS_JA[m.status], \"\", m.source], widths)",
             "the reason of an unapplied decision is dropped from its sheet"),
]


# --- automatic mutations ------------------------------------------------------------------------------------------
_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


def _skipped_numbers(tree: ast.AST) -> set[tuple[int, int]]:
    """Positions of number constants that are indexes, slices or regex group numbers (mutating them only crashes)."""
    skip: set[tuple[int, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            for sub in ast.walk(node.slice):
                if isinstance(sub, ast.Constant):
                    skip.add((sub.lineno, sub.col_offset))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "group", "start", "end", "split", "rsplit", "get_column_letter", "cell", "setdefault"):
            for a in node.args:
                if isinstance(a, ast.Constant):
                    skip.add((a.lineno, a.col_offset))
    return skip


def candidates(area: str, rel: str, text: str) -> list[Mutation]:
    tree = ast.parse(text)
    skip = _skipped_numbers(tree)
    lines = text.splitlines(keepends=True)
    toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
    out = []
    for i, tok in enumerate(toks):
        (line, col), s = tok.start, tok.string
        prev = toks[i - 1].string if i else ""
        nxt = toks[i + 1].string if i + 1 < len(toks) else ""
        if tok.type == tokenize.OP and s in _SWAP:
            out.append((line, col, s, _SWAP[s], f"{s} → {_SWAP[s]}", "comparison"))
        elif tok.type == tokenize.NAME and s in ("and", "or"):
            other = "or" if s == "and" else "and"
            out.append((line, col, s, other, f"{s} → {other}", "and/or"))
        elif tok.type == tokenize.NAME and s in ("True", "False") and prev != "=":
            other = "False" if s == "True" else "True"
            out.append((line, col, s, other, f"{s} → {other}", "bool"))
        elif tok.type == tokenize.NAME and s == "not" and nxt != "in" and prev != "is":
            out.append((line, col, "not ", "", "not dropped", "not"))
        elif tok.type == tokenize.NUMBER and (line, col) not in skip and not s.startswith("0x"):
            try:
                v = ast.literal_eval(s.replace("_", ""))
            except (ValueError, SyntaxError):
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            new = str(v + 1) if isinstance(v, int) else repr(round(v + 0.1 if v < 0.9 else v * 1.2, 4))
            out.append((line, col, s, new, f"{s} → {new}", "number"))
    muts = []
    for line, col, old, new, what, kind in out:
        src = lines[line - 1]
        if not src[col:].startswith(old):
            continue
        mutated_line = src[:col] + new + src[col + len(old):]
        mutated = "".join(lines[:line - 1]) + mutated_line + "".join(lines[line:])
        try:
            compile(mutated, rel, "exec")
        except SyntaxError:
            continue
        muts.append(Mutation(area, rel, src, mutated_line, f"{rel.rsplit('/', 1)[-1]}:{line} {what}: {src.strip()[:90]}",
                             kind="auto", line=line, col=col, change=kind))
    return muts


def sample_auto(area: str, spec: Area, root: Path, seed: int = 12) -> list[Mutation]:
    """Round-robin over files and kinds of change, each list shuffled with a fixed seed: a varied, repeatable sample."""
    rng = random.Random(seed)
    queues = []
    for rel in spec.files:  # per file: kinds of change taken in turn, each kind's list shuffled
        by_kind: dict[str, list[Mutation]] = {}
        for m in candidates(area, rel, (root / rel).read_text(encoding="utf-8")):
            by_kind.setdefault(m.change, []).append(m)
        for ms in by_kind.values():
            rng.shuffle(ms)
        queue = []
        while any(by_kind.values()):
            queue += [ms.pop() for ms in by_kind.values() if ms]
        queues.append(queue)
    picked: list[Mutation] = []
    while len(picked) < spec.auto and any(queues):  # files in turn
        for q in queues:
            if q and len(picked) < spec.auto:
                picked.append(q.pop(0))
    return picked


# --- running ------------------------------------------------------------------------------------------------------

def make_copy() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="specgen-mutation-"))
    repo = tmp / "repo"
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "out")
    shutil.copytree(ROOT, repo, ignore=ignore)
    return repo


def run_tests(repo: Path, tests: tuple[str, ...]) -> tuple[str, float, str]:
    env = dict(os.environ, PYTHONPATH=str(repo / "src"), PYTHONDONTWRITEBYTECODE="1", SPECGEN_CACHE_DIR=str(repo / ".cache"))
    env.pop("SPECGEN_UPDATE_GOLDEN", None)
    t = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *tests],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - t, ""
    failed = next((ln.split(" ", 1)[1].split(" - ")[0] for ln in p.stdout.splitlines() if ln.startswith(("FAILED ", "ERROR "))), "")
    return ("passed" if p.returncode == 0 else "failed"), time.perf_counter() - t, failed


def apply(repo: Path, m: Mutation) -> str | None:
    """Apply `m`; return the original text (to restore), or None when the text to replace is not there once."""
    path = repo / m.file
    original = path.read_text(encoding="utf-8")
    if m.kind == "auto":
        lines = original.splitlines(keepends=True)
        if lines[m.line - 1] != m.old:
            return None
        lines[m.line - 1] = m.new
        path.write_text("".join(lines), encoding="utf-8")
        return original
    if original.count(m.old) != 1:
        return None
    path.write_text(original.replace(m.old, m.new), encoding="utf-8")
    return original


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--area", choices=sorted(AREAS), action="append", help="only these areas (default: all)")
    ap.add_argument("--list", action="store_true", help="list the mutations, run nothing")
    ap.add_argument("--json", type=Path, help="write every mutation and its result here")
    args = ap.parse_args(argv)
    areas = args.area or list(AREAS)

    repo = make_copy()
    muts = [m for m in HAND if m.area in areas]
    for a in areas:
        muts += sample_auto(a, AREAS[a], repo)
    if args.list:
        for m in muts:
            print(f"{m.area:<11} {m.kind:<5} {m.what}")
        shutil.rmtree(repo.parent)
        return 0

    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall0 = time.perf_counter()
    try:
        baseline = {}
        for a in areas:
            status, secs, failed = run_tests(repo, AREAS[a].tests)
            baseline[a] = status == "passed"
            print(f"baseline {a}: {status} ({secs:.1f} s){' ' + failed if failed else ''}", flush=True)
        for n, m in enumerate(muts, 1):
            if not baseline[m.area]:
                m.result = "baseline-failed"
                continue
            original = apply(repo, m)
            if original is None:
                m.result = "stale"
                print(f"[{n}/{len(muts)}] stale    {m.what}", flush=True)
                continue
            try:
                status, m.seconds, m.failed_test = run_tests(repo, AREAS[m.area].tests)
                m.result = {"failed": "caught", "passed": "survived", "timeout": "timeout"}[status]
                if m.result == "survived" and AREAS[m.area].wider:
                    status, secs, m.failed_test = run_tests(repo, AREAS[m.area].wider)
                    m.seconds += secs
                    m.result = {"failed": "caught-wider", "passed": "survived", "timeout": "timeout"}[status]
            finally:
                (repo / m.file).write_text(original, encoding="utf-8")
            print(f"[{n}/{len(muts)}] {m.result:<8} {m.seconds:5.1f} s  {m.what}", flush=True)
    finally:
        shutil.rmtree(repo.parent, ignore_errors=True)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)

    print("\n| area | tried (hand + auto) | caught by the area's tests | caught only end to end | survived | stale |\n"
          "|---|---|---|---|---|---|")
    rows = []
    for a in areas + ["all"]:
        ms = [m for m in muts if a in ("all", m.area)]
        tried = [m for m in ms if m.result in ("caught", "caught-wider", "survived", "timeout")]
        hand = [m for m in tried if m.kind == "hand"]
        near = [m for m in tried if m.result in ("caught", "timeout")]
        wide = [m for m in tried if m.result == "caught-wider"]

        def split(group):
            return f"{sum(m.kind == 'hand' for m in group)} + {sum(m.kind == 'auto' for m in group)}"
        row = {"area": a, "tried": len(tried), "hand": len(hand), "caught": len(near), "caught_wider": len(wide),
               "survived": len(tried) - len(near) - len(wide), "stale": sum(m.result == "stale" for m in ms)}
        rows.append(row)
        print(f"| {a} | {len(tried)} ({split(tried)}) | {len(near)} ({split(near)}) | {len(wide)} ({split(wide)}) | "
              f"{row['survived']} ({split([m for m in tried if m.result == 'survived'])}) | {row['stale']} |")
    print(f"\nCPU {cpu:.0f} s (test processes), wall {time.perf_counter() - wall0:.0f} s")
    survivors = [m for m in muts if m.result == "survived"]
    if survivors:
        print("\nSurvivors:")
        for m in survivors:
            print(f"  {m.area:<11} {m.kind:<5} {m.what}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "cpu_seconds": round(cpu), "mutations": [asdict(m) for m in muts]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
