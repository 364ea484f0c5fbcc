"""Fuzzing every kind of input specgen reads, and the faults it must survive.

Kinds (see KINDS): vendor responses and specs (.xlsx/.docx byte, ZIP and XML mutations), spec.json and score JSON
(structural mutations), ISMAP lists (CSV and Excel), project files and evaluation rules (YAML mutations), user
templates (a grammar of ordinary and hostile jinja2), members' evaluation workbooks (cell-level edits of a real
workbook, then byte mutations), vendor payloads (formula, HTML, math text and control characters in names and
reasons) and write faults (a full disk at a random point of the output set).

Every case must end in success or a SpecgenError (one clear line), within the time limit, with its inputs
unchanged, and — for cases that write — with the output folder holding either the previous set or the new set,
never a mixture. tests/test_fuzz.py runs a few hundred cases; benchmarks/bench_fuzz.py runs thousands in worker
processes (a crash of the interpreter, a hang or a memory cap breach is then also caught and counted).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import random
import shutil
import signal
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from specgen.errors import SpecgenError

# --- byte-level mutators (responses, specs, workbooks) ------------------------------------------------------


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
    """Rewrite the ZIP: swap two members' contents, drop one, duplicate one, or damage an XML part."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        items = [(i.filename, src.read(i)) for i in src.infolist()]
    except Exception:  # noqa: BLE001 - not a readable ZIP: flip bytes instead
        return _flip(data, rng)
    op = rng.choice(["swap", "drop", "xml", "xml", "xml", "dup"])
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
                     lambda d: d.replace(b'ref="', b'ref="XFD1048576:', 1),
                     lambda d: d.replace(b"<sheetData>", b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', 1),
                     lambda d: d.replace(b"</worksheet>", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>', 1),
                     lambda d: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + d.split(b"?>", 1)[-1],
                     lambda d: d.replace(b"<t>", b"<t>=HYPERLINK(\"http://x\")", 2),
                     lambda d: d.replace(b'state="visible"', b'state="hidden"').replace(b'<sheet ', b'<sheet state="hidden" ', 1),
                     lambda d: d.replace(b"<v>", b"<v>1e400", 2), lambda d: d.replace(b"<f>", b"<f>1/0", 1)]
            items[k] = (n, rng.choice(edits)(d))
    import warnings

    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate member names are one of the mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for n, d in items:
                with contextlib.suppress(Exception):
                    z.writestr(n, d)
    return out.getvalue()


MUTATORS = {"flip": _flip, "truncate": _truncate, "zip": _zip_edit}


# --- text mutators ---------------------------------------------------------------------------------------------

HOSTILE_STRINGS = ['=HYPERLINK("http://evil/","x")', "=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", "\t=1+1", "＝1+1",
                   "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[x](javascript:alert(1))", "$\\undefinedcmd{x}$",
                   "$$", "A\x07B", "\u202eRTL", "\ud800", "長" * 40_000, "", " ", "0", "-0", "1e400", "nan", "inf", "None", "null",
                   "2024-02-30", "R5.13.40", "令和5年13月40日", "\r", "\n\n", "|a|b|", "'", '"', "\\", "{{ 7*7 }}", "%s%s%s"]


def _json_mutate(obj, rng: random.Random, depth: int = 0):
    """Replace, delete or deepen one random value of a JSON document."""
    obj = copy.deepcopy(obj)
    paths: list[tuple] = []

    def walk(x, path):
        paths.append(path)
        if len(paths) > 5000:
            return
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, path + (k,))
        elif isinstance(x, list):
            for i, v in enumerate(x[:50]):
                walk(v, path + (i,))

    walk(obj, ())
    target = rng.choice(paths[1:] or [()])
    replacements = [None, "", "abc", 0, -1, 1.5, 10**20, -(10**30), [], {}, [1, 2], True,
                    rng.choice(HOSTILE_STRINGS), "x" * 200_000, [[[[[[]]]]]]]
    if not target:
        return rng.choice(replacements)
    parent = obj
    for p in target[:-1]:
        parent = parent[p]
    key = target[-1]
    op = rng.random()
    if op < 0.15 and isinstance(parent, dict):
        parent.pop(key, None)
    elif op < 0.25 and isinstance(parent, list) and parent:
        parent.append(copy.deepcopy(parent[0]))
    else:
        parent[key] = rng.choice(replacements)
    return obj


