"""`specgen compare`: score (or load scores), apply overrides, evaluate, write the workbook, report and charts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..atomic import write_atomic, write_text_atomic
from ..errors import InputFileError
from ..library import load_library
from . import charts
from .evaluate import METHOD_JA, STATUS_JA, Evaluation, Override, evaluate
from .rules import Rules, load_rules
from .workbook import build_workbook, read_overrides

WORKBOOK = "evaluation.xlsx"


@dataclass
class CompareResult:
    evaluation: Evaluation
    files: list[Path]
    notes: list[str]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_prices(values: list[str]) -> dict[str, float]:
    prices = {}
    for v in values:
        name, sep, amount = v.rpartition("=")
        try:
            if not sep or not name:
                raise ValueError
            prices[name.strip()] = float(amount.replace(",", "").replace("円", "").strip())
        except ValueError:
            raise InputFileError(f"--price {v}: 「事業者名=金額」の形式で指定してください / use VENDOR=AMOUNT (e.g. 株式会社A=12000000)") from None
    return prices


def load_score_json(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputFileError(f"{Path(path).name}: 採点結果 JSON を読めません / cannot read score JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list) or "spec" not in data:
        raise InputFileError(f"{Path(path).name}: specgen score の JSON ではありません / not a specgen score JSON")
    return data


def run_compare(out_dir: Path, score: dict, inputs: list[Path], rules_file: Path | None = None, prices: dict[str, float] | None = None,
                method: str | None = None, overrides_file: Path | None = None, title: str = "") -> CompareResult:
    out_dir = Path(out_dir)
    rules: Rules = load_rules(rules_file)
    if method:
        rules = rules.model_copy(update={"method": method})
    notes: list[str] = []
    overrides: dict[tuple[str, str], Override] = {}
    existing = out_dir / WORKBOOK
    if overrides_file:
        overrides = read_overrides(overrides_file)
        notes.append(f"委員判断 {len(overrides)} 件を {Path(overrides_file).name} から読み込んだ。")
    elif existing.exists():
        # never lose recorded decisions: a re-run into the same folder carries them over
        overrides = read_overrides(existing)
        if overrides:
            notes.append(f"既存の {existing.name} から委員判断 {len(overrides)} 件を引き継いだ（--overrides を省略したため）。")
    ev = evaluate(score, rules, prices, overrides)
    if ev.unapplied:
        notes.append(f"該当する要件・事業者がない委員判断 {len(ev.unapplied)} 件は「未適用の委員判断」シートに保存した。")
    lib = load_library()
    now = dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    audit = [("作成日時", now), ("ツール", f"specgen {__version__}"), ("条項ライブラリ", lib.meta.version),
             ("照合エンコーダ", str(score.get("encoder", ""))), ("評価方式", METHOD_JA[rules.method]),
             ("評価ルール", json.dumps(rules.model_dump(), ensure_ascii=False)),
             ("入札価格", json.dumps(prices or {}, ensure_ascii=False)), ("仕様", str(score["spec"]["source"]))]
    for p in inputs:
        audit.append(("入力ファイル SHA-256", f"{Path(p).name}  {sha256(p)}"))
    for s in score.get("skipped", []):
        audit.append(("読み込めなかったファイル", f"{s['source']}: {s['error']}"))
    for n in score.get("notes", []) + notes:
        audit.append(("注記", n))
    overridden = sum(1 for v in ev.vendors for c in v.cells if c.override)
    audit.append(("委員判断の件数", str(overridden)))

    files = []
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / WORKBOOK, lambda p: build_workbook(ev, audit, p, title))
    files.append(out_dir / WORKBOOK)
    write_text_atomic(out_dir / "score.json", json.dumps(score, ensure_ascii=False, indent=2) + "\n")
    files.append(out_dir / "score.json")
    pngs = []
    if charts.available():
        write_atomic(out_dir / "totals.png", lambda p: charts.totals_png(ev, p))
        write_atomic(out_dir / "heatmap.png", lambda p: charts.heatmap_png(ev, p))
        pngs = ["totals.png", "heatmap.png"]
        files += [out_dir / n for n in pngs]
    else:
        notes.append("matplotlib がないため PNG の図は作成していない（pip install 'specgen[charts]'）。")
    write_text_atomic(out_dir / "evaluation.md", render_md(ev, title, pngs, notes, audit))
    files.append(out_dir / "evaluation.md")
    return CompareResult(ev, files, notes)


def render_md(ev: Evaluation, title: str, pngs: list[str], notes: list[str], audit: list[tuple[str, str]]) -> str:
    r = ev.rules
    lines = [f"# 評価総括：{title}", "", f"評価方式：{METHOD_JA[r.method]}。必須要件の不充足・記載なしは失格候補、必須要件の一部充足は要判断。", ""]
    lines += ["| 順位 | 事業者 | 必須判定 | 技術点 | 入札価格 | " + ("価格点 | 総合評価点 |" if r.method == "add" else "評価値 |"),
              "|---|---|---|---|---|" + ("---|---|" if r.method == "add" else "---|")]
    for v in sorted(ev.vendors, key=lambda v: (v.rank is None, v.rank or 0)):
        price = f"{v.price:,.0f}" if v.price else "—"
        tail = f"{v.price_points if v.price_points is not None else '—'} | {v.total} |" if r.method == "add" else f"{v.total if v.total is not None else '—'} |"
        lines.append(f"| {v.rank or '—'} | {v.vendor} | {v.gate} | {v.tech_score} | {price} | {tail}")
    for png in pngs:
        lines += ["", f"![{png}]({png})"]
    for v in ev.vendors:
        if v.gate_reasons or v.pending:
            lines += ["", f"## {v.vendor}：{v.gate}", ""] + [f"- {x}" for x in v.gate_reasons + v.pending]
    decided = [(v.vendor, c) for v in ev.vendors for c in v.cells if c.override]
    if decided:
        lines += ["", "## 委員判断", "", "| 事業者 | 要件 | ツール判定 | 委員判定 | 理由 | 委員 |", "|---|---|---|---|---|---|"]
        lines += [f"| {vn} | {c.req_id} | {STATUS_JA[c.proposal]} | {STATUS_JA[c.override.status]} | {c.override.reason} | {c.override.member} |" for vn, c in decided]
    if notes:
        lines += ["", "## 注記", ""] + [f"- {n}" for n in notes]
    lines += ["", "## 監査記録", ""] + [f"- {k}：{v}" for k, v in audit]
    return "\n".join(lines) + "\n"
