"""specgen audit: the mutation benchmark (figures go to docs/benchmarks.md).

1. Unmodified: audit the spec.docx and requirements.xlsx that `specgen generate` writes for every allowed
   class × service; every missing / weaker / refused finding there is a false finding.
2. Mutations: the same specs, copied as a city would copy them (requirements.xlsx without specgen's hidden id
   column and sheet), with random requirements deleted (body, heading, source line and 別紙 table row) or weakened
   (modality: 努める / 望ましい / 必要に応じて / 可能な限り; parameter: a deadline or level loosened, or replaced by
   「速やかに」; scope: a 「（…を含む）」 dropped, 「全て」→「主要な」, 「ISMAP-LIU」 allowed, 「一部を除く」 added), three
   per document; recall = share of mutated rows reported (missing for deletions, weaker for weakenings, on the
   same profile row); false findings on the untouched rows are counted too.
3. The requirement lists in samples/ and ../shared/devset/specs/: the counts of each finding kind (no labels).

    python benchmarks/bench_audit.py [--encoder auto|fuzzy] [--seed 7] [--variants 5] [--reword]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from specgen.audit import audit  # noqa: E402
from specgen.catalog.models import SERVICES  # noqa: E402
from specgen.errors import TailoringRefusal  # noqa: E402
from specgen.generate import build_spec, write_outputs  # noqa: E402
from specgen.scoring.align.encoders import get_encoder  # noqa: E402
from specgen.scoring.align.similarity import Similarity  # noqa: E402

CLASSES = ("1", "2", "3C", "3B")
FIRM_FINDINGS = ("missing", "weaker", "refused")

# --- weakening operators: each returns the weakened text or None when it does not apply ---------------------

_MODALITY = [
    (r"すること。$", "するよう努めること。"),
    (r"すること。$", "することが望ましい。"),
    (r"こと。$", "ことが望ましい。"),
    (r"^", "必要に応じて、"),
    (r"(を|に)(示す|提出する|報告する|実施する|講じる)こと", r"\1可能な限り\2こと"),
    (r"とする。$", "とするよう努める。"),
]


def weaken_modality(text: str, rng: random.Random) -> str | None:
    ops = [(p, r) for p, r in _MODALITY if re.search(p, text)]
    if not ops:
        return None
    p, r = rng.choice(ops)
    return re.sub(p, r, text, count=1)


_QTY = re.compile(r"(\d+(?:\.\d+)?)(か月|ヶ月|年|日|時間|営業日|開庁日|週間|世代|%|％|回|文字)(以上|以内|前まで|前|まで|ごと)?")


def weaken_parameter(text: str, rng: random.Random) -> str | None:
    found = [m for m in _QTY.finditer(text) if m.group(3) or m.group(2) in ("世代", "%", "％")]
    if not found:
        return None
    m = rng.choice(found)
    num, unit, tail = float(m.group(1)), m.group(2), m.group(3) or ""
    if tail in ("以内", "まで") and unit in ("日", "時間", "営業日", "開庁日", "週間", "か月", "ヶ月") and rng.random() < 0.3:
        new = "速やかに" if "に" in text[m.end():m.end() + 2] else "速やか"
        return text[: m.start()] + new + text[m.end() + (1 if new == "速やかに" and text[m.end():m.end() + 1] == "に" else 0):]
    if unit in ("%", "％"):
        value = {99.99: "99.9", 99.9: "99.5", 99.5: "99.0"}.get(num, f"{num - 1:g}")
        return text[: m.start()] + f"{value}{unit}{tail}" + text[m.end():]
    loosen = tail in ("以内", "まで") and not tail.startswith("前")
    if tail in ("前", "前まで") or tail == "以上" or unit == "世代" or tail == "ごと" and False:
        loosen = False
    if loosen:  # a deadline: make it longer
        value = num * 3
    else:  # a minimum (retention, notice lead time, generations, count): make it smaller
        if num <= 1:
            if unit == "年":
                return text[: m.start()] + f"6か月{tail}" + text[m.end():]
            if unit in ("か月", "ヶ月"):
                return text[: m.start()] + f"2週間{tail}" + text[m.end():]
            if unit == "週間":
                return text[: m.start()] + f"3日{tail}" + text[m.end():]
            return None
        value = max(1, int(num // 2))
    return text[: m.start()] + f"{value:g}{unit}{tail}" + text[m.end():]


def weaken_scope(text: str, rng: random.Random) -> str | None:
    ops = []
    inc = re.search(r"（[^（）]{2,40}を含む）", text)
    if inc:
        ops.append(lambda t: t.replace(inc.group(0), "", 1))
    if "全ての" in text or "全て" in text:
        ops.append(lambda t: t.replace("全ての", "主要な", 1) if "全ての" in t else t.replace("全て", "主要なもの", 1))
    if "ISMAPクラウドサービスリスト" in text and "ISMAP-LIU" not in text:
        ops.append(lambda t: t.replace("ISMAPクラウドサービスリスト", "ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリスト", 1))
    if "日本国内" in text:
        ops.append(lambda t: t.replace("日本国内", "可能な範囲で日本国内", 1))
    if "、" in text:
        ops.append(lambda t: t.replace("、", "、一部の機能を除き、", 1))
    if not ops:
        return None
    return rng.choice(ops)(text)


WEAKEN = {"modality": weaken_modality, "parameter": weaken_parameter, "scope": weaken_scope}

# --reword: neutral edits a city makes when it adapts a copy (its own name for itself and the vendor, firmer or
# plainer verbs, sentences in another order); none of them weakens a requirement
_REWORD = [("本市", "当市"), ("受注者", "受託者"), ("示すこと", "提示すること"), ("提出すること", "提出しなければならない")]


def reword(text: str) -> str:
    for a, b in _REWORD:
        text = text.replace(a, b)
    parts = [p for p in re.split(r"(?<=。)", text) if p]
    if len(parts) >= 2:
        parts[0], parts[1] = parts[1], parts[0]
    return "".join(parts)


def plan(spec, rng: random.Random, n: int) -> list[tuple[str, str, str | None]]:
    """n mutations on distinct rows: (row id, kind, new text or None for a deletion); half deletions, the other
    half spread evenly over the three ways of weakening (each on a row where it applies)."""
    rows = list(spec.requirements)
    rng.shuffle(rows)
    used: set[str] = set()
    out = []
    for _ in range(n):
        kind = "delete" if rng.random() < 0.5 else rng.choice(list(WEAKEN))
        for r in rows:
            if r.id in used:
                continue
            if kind == "delete":
                out.append((r.id, kind, None))
                used.add(r.id)
                break
            new = WEAKEN[kind](r.text, rng)
            if new and new != r.text:
                out.append((r.id, kind, new))
                used.add(r.id)
                break
    return out


# --- applying mutations to the generated files --------------------------------------------------------------

def mutate_docx(src: Path, dst: Path, muts: list[tuple[str, str, str | None]], rw: bool = False) -> None:
    import docx

    d = docx.Document(str(src))
    by_id = {rid: (kind, new) for rid, kind, new in muts}
    if rw:
        for p in d.paragraphs:
            if p.style.name == "ReqBody":
                p.text = reword(p.text)
        for t in d.tables:
            for row in t.rows[1:]:
                if len(row.cells) > 2:
                    row.cells[2].text = reword(row.cells[2].text)
        by_id = {rid: (kind, reword(new) if new else new) for rid, (kind, new) in by_id.items()}
    paras = d.paragraphs
    for k, p in enumerate(paras):
        m = re.search(r"\[([A-Z]{2}-\d{2})\]", p.text) if p.style.name == "ReqHead" else None
        if not m or m.group(1) not in by_id:
            continue
        kind, new = by_id[m.group(1)]
        body = paras[k + 1]
        if kind == "delete":
            src_line = paras[k + 2] if k + 2 < len(paras) and paras[k + 2].style.name == "ReqSource" else None
            for q in (p, body, src_line):
                if q is not None:
                    q._p.getparent().remove(q._p)
        else:
            body.text = new
    for t in d.tables:
        for row in list(t.rows):
            rid = row.cells[0].text.strip()
            if rid in by_id:
                kind, new = by_id[rid]
                if kind == "delete":
                    row._tr.getparent().remove(row._tr)
                else:
                    row.cells[2].text = new
    d.save(str(dst))


def city_xlsx(src: Path, dst: Path, muts: list[tuple[str, str, str | None]], rw: bool = False) -> None:
    """requirements.xlsx as a city keeps it: specgen's hidden id column and sheet gone, the mutations applied."""
    import openpyxl

    wb = openpyxl.load_workbook(str(src))
    if "_specgen" in wb.sheetnames:
        del wb["_specgen"]
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "要件番号")
    hidden = [c for c in range(1, ws.max_column + 1) if str(ws.cell(header, c).value or "") == "specgen_id"]
    for c in reversed(hidden):
        ws.delete_cols(c)
    by_id = {rid: (kind, reword(new) if rw and new else new) for rid, kind, new in muts}
    if rw:
        for r in range(header + 1, ws.max_row + 1):
            if isinstance(ws.cell(r, 3).value, str):
                ws.cell(r, 3).value = reword(ws.cell(r, 3).value)
    for r in range(ws.max_row, header, -1):
        rid = str(ws.cell(r, 1).value or "")
        if rid in by_id:
            kind, new = by_id[rid]
            if kind == "delete":
                ws.delete_rows(r)
            else:
                ws.cell(r, 3).value = new
    wb.save(str(dst))


