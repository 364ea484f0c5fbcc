"""提案を評価する: scoring in the background, the evaluation as the committee sees it, decisions and prices.

Decisions and prices go into the same committee record as `specgen compare` (evaluation/ledger.py,
committee.json in the case's eval/ folder), under the same folder lock, the moment they are made: a restart or a
browser crash loses nothing, members at two PCs each keep their own record, and a later `specgen compare` (or
the page's 評価表を作成) writes evaluation.xlsx from that one record.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputFileError
from .cases import lock_for

SOURCE = "Web画面"
MAX_REASON = 2000


# --- scoring job ---------------------------------------------------------------------------------------------

def score_case(case, encoder: str | None):
    """The job of 採点を開始: screen, score with progress, then run_compare into eval/ (keeps committee.json)."""
    import time

    from ..evaluation.compare import run_compare
    from ..files.screen import screen_responses
    from ..scoring import score

    def run(job) -> None:
        try:
            _run(job)
        except Exception as e:
            case.update(scoring_started=None, scoring_error=str(e) if hasattr(e, "exit_code") else type(e).__name__)
            raise

    def _run(job) -> None:
        t0 = time.perf_counter()
        spec, responses = case.spec_path(), case.response_paths()
        if not responses:
            raise InputFileError("回答ファイルがありません。先に事業者の回答をアップロードしてください / no responses uploaded")
        job.progress("prepare", 0, len(responses))
        keep, screened = screen_responses(responses)
        if not keep:
            raise InputFileError("採点できる回答がありません / no response could be scored: " + "; ".join(_shown(case, s["error"]) for s in screened))
        job.progress("load")
        report = score(spec, keep, encoder, progress=job.progress)
        report.skipped[:0] = screened
        if not report.responses:
            raise InputFileError("採点できる回答がありません / no response could be scored: " + "; ".join(_shown(case, s["error"]) for s in report.skipped))
        job.progress("write")
        result = run_compare(case.eval_dir, report.to_dict(), [spec, *keep], title=case.title)
        case.update(scored={"skipped": [_shown(case, s["error"]) for s in report.skipped], "notes": list(report.notes) + result.notes,
                            "encoder": report.encoder, "seconds": round(time.perf_counter() - t0, 1), "run": result.run_id,
                            "files": len(responses)}, scoring_started=None, scoring_error=None)
    return run


def _shown(case, message: str) -> str:
    """A message about a stored file, with the name the user uploaded instead of the stored one."""
    for r in case.data.get("responses", []):
        message = message.replace(str(case.path(r["file"])), r["name"]).replace(Path(r["file"]).name, r["name"])
    return message


def write_workbook(case):
    """評価表を作成: run_compare over the recorded scores (evaluation.xlsx, .md, charts), with every recorded
    decision and price; members' entries typed into the folder's evaluation.xlsx are read as the CLI reads them."""
    from ..evaluation.compare import run_compare
    from ..evaluation.scorejson import load_score_json

    score = load_score_json(case.eval_dir / "score.json")
    return run_compare(case.eval_dir, score, [case.spec_path(), *case.response_paths()], title=case.title)


# --- the evaluation as it stands --------------------------------------------------------------------------------

@dataclass
class View:
    ev: object
    score: dict
    ledger: object
    names: dict[str, str]
    versions: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # cell → member key → event id


_cache: dict[Path, tuple[tuple, object]] = {}
_cache_lock = threading.Lock()


def _cached(path: Path, load):
    """`load(path)`, reused while the file is the same (inode, size, time): score.json changes only when scored
    again, committee.json at each entry (always replaced, so a new inode). Only for reading: entries load afresh."""
    st = path.stat()
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    with _cache_lock:
        hit = _cache.get(path)
    if hit and hit[0] == key:
        return hit[1]
    value = load(path)
    with _cache_lock:
        _cache[path] = (key, value)
    return value


def load_score(case) -> dict | None:
    from ..evaluation.scorejson import load_score_json

    path = case.eval_dir / "score.json"
    return _cached(path, load_score_json) if path.is_file() else None


def current(case) -> View | None:
    from ..evaluation.evaluate import evaluate
    from ..evaluation.ledger import FILENAME, Ledger
    from ..evaluation.prices import vendor_key
    from ..evaluation.rules import load_rules

    score = load_score(case)
    if score is None:
        return None
    lp = case.eval_dir / FILENAME
    ledger = _cached(lp, Ledger.load) if lp.is_file() else Ledger()
    vendors = {vendor_key(r["vendor"]): r["vendor"] for r in score["responses"]}
    names = dict(vendors)
    for e in ledger.events:
        if e.vendor_key and e.vendor_key not in names and e.vendor:
            names[e.vendor_key] = e.vendor
    prices = {vendors[k]: e.price for k, e in ledger.prices().items() if k in vendors}
    ev = evaluate(score, load_rules(None), prices=prices, decisions=ledger.cells(), vendor_names=names)
    from ..evaluation.ledger import local_time

    for v in ev.vendors:
        p = ledger.prices().get(v.key)
        if p:
            v.price_source = f"{p.source}、{local_time(p.at)}"
    versions = {cell: {mk: e.id for mk, e in by.items()} for cell, by in ledger.member_decisions().items()}
    return View(ev, score, ledger, names, versions)


def filtered_rows(ev, status: str = "", mandatory_only: bool = False, review_first: bool = False):
    """(item, [cell per vendor]) rows of the 比較 matrix after the page's filters."""
    rows = []
    for i, item in enumerate(ev.items):
        cells = [v.cells[i] for v in ev.vendors]
        if mandatory_only and not item.mandatory:
            continue
        if status and not any(c.decided == status for c in cells):
            continue
        rows.append((item, cells))
    if review_first:
        rows.sort(key=lambda r: not any(c.needs_review or c.disputed for c in r[1]))
    return rows


