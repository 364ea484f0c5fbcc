"""Read what members entered in an evaluation workbook: decisions (判定), prices (総括) and the record it carries.

Every problem in every workbook is collected, named by file, sheet and cell, and reported together, so a
secretary fixes them in one round. A decision is never dropped silently: a formula without a value, a reason
without a decision, a decision without a reason or a member, two rows of one member that disagree, a hidden
判定 sheet — each is a problem to fix, not something to guess.

Rows are matched by the hidden key column (vendor key and requirement id as JSON), not by the names shown, so
a vendor called 「@IT株式会社」 (shown as 「'@IT株式会社」) or a sorted sheet still matches. Workbooks without
the key column (written by specgen before it existed) fall back to the visible names.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..errors import InputFileError, one_line
from ..files.headers import HeaderNames
from ..writers.cellsafe import looks_like_formula
from .evaluate import JA_STATUS, WITHDRAW, parse_status
from .ledger import Event, event_from_dict, member_key
from .prices import PriceError, parse_yen, vendor_key
from .workbook import DECISION_SHEET, KEY_HEADER, META_FORMAT, META_SHEET, SUMMARY_SHEET

HEADER_SCAN = 15


@dataclass
class WorkbookEntries:
    path: Path
    basis: str = ""
    embedded: list[Event] = field(default_factory=list)
    candidates: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisions: int = 0


def _iso_mtime(path: Path) -> str:
    try:
        t = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    except OSError:
        t = dt.datetime.now(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def shown_to_raw(value: object) -> str:
    """A name as we displayed it back to the text it was: our 「'」 before formula-like text is removed."""
    s = "" if value is None else str(value).strip()
    if s.startswith("'") and looks_like_formula(s[1:]):
        s = s[1:]
    return s


def read_entries(path: Path, now: str, run: str) -> WorkbookEntries:
    """Everything entered in one evaluation workbook, as candidate events; problems collected, not raised."""
    from openpyxl import load_workbook

    from ..files.safety import LIMITS, read_bytes_capped, sniff

    path = Path(path)
    out = WorkbookEntries(path)
    name = path.name
    try:
        if sniff(path) != "xlsx":
            raise InputFileError(f"{name}: 評価ワークブック（.xlsx）ではありません / not an evaluation workbook")
        data = read_bytes_capped(path, LIMITS.max_file_bytes)
    except InputFileError as e:
        out.problems.append(str(e))
        return out
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds on damaged parts
        out.problems.append(f"{name}: Excel ファイルとして読めません / cannot read workbook ({type(e).__name__}: {one_line(e, 120)})")
        return out
    for wb in (values, formulas):
        for ws in wb.worksheets:
            ws.reset_dimensions()  # read every row and column present, whatever the sheet claims
    try:
        prices_shown = _meta(values, out, path)
        out.basis = out.basis or _iso_mtime(path)
        if DECISION_SHEET not in values.sheetnames:
            out.problems.append(f"{name}: シート「{DECISION_SHEET}」がありません。specgen compare が出力した評価ワークブックを指定してください / no '{DECISION_SHEET}' sheet")
            return out
        if values[DECISION_SHEET].sheet_state != "visible":
            out.problems.append(f"{name}: シート「{DECISION_SHEET}」が非表示になっています。委員が見ていない判断は採用しません。"
                                f"表示に戻して内容を確認してから指定してください / the '{DECISION_SHEET}' sheet is hidden")
            return out
        _decisions(values[DECISION_SHEET], formulas[DECISION_SHEET], out, now, run)
        if SUMMARY_SHEET in values.sheetnames and prices_shown is not None:
            _prices(values[SUMMARY_SHEET], formulas[SUMMARY_SHEET], out, prices_shown, now, run)
    except Exception as e:  # noqa: BLE001 - a damaged part found while streaming rows
        if isinstance(e, InputFileError):
            out.problems.append(str(e))
        else:
            out.problems.append(f"{name}: Excel ファイルとして読めません / cannot read workbook ({type(e).__name__}: {one_line(e, 120)})")
    finally:
        values.close()
        formulas.close()
    return out


