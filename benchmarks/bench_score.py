"""Accuracy and speed of `specgen score`, side by side on every labelled set we have.

Sets:
  devset    ../shared/devset (3 specs, 16 responses, written independently of this repo)
  outside   benchmarks/outside/* (4 specs, 19 responses, written for us by writers who never saw the scorer)
  samples   samples/ (5 responses written here; labels in samples/expected.yaml)

For each set: per-status precision/recall/F1, macro-F1, gap recall (true partial/unmet/missing not called met),
unmet recall, the review queue (share of results flagged `needs_review`, and how many of the wrong results are
in it), and the in-process wall time. Then cold `specgen score` of one response (xlsx, docx) against the
parse floor (Python + openpyxl/python-docx loading the same files), medians of --runs.

Usage: python benchmarks/bench_score.py [--encoder fuzzy] [--runs 3] [--errors N] [--no-cold] [--only SET]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
STATUSES = ("met", "partial", "unmet", "missing")


def _id(s) -> str:
    return unicodedata.normalize("NFKC", str(s)).strip()


def cases() -> dict[str, list[tuple[Path, list[Path], dict]]]:
    """set name → [(spec, responses, {response name: {id: status}})]"""
    out: dict[str, list] = {"devset": [], "outside": [], "samples": []}
    if DEVSET.is_dir():
        for spec in sorted((DEVSET / "specs").glob("*.xlsx")):
            resp = sorted(p for p in (DEVSET / "responses" / spec.stem).iterdir() if p.suffix in (".xlsx", ".docx"))
            labels = {p.name: {_id(k): v["status"] for k, v in json.loads((DEVSET / "labels" / spec.stem / f"{p.stem}.json").read_text("utf-8"))["labels"].items()} for p in resp}
            out["devset"].append((spec, resp, labels))
    for d in sorted((ROOT / "benchmarks" / "outside").glob("*/")):
        resp = sorted(p for p in (d / "responses").iterdir() if p.suffix in (".xlsx", ".docx"))
        labels = {p.name: {_id(k): v["status"] for k, v in json.loads((d / "labels" / f"{p.stem}.json").read_text("utf-8"))["labels"].items()} for p in resp}
        out["outside"].append((d / "spec.xlsx", resp, labels))
    expected = yaml.safe_load((ROOT / "samples" / "expected.yaml").read_text("utf-8"))
    out["samples"].append((ROOT / "samples" / "spec_city_genai.xlsx", [ROOT / "samples" / "responses" / n for n in expected],
                           {n: {_id(k): v for k, v in labels.items()} for n, labels in expected.items()}))
    return out


def run_set(entries, encoder: str | None):
    from specgen.scoring import score

    rows = []  # (truth, predicted, needs_review, where, reason)
    t0 = time.perf_counter()
    for spec, resp, labels in entries:
        report = score(spec, resp, encoder)
        by_name = {Path(r.source).name: r for r in report.responses}
        for name, lab in labels.items():
            got = {_id(x.id): x for x in by_name[name].results}
            for rid, truth in lab.items():
                x = got.get(rid)
                rows.append((truth, x.status if x else "(absent)", bool(x and x.needs_review),
                             f"{spec.stem if spec.stem != 'spec' else spec.parent.name}/{Path(name).stem}/{rid}", x.reason if x else ""))
    return rows, time.perf_counter() - t0


def metrics(rows) -> dict:
    out, f1s = {}, []
    for s in STATUSES:
        tp = sum(1 for t, p, *_ in rows if t == s and p == s)
        fp = sum(1 for t, p, *_ in rows if t != s and p == s)
        fn = sum(1 for t, p, *_ in rows if t == s and p != s)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[s] = (prec, rec, f1, tp + fn)
        f1s.append(f1)
    gaps = [(t, p) for t, p, *_ in rows if t != "met"]
    unmet = [(t, p) for t, p, *_ in rows if t == "unmet"]
    flagged = [(t, p) for t, p, r, *_ in rows if r]
    wrong = sum(1 for t, p, *_ in rows if t != p)
    out.update(
        n=len(rows), macro_f1=sum(f1s) / 4, accuracy=sum(1 for t, p, *_ in rows if t == p) / len(rows),
        gap_recall=sum(1 for t, p in gaps if p != "met") / max(1, len(gaps)),
        unmet_recall=sum(1 for t, p in unmet if p == "unmet") / max(1, len(unmet)),
        flagged=len(flagged) / len(rows), wrong_in_flagged=sum(1 for t, p in flagged if t != p) / max(1, len(flagged)),
        wrong_caught=sum(1 for t, p in flagged if t != p) / max(1, wrong),
        wrong_rest=sum(1 for t, p, r, *_ in rows if not r and t != p) / max(1, len(rows) - len(flagged)),
    )
    return out


def cold(args, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--only")
    a = ap.parse_args()
    print(f"encoder: {a.encoder or 'default'}\n")
    print("| set | labels | macro-F1 | gap recall | unmet recall | accuracy | met P/R | partial P/R | unmet P/R | missing P/R | flagged | wrong in flagged | wrong caught | wrong elsewhere | wall s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    errors = []
    for name, entries in cases().items():
        if not entries or (a.only and a.only != name):
            continue
        rows, secs = run_set(entries, a.encoder)
        m = metrics(rows)
        pr = " | ".join(f"{m[s][0]:.2f}/{m[s][1]:.2f}" for s in STATUSES)
        print(f"| {name} | {m['n']} | {m['macro_f1']:.3f} | {m['gap_recall']:.3f} | {m['unmet_recall']:.3f} | {m['accuracy']:.3f} | {pr} "
              f"| {m['flagged']:.0%} | {m['wrong_in_flagged']:.0%} | {m['wrong_caught']:.0%} | {m['wrong_rest']:.1%} | {secs:.1f} |")
        errors += [(name, *r) for r in rows if r[0] != r[1]]
    if a.errors:
        print()
        for e in errors[: a.errors]:
            print("ERR", e)
    if a.no_cold:
        return
    exe = str(Path(sys.executable).with_name("specgen"))
    spec = DEVSET / "specs" / "genai_lgwan.xlsx"
    xlsx, docx = DEVSET / "responses" / "genai_lgwan" / "v1.xlsx", DEVSET / "responses" / "genai_lgwan" / "v6.docx"
    floor = [sys.executable, "-c", f"import openpyxl, docx; openpyxl.load_workbook({str(spec)!r}); openpyxl.load_workbook({str(xlsx)!r}); docx.Document({str(docx)!r})"]
    print(f"\n| case | cold wall s (median of {a.runs}) | × floor |\n|---|---|---|")
    f = cold(floor, a.runs)
    print(f"| floor: python + openpyxl/python-docx loading spec, one xlsx and one docx | {f:.2f} | 1.0 |")
    with tempfile.TemporaryDirectory() as tmp:
        enc = ["--encoder", a.encoder] if a.encoder else []
        for label, resp in (("score one xlsx response", xlsx), ("score one docx response", docx)):
            c = cold([exe, "score", "--spec", str(spec), "-r", str(resp), "--json", f"{tmp}/o.json", *enc], a.runs)
            print(f"| {label} | {c:.2f} | {c / f:.1f} |")


if __name__ == "__main__":
    main()
