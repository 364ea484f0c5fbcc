"""Fuzz the readers with thousands of mutated inputs; report crashes, hangs, modified inputs, time and peak memory.

Usage: python benchmarks/bench_fuzz.py [--cases 3000] [--seed 0]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    from specgen.fuzzing import run_fuzz
    from specgen.scoring.scorer import read_response
    from specgen.scoring.spec_reader import load_spec

    seeds = sorted((ROOT / "samples" / "responses").iterdir()) + [p for p in (ROOT / "tests" / "data" / "hostile").iterdir() if p.suffix in (".xlsx", ".docx", ".xlsm", ".docm")]
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        r = run_fuzz(seeds, args.cases, Path(tmp) / "r", read_response, seed=args.seed)
        s = run_fuzz([ROOT / "samples" / "spec_city_genai.xlsx"], max(1, args.cases // 5), Path(tmp) / "s", load_spec, seed=args.seed + 1)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for label, st in (("responses", r), ("specs", s)):
        print(f"{label}: {st.cases} cases, {st.ok} read, {st.clean_errors} clean one-line errors, "
              f"{len(st.crashes)} tracebacks, {len(st.hangs)} hangs (>10 s), {len(st.modified)} modified inputs, slowest {st.slowest:.2f} s")
        for c in st.crashes[:10] + st.hangs[:10]:
            print("   ", c)
        top = sorted(st.error_kinds.items(), key=lambda kv: -kv[1])[:6]
        print("    most frequent errors:", "; ".join(f"{k} ×{v}" for k, v in top))
    print(f"wall {wall:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
