"""How `specgen score` grows with the number of bids and requirements (issue 13's scale table).

Synthetic but varied inputs: requirement lists of 36 / 94 / 300 rows are drawn from the generated specs of every
class × service (renumbered, so 300 distinct texts), and each response is an answer sheet whose rows carry marks and
sentences drawn at random from a pool of real vendor answers (samples/ and the development set), so no two
responses are the same file. Each case runs in a fresh process (cold: imports and encoder load included) with its
peak memory; a least-squares fit gives the fixed, per-response and per-requirement-per-response costs.

Usage: python benchmarks/bench_scale.py [--responses 1 10 50 100] [--requirements 36 94 300] [--encoder NAME]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MARKS = ["○"] * 7 + ["△", "×", ""]


def requirement_pool() -> list[tuple[str, str]]:
    from specgen.generate import build_spec
    from specgen.resolve.rules import default_personal_data, refusal_reason
    from specgen.axes import DATA_CLASSES, SERVICES

    seen, out = set(), []
    for dc in DATA_CLASSES:
        for svc in SERVICES:
            if refusal_reason(dc, False, default_personal_data(dc, svc), svc):
                continue
            for r in build_spec(dc, svc).requirements:
                if r.text not in seen:
                    seen.add(r.text)
                    out.append((r.category, r.text))
    return out


def answer_pool() -> list[str]:
    from openpyxl import load_workbook

    texts = []
    for path in list((ROOT / "samples" / "responses").glob("*.xlsx")) + list((ROOT.parent / "shared" / "devset" / "responses").rglob("*.xlsx")):
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                texts += [v for v in row if isinstance(v, str) and 15 <= len(v) <= 160 and ("ます" in v or "です" in v)]
    return sorted(set(texts))


def write_spec(path: Path, reqs: list[tuple[str, str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["要件一覧（規模測定用）"])
    ws.append(["No.", "分類", "要件内容", "必須／任意"])
    for i, (cat, text) in enumerate(reqs, 1):
        ws.append([f"R{i:03d}", cat, text, "必須" if i % 4 else "任意"])
    wb.save(path)


def write_response(path: Path, reqs: list[tuple[str, str]], answers: list[str], rng: random.Random) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["事業者名", f"測定用株式会社{path.stem}"])
    ws.append([])
    ws.append(["No.", "要件", "対応可否", "備考"])
    for i, (_cat, text) in enumerate(reqs, 1):
        ws.append([f"R{i:03d}", text, rng.choice(MARKS), rng.choice(answers)])
    wb.save(path)


RUN = """
import json, resource, sys, time
t = time.perf_counter()
from specgen.scoring import score
report = score(sys.argv[1], sys.argv[3:], None if sys.argv[2] == "auto" else sys.argv[2])
json.dumps(report.to_dict(), ensure_ascii=False)
print(json.dumps({"seconds": time.perf_counter() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--responses", type=int, nargs="+", default=[1, 10, 50, 100])
    ap.add_argument("--requirements", type=int, nargs="+", default=[36, 94, 300])
    ap.add_argument("--encoder", default="auto")
    args = ap.parse_args()
    import numpy as np

    rng = random.Random(13)
    reqs_all, answers = requirement_pool(), answer_pool()
    if len(reqs_all) < max(args.requirements):
        reqs_all = (reqs_all * (max(args.requirements) // len(reqs_all) + 1))[: max(args.requirements)]
    print(f"pool: {len(reqs_all)} requirement texts, {len(answers)} vendor sentences", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n_req in args.requirements:
            reqs = rng.sample(reqs_all, n_req)
            spec = tmp / f"spec{n_req}.xlsx"
            write_spec(spec, reqs)
            files = []
            for k in range(max(args.responses)):
                p = tmp / f"r{n_req}_{k:03d}.xlsx"
                write_response(p, reqs, answers, rng)
                files.append(str(p))
            for n_resp in args.responses:
                out = subprocess.run([sys.executable, "-c", RUN, str(spec), args.encoder, *files[:n_resp]],
                                     capture_output=True, text=True, cwd=ROOT)
                if out.returncode:
                    raise SystemExit(out.stderr[-2000:])
                m = json.loads(out.stdout.strip().splitlines()[-1])
                rows.append((n_req, n_resp, m["seconds"], m["rss_mb"]))
                print(f"{n_req:>4} requirements × {n_resp:>3} responses: {m['seconds']:6.2f} s, peak {m['rss_mb']:.0f} MB", flush=True)
    # seconds ≈ a + b·responses + c·responses·requirements
    x = np.array([[1.0, r, r * q] for q, r, _s, _m in rows])
    y = np.array([s for _q, _r, s, _m in rows])
    (a, b, c), *_ = np.linalg.lstsq(x, y, rcond=None)
    print(f"fit: {a:.2f} s fixed + {b * 1000:.0f} ms per response + {c * 1e6:.0f} µs per requirement per response")
    print("\n| requirements | responses | cold wall s | peak MB |\n|---|---|---|---|")
    for q, r, s, mb in rows:
        print(f"| {q} | {r} | {s:.2f} | {mb:.0f} |")


if __name__ == "__main__":
    main()