def _json_text(obj, rng: random.Random) -> str:
    text = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
    r = rng.random()
    if r < 0.05:
        text = "[" * rng.choice([100, 10_000, 100_000]) + text
    elif r < 0.10:
        text = text.replace("0", "NaN", 1)
    elif r < 0.15:
        text = text[: rng.randrange(1, max(2, len(text)))]
    elif r < 0.18:  # a 5,000-digit number (Python refuses to convert more than 4,300 digits)
        text = text.replace('"weight"', '"weight": ' + "9" * 5000 + ', "w"', 1).replace('"mandatory"', '"mandatory": ' + "1" * 5000 + ', "m"', 1)
    return text


YAML_SNIPPETS = ["[" * 100_000, "- " * 50_000 + "x", "{a: " * 70, "&a [1]\n" + "".join(f"k{i}: *a\n" for i in range(150)),
                 "2024-02-30", "!!timestamp 2024-13-45", '"\\a\\x07"', "!!python/object:os.system ['id']", "!!binary AAAA",
                 "9" * 5000, ".inf", ".nan", "~", "[1, 2", "{", "'", "\t", "\x07", "ÿ", "yes", "no", "on", "-1e400", "abc"]
PROJECT_KEYS = ["municipality", "city_term", "department", "title", "purpose", "period", "submission_deadline", "params", "add",
                "remove", "mandatory", "weights", "bogus"]
RULES_KEYS = ["status_points", "default_weight", "technical_max", "price_max", "basic_points", "method", "bogus"]


def _yaml_mutate(text: str, keys: list[str], rng: random.Random) -> str:
    lines = text.splitlines()
    r = rng.random()
    snippet = rng.choice(YAML_SNIPPETS + HOSTILE_STRINGS[:20])
    if r < 0.4:
        key = rng.choice(keys)
        value = json.dumps(snippet) if "\n" in snippet else snippet
        lines.append(f"{key}: {value}")
    elif r < 0.6 and lines:
        i = rng.randrange(len(lines))
        head = lines[i].split(":", 1)[0]
        lines[i] = f"{head}: {snippet}"
    elif r < 0.7:
        lines = [snippet]
    elif r < 0.85 and lines:
        del lines[rng.randrange(len(lines))]
    else:
        raw = "\n".join(lines).encode("utf-8")
        return _flip(raw, rng).decode("utf-8", "replace")
    return "\n".join(lines) + "\n"


TEMPLATE_PIECES = ["# {{ title }}\n", "{% for r in requirements %}- {{ r.id }} {{ r.text }}\n{% endfor %}", "{{ title|upper }}",
                   "{{ 'x'|center(10**9) }}", "{{ [1] * 10**9 }}", "{{ 'ab' * 10**8 }}", "{{ 1 / 0 }}", "{{ 10 ** 10 ** 10 }}",
                   "{{ 'abc'|truncate(-5) }}", "{% include 'x' %}", "{% extends 'x' %}", "{% import 'x' as y %}",
                   "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "{{ ''.__class__.__mro__ }}", "{{ range(10**9)|list }}",
                   "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "{{ '%0999999999d' % 1 }}",
                   "{{ '{:>999999999}'.format(1) }}", "{{ undefined_name }}", "{{ x", "{% for %}", "{{ requirements|length }}",
                   "{{ requirements[0].text|wordwrap(10**9) }}", "{{ 'a'|indent(10**9) }}", "{{ lipsum(10**6) }}", "{{ cycler }}",
                   "{% set x = namespace(a=1) %}{% set x.a = 2 %}", "{{ title.format(1) }}", "{{ self }}", "{{ 'x'|batch(0)|list }}"]


def _template(rng: random.Random) -> str:
    return "".join(rng.choice(TEMPLATE_PIECES) for _ in range(rng.randint(1, 4)))


def _csv_list(base: str, rng: random.Random) -> bytes:
    rows = base.splitlines()
    r = rng.random()
    if r < 0.2:
        rows.append("C23-0009-1,サービス,事業者," + rng.choice(["R5.13.40", "令和5年13月40日", "2024/02/30", "9999/99/99", "0/0/0"]) + ",R5.4.1")
    elif r < 0.35:
        rows.append("C23-0009-1," + "x" * rng.choice([131_073, 40_000]) + ",a,2023/4/1,2029/3/31")
    elif r < 0.5:
        return "\r".join(rows).encode("utf-8", "surrogatepass")
    elif r < 0.6:
        return "\n".join(rows).encode("cp932", "replace")
    elif r < 0.7:
        rows.append(rng.choice(HOSTILE_STRINGS[:30]) + "," * rng.randint(0, 300))
    elif r < 0.8:
        rows = [rows[0]] + ['"unterminated' + rows[1]]
    else:
        return _flip("\n".join(rows).encode("utf-8", "surrogatepass"), rng)
    return "\n".join(rows).encode("utf-8", "surrogatepass")  # a lone surrogate is one more malformed byte sequence


