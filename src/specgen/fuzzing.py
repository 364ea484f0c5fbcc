"""Mutation fuzzing of the readers: byte flips, truncation, member swaps, XML edits, hostile generators.

Used by tests/test_fuzz.py (a few hundred cases) and benchmarks/bench_fuzz.py (thousands). Every case
must end in success or InputFileError, within the time limit, with the input file unchanged.
"""

from __future__ import annotations

import hashlib
import io
import random
import signal
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SpecgenError


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    b = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256)
    return bytes(b)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))] if len(data) > 1 else data


def _zip_edit(data: bytes, rng: random.Random) -> bytes:
    """Rewrite the ZIP: swap two members' contents, drop one, or damage an XML part."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        items = [(i.filename, src.read(i)) for i in src.infolist()]
    except Exception:
        return _flip(data, rng)
    op = rng.choice(["swap", "drop", "xml", "xml", "dup"])
    if op == "swap" and len(items) > 1:
        a, b = rng.sample(range(len(items)), 2)
        items[a], items[b] = (items[a][0], items[b][1]), (items[b][0], items[a][1])
    elif op == "drop":
        items.pop(rng.randrange(len(items)))
    elif op == "dup":
        n, d = rng.choice(items)
        items.append((n, d))
    else:
        xml = [k for k, (n, _d) in enumerate(items) if n.endswith(".xml")]
        if xml:
            k = rng.choice(xml)
            n, d = items[k]
            edits = [lambda d: d.replace(b">", b"", 1), lambda d: d.replace(b"<", b"<<", 3),
                     lambda d: d[: len(d) // 2], lambda d: d.replace(b'r="', b'r="ZZ', 5),
                     lambda d: d + b"<extra>" * 50, lambda d: d.replace(b"<t>", b"<t>\x00\x01", 3),
                     lambda d: d.replace(b'ref="', b'ref="XFD1048576:', 1)]
            items[k] = (n, rng.choice(edits)(d))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in items:
            try:
                z.writestr(n, d)
            except Exception:
                pass
    return out.getvalue()


MUTATORS = {"flip": _flip, "truncate": _truncate, "zip": _zip_edit}


@dataclass
class FuzzStats:
    cases: int = 0
    ok: int = 0
    clean_errors: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    slowest: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)


class _Timeout(Exception):
    pass


def _alarm(_sig, _frm):
    raise _Timeout()


def run_fuzz(seeds: list[Path], n: int, workdir: Path, reader, seed: int = 0, time_limit: float = 10.0) -> FuzzStats:
    """Mutate `seeds` `n` times and call `reader(path)` on each mutant."""
    rng = random.Random(seed)
    stats = FuzzStats()
    workdir.mkdir(parents=True, exist_ok=True)
    originals = [(p, p.read_bytes()) for p in seeds]
    use_alarm = hasattr(signal, "SIGALRM")
    for i in range(n):
        src, data = originals[i % len(originals)]
        name = rng.choice(list(MUTATORS))
        mutant = MUTATORS[name](data, rng)
        path = workdir / f"case{i:05d}{src.suffix}"
        path.write_bytes(mutant)
        before = hashlib.sha256(mutant).digest()
        label = f"{path.name} ({name} of {src.name})"
        t = time.perf_counter()
        if use_alarm:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, time_limit)
        try:
            reader(path)
            stats.ok += 1
        except SpecgenError as e:
            stats.clean_errors += 1
            kind = str(e).split(":", 1)[-1].split("/")[0].strip()[:40]
            stats.error_kinds[kind] = stats.error_kinds.get(kind, 0) + 1
        except _Timeout:
            stats.hangs.append(label)
        except Exception as e:  # anything else would be a traceback for the user
            stats.crashes.append(f"{label}: {type(e).__name__}: {str(e)[:100]}")
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        stats.slowest = max(stats.slowest, time.perf_counter() - t)
        if hashlib.sha256(path.read_bytes()).digest() != before:
            stats.modified.append(label)
        path.unlink()
        stats.cases += 1
    return stats
