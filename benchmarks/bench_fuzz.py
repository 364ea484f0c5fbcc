"""Fuzz every input kind specgen reads, in worker processes; report what a user would have met.

Usage: python benchmarks/bench_fuzz.py [--cases 5500] [--workers 2] [--seed 0] [--mem-mb 2048] [--batch 250]

Counted per kind (see tests/fuzzing.py KINDS): ok, clean one-line errors, tracebacks (any exception that is not a
SpecgenError — the CLI would show exit 70), crashes (a worker killed by a signal), hangs (a case over 10 s),
modified inputs, partial output sets (a writing case leaving a mixture of two runs or leftovers). Each worker
runs under an address-space cap (--mem-mb), so a case needing more memory fails as a MemoryError (counted as a
traceback); the peak resident memory of the workers is reported.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # the fuzz harness lives with the tests

# share of the cases per kind: the cheap reader cases dominate; cases that write a whole evaluation set are fewer
WEIGHTS = {"response": 30, "spec": 7, "spec_json": 9, "score_json": 6, "ismap": 8, "project": 9, "rules": 7, "template": 10,
           "overrides": 6, "payload": 4, "fault": 4}


def _worker(campaign, kind: str, start: int, count: int, mem_mb: int, queue) -> None:
    from fuzzing import FuzzStats

    if mem_mb:
        cap = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    campaign.rng.seed(hash((kind, start)) & 0xFFFFFFFF)
    st = FuzzStats()
    for i in range(start, start + count):
        campaign.case(kind, i, st)
    queue.put((kind, st, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=5500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mem-mb", type=int, default=2048)
    ap.add_argument("--batch", type=int, default=250)
    args = ap.parse_args()
    from fuzzing import KINDS, Campaign, FuzzStats

    total_w = sum(WEIGHTS.values())
    counts = {k: max(1, round(args.cases * WEIGHTS[k] / total_w)) for k in KINDS}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        campaign = Campaign(ROOT, Path(tmp) / "work", args.seed, time_limit=10.0)
        campaign.prepare()  # seeds built once, inherited by the forked workers
        ctx = mp.get_context("fork")
        queue = ctx.Queue()
        jobs = [(k, s, min(args.batch, n - s)) for k, n in counts.items() for s in range(0, n, args.batch)]
        results = {k: FuzzStats() for k in KINDS}
        running: list[tuple] = []
        peak = 0.0
        died: list[str] = []
        while jobs or running:
            while jobs and len(running) < args.workers:
                kind, start, count = jobs.pop(0)
                p = ctx.Process(target=_worker, args=(campaign, kind, start, count, args.mem_mb, queue))
                p.start()
                running.append((p, kind, start, count, time.monotonic()))
            time.sleep(0.2)
            while not queue.empty():
                kind, st, rss = queue.get()
                results[kind].add(st)
                peak = max(peak, rss)
            for item in list(running):
                p, kind, start, count, began = item
                if p.exitcode is not None or time.monotonic() - began > 12 * count + 60:
                    if p.exitcode is None:
                        p.kill()
                        p.join()
                        results[kind].hangs.append(f"{kind} batch {start}–{start + count} killed by the watchdog")
                    elif p.exitcode != 0:
                        died.append(f"{kind} batch {start}–{start + count}: exit {p.exitcode}")
                        results[kind].crashes.append(f"worker died (exit {p.exitcode})")
                    running.remove(item)
            while not queue.empty():
                kind, st, rss = queue.get()
                results[kind].add(st)
                peak = max(peak, rss)
    wall = time.perf_counter() - t0
    total = FuzzStats()
    print("| input kind | cases | ok | clean errors | tracebacks | crashes | hangs > 10 s | modified inputs | partial sets | slowest s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in KINDS:
        st = results[kind]
        total.add(st)
        tracebacks = [c for c in st.crashes if not c.startswith("worker died")]
        crashes = [c for c in st.crashes if c.startswith("worker died")]
        print(f"| {kind} | {st.cases} | {st.ok} | {st.clean_errors} | {len(tracebacks)} | {len(crashes)} | {len(st.hangs)} | "
              f"{len(st.modified)} | {len(st.partial)} | {st.slowest:.2f} |")
    print(f"| **all** | **{total.cases}** | {total.ok} | {total.clean_errors} | {len([c for c in total.crashes if not c.startswith('worker')])} | "
          f"{len(died)} | {len(total.hangs)} | {len(total.modified)} | {len(total.partial)} | {total.slowest:.2f} |")
    print()
    print(f"wall {wall:.0f} s with {args.workers} workers; peak RSS of a worker {peak:.0f} MB (address space capped at {args.mem_mb} MB)")
    if total.harness_errors:
        print(f"harness errors (a case could not be built; not counted as cases): {len(total.harness_errors)}")
        for h in total.harness_errors[:5]:
            print("    " + h)
    for kind in KINDS:
        st = results[kind]
        problems = st.crashes + st.hangs + st.modified + st.partial
        if problems:
            print(f"{kind}:")
            seen: dict[str, int] = {}
            for pr in problems:
                key = pr.split(": ", 1)[-1][:110]
                seen[key] = seen.get(key, 0) + 1
            for key, n in sorted(seen.items(), key=lambda kv: -kv[1])[:8]:
                print(f"    {n} × {key}")
        top = sorted(st.error_kinds.items(), key=lambda kv: -kv[1])[:4]
        if top:
            print(f"  {kind} most frequent clean errors: " + "; ".join(f"{k} ×{v}" for k, v in top))
    os._exit(0)  # the forked workers' queues are drained; skip slow interpreter teardown


if __name__ == "__main__":
    main()