# --- outcomes --------------------------------------------------------------------------------------------------

@dataclass
class FuzzStats:
    cases: int = 0
    ok: int = 0
    clean_errors: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    slowest: float = 0.0
    seconds: float = 0.0
    error_kinds: dict[str, int] = field(default_factory=dict)
    harness_errors: list[str] = field(default_factory=list)  # the generator of a case failed: not a finding

    def add(self, other: FuzzStats) -> None:
        for k in ("cases", "ok", "clean_errors"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for k in ("crashes", "hangs", "modified", "partial", "harness_errors"):
            getattr(self, k).extend(getattr(other, k))
        self.slowest = max(self.slowest, other.slowest)
        self.seconds += other.seconds
        for k, v in other.error_kinds.items():
            self.error_kinds[k] = self.error_kinds.get(k, 0) + v

    @property
    def failures(self) -> int:
        return len(self.crashes) + len(self.hangs) + len(self.modified) + len(self.partial)


class _Timeout(BaseException):
    """A BaseException, so that no `except Exception` in the code under test can swallow the time limit."""


def _alarm(_sig, _frm):
    raise _Timeout()


def _hash_files(paths: list[Path]) -> dict[Path, str]:
    out = {}
    for p in paths:
        with contextlib.suppress(OSError):
            out[p] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _error_kind(e: Exception) -> str:
    text = str(e).split("\n")[0]
    return text.split(": ", 1)[-1].split(" / ")[0].strip()[:40]


def run_case(label: str, fn: Callable[[], None], inputs: list[Path], stats: FuzzStats, time_limit: float,
             check_after: Callable[[bool], str | None] | None = None) -> None:
    """Run one case and classify it: ok, clean error, crash (any other exception), hang, modified input, partial set."""
    before = _hash_files(inputs)
    use_alarm = hasattr(signal, "SIGALRM")
    t = time.perf_counter()
    succeeded = False
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        fn()
        stats.ok += 1
        succeeded = True
    except SpecgenError as e:
        stats.clean_errors += 1
        kind = _error_kind(e)
        stats.error_kinds[kind] = stats.error_kinds.get(kind, 0) + 1
    except _Timeout:
        stats.hangs.append(label)
    except Exception as e:  # noqa: BLE001 - anything else would be a traceback (or exit 70) for the user
        stats.crashes.append(f"{label}: {type(e).__name__}: {str(e)[:120]}")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - t
    stats.slowest = max(stats.slowest, elapsed)
    stats.seconds += elapsed
    if _hash_files(inputs) != before:
        stats.modified.append(label)
    if check_after is not None:
        problem = check_after(succeeded)
        if problem:
            stats.partial.append(f"{label}: {problem}")
    stats.cases += 1


def run_fuzz(seeds: list[Path], n: int, workdir: Path, reader, seed: int = 0, time_limit: float = 10.0) -> FuzzStats:
    """Mutate `seeds` `n` times with the byte mutators and call `reader(path)` on each mutant."""
    rng = random.Random(seed)
    stats = FuzzStats()
    workdir.mkdir(parents=True, exist_ok=True)
    originals = [(p, p.read_bytes()) for p in seeds]
    for i in range(n):
        src, data = originals[i % len(originals)]
        name = rng.choice(list(MUTATORS))
        path = workdir / f"case{i:05d}{src.suffix}"
        path.write_bytes(MUTATORS[name](data, rng))
        run_case(f"{path.name} ({name} of {src.name})", lambda p=path: reader(p), [path], stats, time_limit)
        path.unlink()
    return stats


# --- the campaign over every kind ------------------------------------------------------------------------------

class Campaign:
    """Builds the seeds once (in `workdir`) and runs cases of each kind; see KINDS."""

    def __init__(self, root: Path, workdir: Path, seed: int = 0, time_limit: float = 10.0):
        self.root, self.work = Path(root), Path(workdir)
        self.rng = random.Random(seed)
        self.time_limit = time_limit
        self.work.mkdir(parents=True, exist_ok=True)
        self._prepared = False

    # seeds ----------------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        if self._prepared:
            return
        from specgen.evaluation.compare import run_compare

        samples = self.root / "samples"
        self.responses = sorted((samples / "responses").iterdir())
        self.spec_xlsx = samples / "spec_city_genai.xlsx"
        self.ismap_csv = (samples / "ismap_list_sample.csv").read_text(encoding="utf-8")
        self.score = self._sample_score()
        self.base = self.work / "baseline"
        run_compare(self.base, self.score, [], title="fuzz", prices={self.score["responses"][0]["vendor"]: 12_000_000})
        self.workbook = (self.base / "evaluation.xlsx").read_bytes()
        self.spec_json = self._spec_json()
        self.project_yaml = "municipality: 架空市\ntitle: 件名\nperiod:\n  start: 2027-04-01\n  end: 2028-03-31\nparams: {}\nadd: []\n"
        self.rules_yaml = (self.root / "scoring" / "evaluation.yaml").read_text(encoding="utf-8")
        self._prepared = True

    def _sample_score(self) -> dict:
        from specgen.scoring import score

        report = score(self.spec_xlsx, self.responses[:3], "fuzzy")
        return report.to_dict()

    def _spec_json(self) -> dict:
        from specgen.generate import build_spec
        from specgen.spec.json_io import spec_to_dict

        return spec_to_dict(build_spec("3B", "genai"))

    # kinds ----------------------------------------------------------------------------------------------------
    def case(self, kind: str, i: int, stats: FuzzStats) -> None:
        before = stats.cases
        try:
            getattr(self, f"_case_{kind}")(i, stats)
        except Exception as e:  # noqa: BLE001 - building the case failed (run_case catches everything of the code under test)
            if stats.cases == before:
                stats.harness_errors.append(f"{kind} {i}: {type(e).__name__}: {str(e)[:100]}")
            else:
                raise

    def _write(self, name: str, data: bytes | str) -> Path:
        p = self.work / name
        p.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        return p

    def _case_response(self, i, stats):
        from specgen.files.screen import screen_responses
        from specgen.scoring import read_response

        src = self.rng.choice(self.responses)
        m = self.rng.choice(list(MUTATORS))
        p = self._write(f"r{i}{src.suffix}", MUTATORS[m](src.read_bytes(), self.rng))

        def go():
            screen_responses([p])
            read_response(p)
        run_case(f"response {m} of {src.name}", go, [p], stats, self.time_limit)

    def _case_spec(self, i, stats):
        from specgen.scoring import load_spec

        m = self.rng.choice(list(MUTATORS))
        p = self._write(f"s{i}.xlsx", MUTATORS[m](self.spec_xlsx.read_bytes(), self.rng))
        run_case(f"spec {m}", lambda: load_spec(p), [p], stats, self.time_limit)

    def _case_spec_json(self, i, stats):
        from specgen.scoring import load_spec

        doc = self.spec_json
        for _ in range(self.rng.randint(1, 3)):
            doc = _json_mutate(doc, self.rng)
        p = self._write(f"j{i}.json", _json_text(doc, self.rng))
        run_case("spec.json", lambda: load_spec(p), [p], stats, self.time_limit)

    def _case_score_json(self, i, stats):
        from specgen.evaluation.compare import load_score_json

        doc = self.score
        for _ in range(self.rng.randint(1, 3)):
            doc = _json_mutate(doc, self.rng)
        p = self._write(f"sc{i}.json", _json_text(doc, self.rng))
        run_case("score JSON", lambda: load_score_json(p), [p], stats, self.time_limit)

    def _case_ismap(self, i, stats):
        if self.rng.random() < 0.75:
            p = self._write(f"l{i}.csv", _csv_list(self.ismap_csv, self.rng))
        else:
            from openpyxl import Workbook

            from specgen.files.atomic import xlsx_bytes

            wb = Workbook()
            for line in self.ismap_csv.splitlines():
                wb.active.append(line.split(","))
            p = self._write(f"l{i}.xlsx", MUTATORS[self.rng.choice(list(MUTATORS))](xlsx_bytes(wb), self.rng))
        run_case(f"ISMAP list {p.suffix}", lambda: _load_ismap(p), [p], stats, self.time_limit)

    def _case_project(self, i, stats):
        from specgen.catalog.load import load_library
        from specgen.profile.project import load_project

        p = self._write(f"p{i}.yaml", _yaml_mutate(self.project_yaml, PROJECT_KEYS, self.rng))
        run_case("project YAML", lambda: load_project(p, load_library()), [p], stats, self.time_limit)

    def _case_rules(self, i, stats):
        from specgen.evaluation.rules import load_rules

        p = self._write(f"u{i}.yaml", _yaml_mutate(self.rules_yaml, RULES_KEYS, self.rng))
        run_case("rules YAML", lambda: load_rules(p), [p], stats, self.time_limit)

    def _case_template(self, i, stats):
        from specgen.errors import ProjectFileError
        from specgen.templating import render_user_template

        p = self._write(f"t{i}.md.j2", _template(self.rng))
        ctx = {"title": "件名", "requirements": [{"id": str(n), "text": "要件"} for n in range(50)]}
        run_case("template", lambda: render_user_template(p, ctx, ProjectFileError), [p], stats, self.time_limit)

    def _case_overrides(self, i, stats):
        from specgen.evaluation.compare import run_compare

        p = self._write(f"o{i}.xlsx", self._edited_workbook())
        if self.rng.random() < 0.3:
            p.write_bytes(MUTATORS[self.rng.choice(list(MUTATORS))](p.read_bytes(), self.rng))
        out = self._fresh_out(i)
        run_case("overrides workbook", lambda: run_compare(out, self.score, [], overrides_files=[p], title="fuzz"), [p], stats,
                 self.time_limit, lambda ok: _check_set(out, self.base, ok))
        shutil.rmtree(out, ignore_errors=True)

    def _case_payload(self, i, stats):
        from specgen.evaluation.compare import run_compare

        doc = copy.deepcopy(self.score)
        for r in doc["responses"]:
            if self.rng.random() < 0.7:
                r["vendor"] = self.rng.choice(HOSTILE_STRINGS[:16]) + str(self.rng.randrange(1000))
            for res in r["results"]:
                if self.rng.random() < 0.2:
                    res["reason"] = self.rng.choice(HOSTILE_STRINGS)
                if self.rng.random() < 0.1:
                    res["evidence"] = [{"where": self.rng.choice(HOSTILE_STRINGS), "text": self.rng.choice(HOSTILE_STRINGS), "similarity": 1.0}]
                if self.rng.random() < 0.05:
                    res["flags"] = [self.rng.choice(HOSTILE_STRINGS[:10])]
        doc["spec"]["source"] = self.rng.choice(HOSTILE_STRINGS[:12])
        out = self.work / f"pay{i}"
        run_case("vendor payload", lambda: run_compare(out, doc, [], title=doc["spec"]["source"]), [], stats, self.time_limit,
                 lambda ok: _check_payload(out, ok))
        shutil.rmtree(out, ignore_errors=True)

    def _case_fault(self, i, stats):
        import errno

        from specgen.files import atomic
        from specgen.evaluation.compare import run_compare

        out = self._fresh_out(i)
        fail_at = self.rng.randrange(0, 6)
        calls = {"n": 0}
        real = atomic._write_file

        def flaky(path, data):
            calls["n"] += 1
            if calls["n"] > fail_at:
                raise OSError(self.rng.choice([errno.ENOSPC, errno.EIO, errno.EDQUOT]), "injected fault")
            real(path, data)

        atomic._write_file = flaky
        try:
            run_case(f"write fault after {fail_at} files", lambda: run_compare(out, self.score, [], title="fuzz"),
                     [], stats, self.time_limit, lambda ok: _check_set(out, self.base, ok))
        finally:
            atomic._write_file = real
        shutil.rmtree(out, ignore_errors=True)

    # helpers --------------------------------------------------------------------------------------------------
    def _fresh_out(self, i: int) -> Path:
        out = self.work / f"out{i}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(self.base, out)
        return out

    def _edited_workbook(self) -> bytes:
        """The baseline workbook with a member's cell edits: decisions, reasons, names, prices, keys, sheets."""
        from openpyxl import load_workbook

        from specgen.files.atomic import xlsx_bytes

        wb = load_workbook(io.BytesIO(self.workbook))
        ws = wb["判定"]
        rng = self.rng
        values = ["充足", "一部", "不充足", "記載なし", "取消", "○", "たぶん", None, "", 1, 1.5, "=A1", "=1/0", *HOSTILE_STRINGS[:14]]
        for _ in range(rng.randint(1, 12)):
            r = rng.randint(1, min(ws.max_row + 3, 400))
            c = rng.choice([12, 12, 13, 14, 5, 1, 17, rng.randint(1, 20)])
            with contextlib.suppress(Exception):  # an unstorable character, a merged cell: a member could not type it either
                ws.cell(r, c).value = rng.choice(values + ["理由", "委員A", "委員B"])
        if rng.random() < 0.2:
            s = wb["総括"]
            s.cell(rng.randint(7, 12), 6).value = rng.choice(["1,200万円", "-5", "nan", "1e400", 0, 10**14, "取消", "=F7*2", 9_800_000])
        if rng.random() < 0.05:
            ws.sheet_state = "hidden"
        if rng.random() < 0.05:
            del wb["_specgen"]
        if rng.random() < 0.05 and "_specgen" in wb.sheetnames:
            wb["_specgen"]["B5"] = rng.choice(["j:[" * 100, "j:{broken", "j:" + json.dumps([{"id": "x", "type": "decision"}])])
        if rng.random() < 0.05:
            ws.insert_rows(6, rng.randint(1, 3))
        return xlsx_bytes(wb)


def _load_ismap(path: Path):
    try:
        from specgen.scoring.checks.ismap import load_ismap_list
    except ImportError:  # older layout
        from specgen.scoring.ismap import load_ismap_list  # type: ignore[no-redef]
    return load_ismap_list(path)


def _check_set(out: Path, base: Path, ok: bool) -> str | None:
    """After a writing case: the new set complete and of one run, or (on failure) exactly the previous set."""
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".specgen-") or p.name.endswith(".tmp")]
    if leftovers:
        return f"leftovers {leftovers}"
    if not ok:
        for p in base.iterdir():
            if p.is_file() and p.name != ".specgen.lock":
                q = out / p.name
                if not q.exists() or q.read_bytes() != p.read_bytes():
                    return f"{p.name} changed by a failed run"
        return None
    return _same_run(out)


