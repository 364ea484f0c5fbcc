"""Time spec generation: cold CLI runs (what an officer waits for) and warm in-process runs.

Each run writes all outputs: spec.docx, spec_internal.docx, requirements.xlsx, spec.json, spec.md, spec_internal.md.
Combinations the sources refuse (personal data is inherent to payment, so payment at class 1) are skipped.

Usage: python benchmarks/bench_generate.py [--runs N]   (writes nothing into the repo; prints a Markdown table)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMBOS = [(c, s) for s in ("genai", "cloud", "sns", "payment") for c in ("1", "2", "3C", "3B")]


def cold(data_class: str, service: str, out: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "specgen", "generate", "-c", data_class, "-s", service, "-o", str(out), "-q"], check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from specgen.generate import build_spec, write_outputs
    from specgen.resolve.tailor import default_personal_data, refusal_reason

    print("| class | service | requirements | cold CLI wall (median s) | warm in-process (median s) |")
    print("|---|---|---|---|---|")
    colds, warms = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for c, s in COMBOS:
            if refusal_reason(c, False, default_personal_data(c, s), s):
                print(f"| {c} | {s} | refused | – | – |")
                continue
            out = Path(tmp) / f"{c}-{s}"
            cs = [cold(c, s, out) for _ in range(args.runs)]
            ws = []
            for _ in range(args.runs):
                t = time.perf_counter()
                spec = build_spec(c, s)
                write_outputs(spec, out)
                ws.append(time.perf_counter() - t)
            colds.append(statistics.median(cs))
            warms.append(statistics.median(ws))
            print(f"| {c} | {s} | {len(spec.requirements)} | {colds[-1]:.2f} | {warms[-1]:.3f} |")
    print(f"\nmax cold {max(colds):.2f} s, median cold {statistics.median(colds):.2f} s; max warm {max(warms):.3f} s")


if __name__ == "__main__":
    main()