def _meta(wb, out: WorkbookEntries, path: Path) -> dict | None:
    """The hidden record: when the workbook was written, the prices it showed, the committee record it carries."""
    from ..files.safety import LIMITS, json_depth

    if META_SHEET not in wb.sheetnames:
        out.notes.append(f"{path.name}: 以前の形式の評価ワークブックです（表示された事業者名・要件番号で照合しました）。")
        return None
    rows: dict[str, list[str]] = {}
    for row in wb[META_SHEET].iter_rows(min_row=1, max_row=2000, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and len(row) > 1 and isinstance(row[1], str):
            rows.setdefault(row[0], []).append(row[1])
    try:
        if rows.get("format", [""])[0] != META_FORMAT:
            raise ValueError("format")
        generated = rows.get("generated", [""])[0]
        dt.datetime.strptime(generated, "%Y-%m-%dT%H:%M:%S.%fZ")
        prices = json.loads(rows.get("prices_shown", ["{}"])[0])
        if not isinstance(prices, dict):
            raise ValueError("prices")
        text = "".join(c[2:] if c.startswith("j:") else c for c in rows.get("events", []))
        events = []
        if text:
            if json_depth(text, LIMITS.max_nesting) > 4:
                raise ValueError("nesting")
            raw = json.loads(text)
            if not isinstance(raw, list):
                raise ValueError("events")
            events = [event_from_dict(e, f"{path.name} {META_SHEET}") for e in raw]
    except (ValueError, TypeError, InputFileError, RecursionError):
        out.notes.append(f"{path.name}: 隠しシートの記録を読めなかったため、見えている入力だけを読みました。")
        return None
    out.basis = generated
    out.embedded = events
    return {str(k): v for k, v in prices.items()}


def _header(ws, wanted: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) of a sheet specgen wrote: its own column names, exactly."""
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_row=HEADER_SCAN, values_only=True)]
    names = HeaderNames({w: (w,) for w in wanted}, contained=None)
    found = names.find(rows, wanted, HEADER_SCAN)
    if found is None:
        return None
    r, _ = found
    labels = [str(v).strip() if v is not None else "" for v in rows[r]]
    return r + 1, {label: i for i, label in enumerate(labels) if label}


class _Row:
    """One row read twice: cached values and formulas, so a formula without a value is caught."""

    def __init__(self, values: tuple, formulas: tuple, cols: dict[str, int]):
        self.values, self.formulas, self.cols = values, formulas, cols

    def has(self, name: str) -> bool:
        return name in self.cols and self.cols[name] < len(self.values)

    def raw(self, name: str):
        return self.values[self.cols[name]] if self.has(name) else None

    def text(self, name: str) -> str:
        v = self.raw(name)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def formula_without_value(self, name: str) -> bool:
        if not self.has(name) or self.cols[name] >= len(self.formulas):
            return False
        f = self.formulas[self.cols[name]]
        return getattr(f, "data_type", None) == "f" and self.raw(name) in (None, "")


def _rows(values_ws, formulas_ws, first: int):
    vals = values_ws.iter_rows(min_row=first, values_only=True)
    forms = formulas_ws.iter_rows(min_row=first)
    for n, (v, f) in enumerate(zip(vals, forms), first):
        yield n, v, f


def _decisions(values_ws, formulas_ws, out: WorkbookEntries, now: str, run: str) -> None:
    name = out.path.name
    found = _header(values_ws, ("要件番号", "事業者", "委員判定"))
    if not found or "判断理由" not in found[1]:
        out.problems.append(f"{name}: シート「{DECISION_SHEET}」に見出し（要件番号・事業者・委員判定・判断理由）がありません / header row not found")
        return
    header, cols = found
    letter = {k: get_column_letter(i + 1) for k, i in cols.items()}
    seen: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for r, vals, forms in _rows(values_ws, formulas_ws, header + 1):
        row = _Row(vals, forms, cols)
        at = lambda col: f"{name} {DECISION_SHEET}!{letter.get(col, '?')}{r}"  # noqa: E731
        for col in ("委員判定", "判断理由", "委員名"):
            if row.formula_without_value(col):
                out.problems.append(f"{at(col)}: 数式に計算結果が保存されていません。数式ではなく値を入力してください / formula without a value")
        decision, reason, member = row.text("委員判定"), row.text("判断理由"), row.text("委員名")
        if not decision:
            if (reason or member) and not row.formula_without_value("委員判定"):
                out.problems.append(f"{at('委員判定')}: 委員判定が空です（判断理由又は委員名だけが記入されています）/ decision missing")
            continue
        try:
            status = parse_status(decision, at("委員判定"))
        except InputFileError as e:
            out.problems.append(str(e))
            continue
        if status != WITHDRAW and not reason:
            out.problems.append(f"{at('判断理由')}: 委員判定には判断理由が必要です / an override needs a reason")
            continue
        if not member:
            out.problems.append(f"{at('委員名')}: 委員名を入力してください（誰の判断かを記録します）/ member name required")
            continue
        key = _key(row, cols)
        if key is None:
            out.problems.append(f"{at('事業者')}: 事業者・要件番号が空です / vendor and requirement id are required")
            continue
        vk, req, vendor = key
        dup = (vk, req, member_key(member))
        if dup in seen:
            prev = seen[dup]
            if prev[:2] != (status, reason):
                out.problems.append(f"{at('委員判定')}: {member} の判断が {prev[2]} と食い違っています（同じ要件・事業者）。どちらか一方にしてください / "
                                    "conflicting rows")
            continue
        seen[dup] = (status, reason, f"{DECISION_SHEET}!{letter['委員判定']}{r}")
        out.decisions += 1
        out.candidates.append(Event.new("withdraw" if status == WITHDRAW else "decision", vendor_key=vk, vendor=vendor, req=req,
                                        member=member, status="" if status == WITHDRAW else status, reason=reason,
                                        source=f"{name} {DECISION_SHEET}!{letter['委員判定']}{r}", basis=out.basis, at=now, run=run))


def _key(row: _Row, cols: dict[str, int]) -> tuple[str, str, str] | None:
    vendor = shown_to_raw(row.raw("事業者"))
    req = shown_to_raw(row.raw("要件番号"))
    if isinstance(row.raw("要件番号"), float) and row.raw("要件番号").is_integer():
        req = str(int(row.raw("要件番号")))
    hidden = row.text(KEY_HEADER) if KEY_HEADER in cols else ""
    if hidden.startswith("#"):
        try:
            vk, rid = json.loads(hidden[1:])
            if isinstance(vk, str) and isinstance(rid, str) and vk and rid:
                return vk, rid, vendor or vk
        except (ValueError, TypeError):
            pass
    if not vendor or not req:
        return None
    return vendor_key(vendor), req, vendor


def _prices(values_ws, formulas_ws, out: WorkbookEntries, shown: dict, now: str, run: str) -> None:
    name = out.path.name
    found = _header(values_ws, ("事業者", "入札価格（円）"))
    if not found:
        return
    header, cols = found
    letter = get_column_letter(cols["入札価格（円）"] + 1)
    for r, vals, forms in _rows(values_ws, formulas_ws, header + 1):
        row = _Row(vals, forms, cols)
        where = f"{name} {SUMMARY_SHEET}!{letter}{r}"
        hidden = row.text(KEY_HEADER)
        vendor = shown_to_raw(row.raw("事業者"))
        if not hidden.startswith("#") and not vendor:
            continue
        try:
            vk = json.loads(hidden[1:]) if hidden.startswith("#") else vendor_key(vendor)
        except ValueError:
            vk = vendor_key(vendor)
        if not isinstance(vk, str) or not vk:
            continue
        if row.formula_without_value("入札価格（円）"):
            out.problems.append(f"{where}: 数式に計算結果が保存されていません。数式ではなく金額を入力してください / formula without a value")
            continue
        value = row.raw("入札価格（円）")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str) and JA_STATUS.get(value.strip()) == WITHDRAW:
            out.candidates.append(Event.new("price_withdraw", vendor_key=vk, vendor=vendor, source=where, basis=out.basis, at=now, run=run))
            continue
        try:
            price = parse_yen(value)
        except PriceError as e:
            out.problems.append(f"{where}: 入札価格「{str(value)[:30]}」：{e} / not a positive whole number of yen")
            continue
        if shown.get(vk) == price:
            continue  # what we wrote, unchanged
        out.candidates.append(Event.new("price", vendor_key=vk, vendor=vendor, price=price, source=where, basis=out.basis, at=now, run=run))