def _same_run(out: Path) -> str | None:
    try:
        run = json.loads((out / "score.json").read_text(encoding="utf-8"))["evaluation_run"]
        if json.loads((out / "committee.json").read_text(encoding="utf-8"))["last_run"] != run:
            return "committee.json from another run"
        if run not in (out / "evaluation.md").read_text(encoding="utf-8"):
            return "evaluation.md from another run"
        if run.encode() not in (out / "evaluation.xlsx").read_bytes() and not _xlsx_has(out / "evaluation.xlsx", run):
            return "evaluation.xlsx from another run"
    except (OSError, KeyError, ValueError) as e:
        return f"incomplete set ({type(e).__name__})"
    return None


def _xlsx_has(path: Path, text: str) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(text.encode() in z.read(n) for n in z.namelist() if n.endswith(".xml"))


def _check_payload(out: Path, ok: bool) -> str | None:
    if not ok:
        return None
    problem = _same_run(out)
    if problem:
        return problem
    from openpyxl import load_workbook

    wb = load_workbook(out / "evaluation.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    return f"formula in {ws.title}!{c.coordinate}"
                if isinstance(c.value, str) and ws.title != "_specgen" and c.value.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@"):
                    return f"formula-like text in {ws.title}!{c.coordinate}"
    md = (out / "evaluation.md").read_text(encoding="utf-8")
    for raw in ("<img", "<script"):
        if raw in md:
            return f"raw HTML {raw} in evaluation.md"
    return None


KINDS = ("response", "spec", "spec_json", "score_json", "ismap", "project", "rules", "template", "overrides", "payload", "fault")


def run_campaign(root: Path, workdir: Path, counts: dict[str, int], seed: int = 0, time_limit: float = 10.0,
                 progress: Callable[[str, int], None] | None = None) -> dict[str, FuzzStats]:
    """Run `counts[kind]` cases of each kind in this process; return the stats per kind."""
    c = Campaign(root, workdir, seed, time_limit)
    c.prepare()
    out = {}
    for kind, n in counts.items():
        st = FuzzStats()
        for i in range(n):
            c.case(kind, i, st)
            if progress:
                progress(kind, i + 1)
        out[kind] = st
    return out