def firm(result) -> list:
    return [f for f in result.findings if f.kind in FIRM_FINDINGS]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", default="auto")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--variants", type=int, default=5, help="mutated copies per class × service and format")
    ap.add_argument("--per-doc", type=int, default=3)
    ap.add_argument("--reword", action="store_true", help="also reword every row neutrally (当市, 受託者, sentence order)")
    args = ap.parse_args()
    t0 = time.time()
    sim = Similarity(get_encoder(args.encoder))
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    combos = []
    for svc in SERVICES:
        for cls in CLASSES:
            try:
                spec = build_spec(cls, svc)
            except TailoringRefusal:
                continue
            folder = tmp / f"{svc}_{cls}"
            write_outputs(spec, folder)
            combos.append((svc, cls, spec, folder))
    print(f"{len(combos)} class × service combinations generated ({time.time() - t0:.1f} s); encoder {sim.name}")

    # 1. unmodified
    false_unmod = Counter()
    rows_unmod = Counter()
    lint_unmod = Counter()
    for svc, cls, spec, folder in combos:
        city_xlsx(folder / "requirements.xlsx", folder / "city.xlsx", [], args.reword)
        if args.reword:
            mutate_docx(folder / "spec.docx", folder / "city.docx", [], True)
        for fmt, path in (("docx", folder / ("city.docx" if args.reword else "spec.docx")), ("xlsx", folder / "city.xlsx")):
            res = audit(path, cls, svc, sim=sim)
            bad = firm(res)
            false_unmod[fmt] += len(bad)
            rows_unmod[fmt] += len(spec.requirements)
            lint_unmod[fmt] += res.count("lint")
            for f in bad:
                print(f"  unmodified {svc} {cls} {fmt}: {f.kind} {f.code} {f.requirement_id} {f.detail[:70]}")
    t1 = time.time()

    # 2. mutations
    found = Counter()
    total = Counter()
    false_mut = Counter()
    rows_mut = Counter()
    misses = []
    audits = 0
    for svc, cls, spec, folder in combos:
        for v in range(args.variants):
            muts = plan(spec, rng, args.per_doc)
            for fmt in ("docx", "xlsx"):
                path = folder / f"mut{v}.{fmt}"
                (mutate_docx(folder / "spec.docx", path, muts, args.reword) if fmt == "docx"
                 else city_xlsx(folder / "requirements.xlsx", path, muts, args.reword))
                res = audit(path, cls, svc, sim=sim)
                audits += 1
                hit_rows = set()
                for rid, kind, new in muts:
                    want = "missing" if kind == "delete" else "weaker"
                    ok = any(f.kind == want and f.requirement_id == rid for f in res.findings)
                    total[(fmt, kind)] += 1
                    found[(fmt, kind)] += ok
                    hit_rows.add(rid)
                    if not ok:
                        misses.append(f"{svc} {cls} {fmt} {rid} {kind}: {(new or '')[:90]}")
                extra_bad = [f for f in firm(res) if f.requirement_id not in hit_rows]
                false_mut[fmt] += len(extra_bad)
                rows_mut[fmt] += len(spec.requirements) - len(muts)
    t2 = time.time()

    print("\n## unmodified generated specs")
    for fmt in ("docx", "xlsx"):
        print(f"{fmt}: {len(combos)} specs, {rows_unmod[fmt]} profile rows, false missing/weaker/refused findings {false_unmod[fmt]} "
              f"({false_unmod[fmt] / max(1, rows_unmod[fmt]):.1%} of rows); lint findings {lint_unmod[fmt]}")
    print(f"time {t1 - t0:.1f} s")
    print("\n## mutations")
    print("| format | kind | mutations | found | recall |")
    print("|---|---|---|---|---|")
    for fmt in ("docx", "xlsx"):
        for kind in ("delete", *WEAKEN):
            n, k = total[(fmt, kind)], found[(fmt, kind)]
            print(f"| {fmt} | {kind} | {n} | {k} | {k / max(1, n):.3f} |")
        dn, dk = total[(fmt, "delete")], found[(fmt, "delete")]
        wn = sum(total[(fmt, k)] for k in WEAKEN)
        wk = sum(found[(fmt, k)] for k in WEAKEN)
        print(f"| {fmt} | **deletions** | {dn} | {dk} | **{dk / max(1, dn):.3f}** |")
        print(f"| {fmt} | **weakenings** | {wn} | {wk} | **{wk / max(1, wn):.3f}** |")
    for fmt in ("docx", "xlsx"):
        hits = sum(found[(fmt, k)] for k in ("delete", *WEAKEN))
        print(f"{fmt}: false missing/weaker/refused findings on untouched rows {false_mut[fmt]} of {rows_mut[fmt]} rows ({false_mut[fmt] / max(1, rows_mut[fmt]):.1%}); "
              f"precision {hits / max(1, hits + false_mut[fmt]):.3f}")
    print(f"{audits} audits, {t2 - t1:.1f} s ({(t2 - t1) / max(1, audits):.2f} s per audit)")
    if misses:
        print("\nmissed:")
        for m in misses[:40]:
            print("  " + m)

    # 3. city requirement lists
    print("\n## requirement lists written by cities (no labels: counts only)")
    print("| list | class × service | items | profile rows covered | missing (必須) | weaker | refused | lint | extra |")
    print("|---|---|---|---|---|---|---|---|---|")
    lists = [(ROOT / "samples/spec_city_genai.xlsx", "3B", "genai"), (ROOT.parent / "shared/devset/specs/cloud_3b.xlsx", "3B", "cloud"),
             (ROOT.parent / "shared/devset/specs/genai_lgwan.xlsx", "3C", "genai"), (ROOT.parent / "shared/devset/specs/line_yoyaku.xlsx", "3B", "sns")]
    for path, cls, svc in lists:
        if not path.exists():
            continue
        res = audit(path, cls, svc, sim=sim)
        s = res.summary()
        print(f"| {path.name} | {cls} × {svc} | {len(res.spec.requirements)} | {s['covered']}/{s['profile']} | {s['missing']} ({s['missing_mandatory']}) "
              f"| {s['weaker']} | {s['refused']} | {s['lint']} | {s['extra']} |")
    print(f"\ntotal {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