# --- entries -------------------------------------------------------------------------------------------------

@dataclass
class Recorded:
    ok: bool
    message: str
    conflict: dict | None = None  # what is in force now, when the page was out of date


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _name(value: str, what: str) -> str:
    """A member's name as `compare --chair` takes one: no control characters, not empty, at most 200 characters."""
    value = (value or "").strip()
    if _CONTROL.search(value):
        raise InputFileError(f"{what}：制御文字が含まれています。名前だけを入力してください / control character in a name")
    if not value or len(value) > 200:
        raise InputFileError(f"{what}：名前が空か長すぎます（200 文字まで）/ empty or too long")
    return value


def _vendor(case, key: str) -> str:
    from ..evaluation.prices import vendor_key

    score = load_score(case)
    if score is None:
        raise InputFileError("まだ採点されていません / not scored yet")
    names = {vendor_key(r["vendor"]): r["vendor"] for r in score["responses"]}
    if key not in names:
        raise InputFileError("該当する事業者がありません / unknown vendor")
    return names[key]


_LAST_RUN = re.compile(r'"last_run":\s*("(?:[^"\\]|\\.)*")\s*}\s*$')


def _write_ledger(path: Path, ledger) -> None:
    """committee.json as `compare` writes it, keeping the id of the last compare run (the file's last key)."""
    from ..files.atomic import OutputSet

    record = ledger.to_json()
    if path.is_file():
        m = _LAST_RUN.search(path.read_text(encoding="utf-8")[-300:])
        if m:
            record["last_run"] = json.loads(m.group(1))
    with OutputSet([path]) as out:
        out.write_text(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    st = path.stat()  # the page shown next reads this record: no need to parse it again
    with _cache_lock:
        _cache[path] = ((st.st_ino, st.st_size, st.st_mtime_ns), ledger)


def record_decision(case, vendor_key: str, req: str, member: str, status: str, reason: str, seen: dict[str, str]) -> Recorded:
    """Append one member's decision (or withdrawal) to committee.json under the folder lock.

    `seen` maps member keys to the decision ids the page showed (absent: none). If that member's decision changed since
    (another tab, another PC under the same name), nothing is written and the current one is returned: the
    member decides again knowing it. Other members' decisions are separate records and never conflict."""
    from ..evaluation.evaluate import JA_STATUS, WITHDRAW
    from ..evaluation.ledger import FILENAME, Event, Ledger, member_key, now_utc
    from ..files.atomic import folder_lock
    from ..statuses import STATUS_JA

    member = _name(member, "委員名")
    if status not in JA_STATUS or JA_STATUS[status] not in (*STATUS_JA, WITHDRAW):
        raise InputFileError("判定を選んでください（充足・一部・不充足・記載なし・取消）/ choose a status")
    status = JA_STATUS[status]
    reason = (reason or "").replace("\r\n", "\n").strip()
    if status != WITHDRAW and not reason:
        raise InputFileError("判断理由を入力してください（委員会の記録に残ります）/ give a reason")
    if len(reason) > MAX_REASON:
        raise InputFileError(f"判断理由は {MAX_REASON} 文字までです / reason too long")
    vendor = _vendor(case, vendor_key)
    if not any(str(r["id"]) == req for r in load_score(case)["responses"][0]["results"]):
        raise InputFileError("該当する要件・事業者がありません / unknown requirement or vendor")
    path = case.eval_dir / FILENAME
    with lock_for(case.id), folder_lock(case.eval_dir):  # threads of this server, then other processes (the CLI)
        ledger = Ledger.load(path) if path.is_file() else Ledger()
        mine = ledger.decision_of(vendor_key, req, member)
        if (mine.id if mine else "") != seen.get(member_key(member), ""):
            return Recorded(False, f"{member} さんのこの項目の判断は、この画面を開いた後に別の画面で変更されています。"
                                   "現在の記録を確認してから、もう一度記録してください。",
                            {"status": mine.status, "reason": mine.reason, "at": mine.at, "id": mine.id} if mine else {"status": "", "id": ""})
        now = now_utc()
        kind = "withdraw" if status == WITHDRAW else "decision"
        event = Event.new(kind, vendor_key=vendor_key, vendor=vendor, req=req, member=member, status="" if kind == "withdraw" else status,
                          reason=reason, source=SOURCE, basis=now, at=now, run="web")
        outcome = ledger.ingest([event])
        if not outcome.added:
            return Recorded(True, "記録済みの判断と同じため、新しい記録はありません。" if kind == "decision" else "取り消す判断がありません。")
        _write_ledger(path, ledger)
    return Recorded(True, f"{member} さんの判断を記録しました。" if kind == "decision" else f"{member} さんの判断を取り消しました。")


def record_price(case, vendor_key: str, text: str) -> str:
    from ..evaluation.ledger import FILENAME, Event, Ledger, now_utc
    from ..evaluation.prices import MAX_PRICE, PriceError, parse_yen
    from ..files.atomic import folder_lock

    vendor = _vendor(case, vendor_key)
    text = (text or "").strip()
    withdraw = text in ("取消", "取り消し", "取消し")
    if not withdraw:
        try:
            yen = min(parse_yen(text), MAX_PRICE)
        except PriceError as e:
            raise InputFileError(f"{vendor} の入札価格「{text[:40]}」: {e}") from None
    path = case.eval_dir / FILENAME
    with lock_for(case.id), folder_lock(case.eval_dir):  # threads of this server, then other processes (the CLI)
        ledger = Ledger.load(path) if path.is_file() else Ledger()
        now = now_utc()
        event = (Event.new("price_withdraw", vendor_key=vendor_key, vendor=vendor, source=SOURCE, basis=now, at=now, run="web") if withdraw else
                 Event.new("price", vendor_key=vendor_key, vendor=vendor, price=yen, source=SOURCE, basis=now, at=now, run="web"))
        outcome = ledger.ingest([event])
        if outcome.added:
            _write_ledger(path, ledger)
    if withdraw:
        return f"{vendor} の入札価格を取り消しました。" if outcome.added else f"{vendor} の入札価格は入力されていません。"
    return f"{vendor} の入札価格 {yen:,} 円を記録しました。"


def record_chair(case, name: str) -> str:
    """The chair (委員長), as `compare --chair`: that member's decision settles disputed requirements."""
    from ..evaluation.ledger import FILENAME, Event, Ledger, now_utc
    from ..files.atomic import folder_lock

    name = _name(name, "委員長名")
    if load_score(case) is None:
        raise InputFileError("まだ採点されていません / not scored yet")
    path = case.eval_dir / FILENAME
    with lock_for(case.id), folder_lock(case.eval_dir):
        ledger = Ledger.load(path) if path.is_file() else Ledger()
        now = now_utc()
        if ledger.ingest([Event.new("chair", member=name, source=SOURCE, basis=now, at=now, run="web")]).added:
            _write_ledger(path, ledger)
    return f"委員長を {name} さんとしました。委員間で判断が分かれた項目は、{name} さんの判断で確定します。"
