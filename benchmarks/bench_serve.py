"""`specgen serve` timings: cold start to the first response, and upload → results for the five sample responses.

    python benchmarks/bench_serve.py [--runs 5] [--encoder NAME]

Cold start: a new process `specgen serve --no-browser --port 0`, until the page answers the URL it printed
(token exchange included). Upload → results: one multipart POST of the spec and five responses, 採点を開始, and
polling until the 比較 page is ready (scoring + run_compare, as the page does it).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def cold_start() -> float:
    with tempfile.TemporaryDirectory() as work:
        t0 = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-m", "specgen", "serve", "--no-browser", "--port", "0", "--workdir", work],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = p.stdout.readline()
            url = line.split(": ", 1)[1].strip()
            jar = urllib.request.HTTPCookieProcessor()
            urllib.request.build_opener(jar).open(url).read()
            return time.perf_counter() - t0
        finally:
            p.terminate()
            p.wait()
            p.stdout.close()
            p.stderr.close()


def cli_version() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "specgen", "--version"], check=True, capture_output=True)
    return time.perf_counter() - t0


def upload_to_results(encoder: str | None) -> float:
    from specgen.web import start
    from web_client import Client, wait_done

    with tempfile.TemporaryDirectory() as work:
        running = start(Path(work), port=0, encoder=encoder)
        try:
            c = Client(running.url)
            files = [("spec", "spec.xlsx", (ROOT / "samples" / "spec_city_genai.xlsx").read_bytes())]
            files += [("responses", p.name, p.read_bytes()) for p in sorted((ROOT / "samples" / "responses").iterdir())]
            t0 = time.perf_counter()
            cid = c.post("/evaluations", {"title": "bench"}, files).url.rsplit("/", 1)[1]
            c.post(f"/cases/{cid}/score")
            assert wait_done(c, cid)["state"] == "done"
            assert 'class="matrix"' in c.get(f"/cases/{cid}").text
            return time.perf_counter() - t0
        finally:
            running.stop()


def decision_latency(n: int = 1000) -> tuple[float, float]:
    """Seconds per decision recorded on the page (committee.json rewritten under the lock), for the first 50 and
    after `n` decisions are recorded (5 members × 40 requirements × 5 vendors = 1,000)."""
    import re

    from specgen.web import start
    from web_client import Client, field, wait_done

    with tempfile.TemporaryDirectory() as work:
        running = start(Path(work), port=0, encoder="fuzzy")
        try:
            c = Client(running.url)
            files = [("spec", "spec.xlsx", (ROOT / "samples" / "spec_city_genai.xlsx").read_bytes())]
            files += [("responses", p.name, p.read_bytes()) for p in sorted((ROOT / "samples" / "responses").iterdir())]
            cid = c.post("/evaluations", {"title": "bench"}, files).url.rsplit("/", 1)[1]
            c.post(f"/cases/{cid}/score")
            wait_done(c, cid)
            links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/cases/[^"]+/cell\?[^"]+)"', c.get(f"/cases/{cid}").text)]
            forms = []
            for link in links[:40]:
                page = c.get(link).text
                forms.append((field(page, "v"), field(page, "r")))
            timings = []
            k = 0
            while k < n:
                for v, r in forms:
                    member = f"委員{k // len(forms)}"
                    t0 = time.perf_counter()
                    got = c.post(f"/cases/{cid}/decision", {"v": v, "r": r, "versions": "{}", "member": member, "status": "met", "reason": "bench"})
                    timings.append(time.perf_counter() - t0)
                    assert got.status == 200
                    k += 1
            return statistics.median(timings[:50]), statistics.median(timings[-50:])
        finally:
            running.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--encoder", default=None)
    a = ap.parse_args()
    cs = [cold_start() for _ in range(a.runs)]
    cv = [cli_version() for _ in range(a.runs)]
    up = [upload_to_results(a.encoder) for _ in range(max(1, a.runs // 2))]
    first, last = decision_latency()
    print(f"recording a decision (POST → committee.json written → cell page): median {first * 1000:.0f} ms with an empty record, "
          f"{last * 1000:.0f} ms with 1,000 decisions recorded")
    print(f"specgen serve cold start to first response: median {statistics.median(cs):.2f} s (min {min(cs):.2f}, max {max(cs):.2f}, n={len(cs)})")
    print(f"specgen --version (CLI cold start, for comparison): median {statistics.median(cv):.2f} s")
    print(f"upload → results, five sample responses (encoder {a.encoder or 'auto'}): median {statistics.median(up):.1f} s "
          f"(min {min(up):.1f}, max {max(up):.1f}, n={len(up)})")


if __name__ == "__main__":
    main()
