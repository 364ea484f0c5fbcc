"""`specgen compare`: the committee's evaluation from scores, prices and members' decisions, written as one set.

One run, under the evaluation folder's lock:

1. read the committee record (committee.json) and every workbook that may hold entries: the folder's own
   evaluation.xlsx (members may type into it) and each --overrides workbook; collect every problem of every
   workbook and stop, writing nothing, if there is any;
2. add what is new — decisions, withdrawals, prices typed into 総括, --price, --chair — to the record;
3. evaluate, and write evaluation.xlsx, evaluation.md, score.json, committee.json and the charts as one set
   (OutputSet: all or none), each marked with the run id.

Two runs into one folder wait for each other, so both members' decisions are kept, whichever runs first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from specgen.files.atomic import OutputSet, check_folder, folder_lock, xlsx_bytes
from ..errors import ProblemsError, UsageError
from . import charts
from .entries import read_entries
from .evaluate import METHOD_JA, STATUS_JA, Evaluation, evaluate
from .labels import encoder_label
from .ledger import FILENAME as LEDGER_FILE
from .ledger import Event, Ledger, local_time, member_key, now_utc
from .prices import MAX_PRICE, PriceError, match_vendor, parse_yen, vendor_key
from .rules import Rules, load_rules
from .scorejson import check_score, load_score_json  # noqa: F401  (load_score_json is part of this module's API)

WORKBOOK = "evaluation.xlsx"
REPORT = "evaluation.md"
SCORE = "score.json"
CHARTS = ("totals.png", "heatmap.png")


@dataclass
class CompareResult:
    evaluation: Evaluation
    files: list[Path]
    notes: list[str]
    run_id: str = ""
    warnings: list[str] = field(default_factory=list)
    score: dict = field(default_factory=dict)   # the scores evaluated (with the vendors' replies to the 質問書, if any)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_prices(values: list[str]) -> dict[str, int]:
    """--price VENDOR=YEN values as {vendor as typed: yen}; UsageError listing every malformed one."""
    from .prices import parse_price_options

    return dict(parse_price_options(values))


def run_compare(out_dir: Path, score: dict, inputs: list[Path], rules_file: Path | None = None,
                prices: dict[str, float] | None = None, method: str | None = None, overrides_file: Path | None = None,
                title: str = "", *, overrides_files: list[Path] = (), chair: str | None = None,
                on_wait=None, answers: list[Path] = ()) -> CompareResult:
    """Evaluate and write the set; see the module docstring. `prices` are {vendor as typed: yen} (--price).

    `answers`: returned 質問書 workbooks; each reply is added as evidence and its requirement re-judged
    (`feedback.answers`) before anything is evaluated, so score.json, the workbook and the report all show it."""
    out_dir = check_folder(Path(out_dir))
    rules: Rules = load_rules(rules_file)
    if method:
        rules = rules.model_copy(update={"method": method})
    score = check_score(score)
    qa_notes: list[str] = []
    if answers:
        from ..feedback.answers import apply_answer_files

        score, qa_notes = apply_answer_files(score, [Path(p) for p in answers])
        inputs = list(inputs) + [Path(p) for p in answers]
    vendors = {vendor_key(r["vendor"]): r["vendor"] for r in score["responses"]}
    now = now_utc()
    run_id = f"{now[:19].replace('-', '').replace(':', '')}-{uuid.uuid4().hex[:6]}"
    price_events = _price_options(prices or {}, vendors, now, run_id)
    chair_events = [Event.new("chair", member=chair.strip(), source="--chair", basis=now, at=now, run=run_id)] if chair and chair.strip() else []
    books = [Path(p) for p in ([overrides_file] if overrides_file else []) + list(overrides_files)]

    with folder_lock(out_dir, on_wait=on_wait):
        ledger_path = out_dir / LEDGER_FILE
        ledger = Ledger.load(ledger_path) if ledger_path.exists() else Ledger()
        existing = out_dir / WORKBOOK
        sources = ([existing] if existing.exists() else []) + books
        unique: list[Path] = []
        for p in sources:
            if not any(_same(p, q) for q in unique):
                unique.append(p)
        reads = [read_entries(p, now, run_id) for p in unique]
        problems = [x for r in reads for x in r.problems]
        problems += _conflicts(reads, {e.vendor_key for e in price_events})
        if problems:
            raise ProblemsError(f"委員の入力に {len(problems)} 件の問題があります。該当するセルを直してから再実行してください（何も書き込んでいません）/ "
                                "fix these entries and run again; nothing was written", problems)
        notes: list[str] = qa_notes + [n for r in reads for n in r.notes]
        for r in reads:
            ledger.merge(r.embedded)
        outcome = ledger.ingest([c for r in reads for c in r.candidates] + price_events + chair_events)
        notes += _ingest_notes(outcome, vendors)
        cells = ledger.cells()
        price_now = ledger.prices()
        names = dict(vendors)
        for e in ledger.events:
            if e.vendor_key and e.vendor_key not in names and e.vendor:
                names[e.vendor_key] = e.vendor
        ev = evaluate(score, rules, prices={vendors[k]: e.price for k, e in price_now.items() if k in vendors},
                      decisions=cells, vendor_names=names)
        for v in ev.vendors:
            if v.key in price_now:
                p = price_now[v.key]
                v.price_source = f"{p.source}、{local_time(p.at)}"
        stray = [k for k in price_now if k not in vendors]
        if stray:
            notes.append(f"今回の回答にない事業者の入札価格 {len(stray)} 件は記録に残してあります（{'、'.join(names.get(k, k) for k in stray)}）。")
        for n in ev.price_warnings:
            notes.append(n)
        if ev.missing_prices:
            notes.append(f"入札価格が未入力です：{'、'.join(ev.missing_prices)}（--price 事業者名=金額、又は「総括」シートの入札価格欄に入力）。"
                         "すべてそろうまで順位は技術点による暫定です。")
        if ev.disputes:
            notes.append(f"委員間で判断が分かれている項目が {len(ev.disputes)} 件あります。--chair 委員長名 を指定すると、その委員の判断で確定します。")
        if ev.unapplied:
            notes.append(f"該当する要件・事業者がない委員判断 {sum(len(d.members) for *_x, d in ev.unapplied)} 件は「未適用の委員判断」シートに保存した。")
        applied = sum(len(c.decision.members) for v in ev.vendors for c in v.cells)
        read_count = sum(r.decisions for r in reads)
        if read_count or applied:
            changed = sum(1 for e in outcome.added if e.type in ("decision", "withdraw"))
            notes.append(f"委員判断：今回読み込んだ {read_count} 件（新規・変更 {changed} 件）、記録済みで有効な判断 {applied} 件。")
        audit = _audit(ev, score, rules, rules_file, inputs, unique, ledger, run_id, notes)
        title = title or Path(str(score["spec"].get("source", ""))).name
        return _write(out_dir, ev, score, ledger, audit, title, notes, run_id, now)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _price_options(prices: dict[str, float], vendors: dict[str, str], now: str, run: str) -> list[Event]:
    events, problems = [], []
    for given, amount in prices.items():
        try:
            yen = parse_yen(amount)
        except PriceError as e:
            problems.append(f"--price {given}={amount}: {e}")
            continue
        vk = match_vendor(given, vendors)
        if vk is None:
            problems.append(f"--price {given}: 事業者名が回答にありません（又は複数に当てはまります）/ unknown vendor; known: {', '.join(vendors.values())}")
            continue
        events.append(Event.new("price", vendor_key=vk, vendor=vendors[vk], price=min(yen, MAX_PRICE), source="--price", basis=now, at=now, run=run))
    if problems:
        raise UsageError("\n".join(problems))
    return events


def _conflicts(reads, cli_priced: set[str]) -> list[str]:
    """Entries of one run that cannot both be right: the same member's different decisions on one cell typed into
    copies of the same workbook, or different prices for one vendor in two workbooks (unless --price settles it)."""
    problems = []
    by_cell: dict[tuple, list[Event]] = {}
    by_price: dict[str, list[Event]] = {}
    for r in reads:
        for c in r.candidates:
            if c.type in ("decision", "withdraw"):
                by_cell.setdefault((c.vendor_key, c.req, member_key(c.member), c.basis), []).append(c)
            elif c.type == "price":
                by_price.setdefault(c.vendor_key, []).append(c)
    for es in by_cell.values():
        if len({(e.type, e.status, e.reason) for e in es}) > 1:
            problems.append(f"{es[0].member} の判断（{es[0].vendor} / {es[0].req}）が同じ版のワークブックで食い違っています："
                            f"{'、'.join(e.source for e in es)}。どちらか一方にしてください / conflicting entries")
    for vk, es in by_price.items():
        if len({e.price for e in es}) > 1 and vk not in cli_priced:
            problems.append(f"{es[0].vendor} の入札価格が食い違っています："
                            f"{'、'.join(f'{e.price:,} 円（{e.source}）' for e in es)}。--price で正しい金額を指定してください / conflicting prices")
    return problems


def _ingest_notes(outcome, vendors: dict[str, str]) -> list[str]:
    notes = []
    for e in outcome.superseded:
        if e.type in ("decision", "withdraw"):
            notes.append(f"{e.source} の {e.member} の判断（{e.vendor} / {e.req}）は、より新しいワークブックでの判断があるため採用していません（記録には残しました）。")
        else:
            notes.append(f"{e.source} の入札価格は、より新しい入力があるため採用していません（記録には残しました）。")
    for e in outcome.nothing_to_withdraw:
        notes.append(f"{e.source}：取り消す{'判断' if e.type == 'withdraw' else '入札価格'}が記録にありません。")
    for e in outcome.added:
        if e.type == "price":
            notes.append(f"入札価格 {vendors.get(e.vendor_key, e.vendor)}：{e.price:,} 円（{e.source}）を記録した。")
        elif e.type == "price_withdraw":
            notes.append(f"入札価格 {vendors.get(e.vendor_key, e.vendor)} を取り消した（{e.source}）。")
        elif e.type == "chair":
            notes.append(f"委員長：{e.member}（委員間で判断が分かれた項目はこの委員の判断で確定します）。")
    return notes


def _rules_lines(rules: Rules, rules_file: Path | None) -> list[tuple[str, str]]:
    sp, dw = rules.status_points, rules.default_weight
    method = (f"{METHOD_JA['add']}（総合評価点 = 技術点 + 価格点、価格点 = {rules.price_max:g} × 最低価格 ÷ 入札価格）" if rules.method == "add"
              else f"{METHOD_JA['div']}（評価値 = （基礎点 {rules.basic_points:g} + 技術点）÷ 入札価格（円）× 1,000,000）")
    src = f"{rules_file}（SHA-256 {sha256(rules_file)}）" if rules_file else "既定（scoring/evaluation.yaml）"
    return [("評価方式", method), ("判定ごとの得点率", f"充足 {sp.met:g}・一部 {sp.partial:g}・不充足 {sp.unmet:g}・記載なし {sp.missing:g}"),
            ("既定の配点", f"必須 {dw.mandatory:g}・任意 {dw.optional:g}（仕様書・プロジェクトファイルの配点があればそちらを使用）"),
            ("技術点の満点", f"{rules.technical_max:g}"), ("評価規則ファイル", src)]


def _audit(ev: Evaluation, score: dict, rules: Rules, rules_file, inputs, books, ledger: Ledger, run_id: str, notes) -> list[tuple[str, str]]:
    from specgen.catalog.load import load_library

    now_local = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    audit = [("作成日時", now_local), ("実行ID", f"{run_id}（この実行で書いたファイルすべてに記録）"), ("ツール", f"specgen {__version__}"),
             ("条項ライブラリ", load_library().meta.version), ("照合方式", encoder_label(str(score.get("encoder", ""))))]
    audit += _rules_lines(rules, rules_file)
    for v in ev.vendors:
        audit.append(("入札価格", f"{v.vendor}：{v.price:,} 円（{v.price_source}）" if v.price else f"{v.vendor}：未入力"))
    audit.append(("委員長", ledger.chair() or "未指定"))
    states = [c.decision.state for v in ev.vendors for c in v.cells if c.decision.members]
    audit.append(("委員判断", f"{len(states)} 項目（採用 {states.count('single')}・一致 {states.count('agreed')}・委員長裁定 {states.count('chair')}・要調整 {states.count('disputed')}）、"
                             f"記録 {len(ledger.events)} 件（committee.json）"))
    audit.append(("仕様", str(score["spec"].get("source", ""))))
    for p in inputs:
        try:
            audit.append(("入力ファイル", f"{Path(p).name}\nSHA-256 {sha256(p)}"))
        except OSError:
            audit.append(("入力ファイル", f"{Path(p).name}（読めませんでした）"))
    for p in books:
        try:
            audit.append(("委員の入力を読んだファイル", f"{Path(p).name}\nSHA-256 {sha256(p)}"))
        except OSError:
            pass
    for s in score.get("skipped", []) or []:
        if isinstance(s, dict):
            audit.append(("読み込めなかったファイル", f"{s.get('source', '')}: {s.get('error', '')}"))
    for n in list(score.get("notes", []) or []) + notes:
        audit.append(("注記", str(n)))
    return audit


def _write(out_dir: Path, ev: Evaluation, score: dict, ledger: Ledger, audit, title: str, notes: list[str], run_id: str, now: str) -> CompareResult:
    from .report_md import render_md
    from .workbook import build_workbook

    pngs: dict[str, bytes] = {}
    if charts.available():
        try:
            pngs = {"totals.png": charts.totals_png(ev, run_id), "heatmap.png": charts.heatmap_png(ev, run_id)}
        except Exception as e:  # noqa: BLE001 - a chart is a convenience; the evaluation must not fail for it
            from ..errors import one_line

            notes.append(f"図（PNG）を作成できませんでした（{type(e).__name__}: {one_line(e, 80)}）。")
    else:
        notes.append("matplotlib がないため PNG の図は作成していない（pip install 'specgen[charts]'）。")
    wb = build_workbook(ev, audit, None, title, ledger, now, run_id)
    md = render_md(ev, title, list(pngs), notes, audit)
    score_out = dict(score, evaluation_run=run_id)
    record = ledger.to_json() | {"last_run": run_id}
    targets = [out_dir / WORKBOOK, out_dir / REPORT, out_dir / SCORE, out_dir / LEDGER_FILE] + [out_dir / n for n in pngs]
    stale = [out_dir / n for n in CHARTS if n not in pngs]  # a chart of an earlier run must not sit beside this run's report
    with OutputSet(targets, remove=stale) as s:
        s.write_bytes(out_dir / WORKBOOK, xlsx_bytes(wb))
        s.write_text(out_dir / REPORT, md)
        s.write_text(out_dir / SCORE, json.dumps(score_out, ensure_ascii=False, indent=2) + "\n")
        s.write_text(out_dir / LEDGER_FILE, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        for n, data in pngs.items():
            s.write_bytes(out_dir / n, data)
    return CompareResult(ev, targets, notes, run_id, score=score_out)


__all__ = ["CompareResult", "STATUS_JA", "WORKBOOK", "load_score_json", "parse_prices", "run_compare"]
