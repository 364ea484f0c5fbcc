"""Turn score results into a committee evaluation: gate, points, price, ranking, with members' decisions.

One rounding rule everywhere: 技術点, 価格点, 総合評価点 and 評価値 are rounded half up to 2 decimals, and the
ranking uses the rounded values (what the committee sees is what is ranked; equal values share a rank).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..errors import InputFileError
from ..statuses import STATUS_JA
from .ledger import CellDecision, MemberDecision
from .prices import vendor_key
from .rules import Rules
from .scorejson import STATUSES

WITHDRAW = "withdraw"
JA_STATUS = ({v: k for k, v in STATUS_JA.items()} | {s: s for s in STATUSES}
             | {"○": "met", "△": "partial", "×": "unmet", "取消": WITHDRAW, "取り消し": WITHDRAW, "取消し": WITHDRAW})
METHOD_JA = {"add": "加算方式", "div": "除算方式"}
GATE_FILL = {"合格": "C6EFCE", "要判断": "FFEB9C", "失格候補": "F8CBAD"}


def r2(x: float) -> float:
    """Round half up to 2 decimals (Python's round() rounds half to even and on binary values)."""
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass
class Override:
    """One member's decision, as the library API and older callers give it."""

    status: str
    reason: str
    member: str = ""
    where: str = ""


def parse_status(value: str, where: str) -> str:
    from ..textnorm import fold_mark

    v = fold_mark(value or "").strip()
    if v in JA_STATUS:
        return JA_STATUS[v]
    if v.lower() in JA_STATUS:
        return JA_STATUS[v.lower()]
    raise InputFileError(f"{where}: 判定「{str(value)[:40]}」が不明です。充足・一部・不充足・記載なし（取り消すときは 取消）のいずれかを入力してください / unknown status")


@dataclass
class Cell:
    req_id: str
    vendor: str
    proposal: str
    proposal_reason: str
    flags: list[str]
    weight: float
    mandatory: bool
    decision: CellDecision = field(default_factory=CellDecision)
    evidence: list[dict] = field(default_factory=list)
    needs_review: bool = False

    @property
    def decided(self) -> str:
        return self.decision.adopted or self.proposal

    @property
    def decided_by_members(self) -> bool:
        return self.decision.adopted is not None

    @property
    def disputed(self) -> bool:
        return self.decision.disputed

    @property
    def reason(self) -> str:
        if self.decision.adopted:
            ms = [m for m in self.decision.members if m.status == self.decision.adopted]
            return "／".join(f"{m.reason}（{m.member}）" for m in ms)
        return self.proposal_reason


@dataclass
class VendorEval:
    vendor: str
    key: str
    source: str
    cells: list[Cell]
    gate: str = "合格"
    gate_reasons: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    tech_raw: float = 0.0
    tech_score: float = 0.0
    price: int | None = None
    price_source: str = ""
    price_points: float | None = None
    total: float | None = None
    rank: int | None = None
    provisional_rank: int | None = None
    provisional: bool = False  # ranked, but a bid is still 要判断: the order may change

    @property
    def rank_label(self) -> str:
        if self.rank:
            return f"暫定{self.rank}" if self.provisional else str(self.rank)
        if self.provisional_rank:
            return f"暫定{self.provisional_rank}"
        return "—"


@dataclass
class Item:
    id: str
    text: str
    mandatory: bool
    weight: float


@dataclass
class Evaluation:
    items: list[Item]
    vendors: list[VendorEval]
    rules: Rules
    max_raw: float
    unapplied: list[tuple[str, str, str, CellDecision]] = field(default_factory=list)  # (vendor, vendor key, req, decision)
    missing_prices: list[str] = field(default_factory=list)
    price_warnings: list[str] = field(default_factory=list)
    ties: list[str] = field(default_factory=list)

    @property
    def final(self) -> bool:
        """Ranked on complete prices, every bid decided (no 要判断) and no dispute open."""
        return all(v.gate != "要判断" for v in self.vendors) and not self.missing_prices

    @property
    def disputes(self) -> list[tuple[VendorEval, Cell]]:
        return [(v, c) for v in self.vendors for c in v.cells if c.disputed]


def evaluate(score: dict, rules: Rules, prices: dict[str, float] | None = None,
             overrides: dict[tuple[str, str], Override] | None = None,
             decisions: dict[tuple[str, str], CellDecision] | None = None,
             vendor_names: dict[str, str] | None = None) -> Evaluation:
    """Apply the gate, points and price method to the statuses the committee decided.

    `prices` and `overrides` are keyed by vendor name (as shown); `decisions` by (vendor key, requirement id).
    """
    responses = score["responses"]
    if not responses:
        raise InputFileError("評価できる回答がありません / no scored responses to evaluate")
    decisions = dict(decisions or {})
    for (vendor, rid), o in (overrides or {}).items():
        decisions[(vendor_key(vendor), str(rid))] = CellDecision([MemberDecision(o.member, o.status, o.reason, o.where, "", "")],
                                                                o.status, "single")
    price_by_key = {vendor_key(k): v for k, v in (prices or {}).items()}
    items = []
    for r in responses[0]["results"]:
        w = r.get("weight")
        if w is None:
            w = rules.default_weight.mandatory if r.get("mandatory", True) else rules.default_weight.optional
        items.append(Item(str(r["id"]), r.get("requirement", "") or "", bool(r.get("mandatory", True)), float(w)))
    max_raw = sum(i.weight for i in items) or 1.0
    sp = rules.status_points.model_dump()
    vendors = []
    used: set[tuple[str, str]] = set()
    for resp in responses:
        vkey = vendor_key(resp["vendor"])
        by_id = {str(r["id"]): r for r in resp["results"]}
        cells = []
        for item in items:
            r = by_id[item.id]
            d = decisions.get((vkey, item.id), CellDecision())
            used.add((vkey, item.id))
            cells.append(Cell(item.id, resp["vendor"], r["status"], r.get("reason", "") or "", list(r.get("flags", [])), item.weight,
                              item.mandatory, d, list(r.get("evidence", []) or []), bool(r.get("needs_review", False))))
        v = VendorEval(resp["vendor"], vkey, resp.get("source", "") or "", cells)
        for c in cells:
            if c.disputed:
                v.pending.append(f"{c.req_id}（委員間で判断が分かれています：{_member_summary(c.decision)}）")
            elif c.mandatory and c.decided in ("unmet", "missing"):
                v.gate_reasons.append(f"{c.req_id}（{STATUS_JA[c.decided]}）{c.reason}")
            elif c.mandatory and c.decided == "partial":
                v.pending.append(f"{c.req_id}（一部）{c.reason}")
        v.gate = "失格候補" if v.gate_reasons else ("要判断" if v.pending else "合格")
        v.tech_raw = sum(c.weight * sp[c.decided] for c in cells)
        v.tech_score = r2(rules.technical_max * v.tech_raw / max_raw)
        v.price = price_by_key.get(vkey)
        vendors.append(v)
    ev = Evaluation(items, vendors, rules, max_raw)
    names = vendor_names or {}
    for key, d in decisions.items():
        if key not in used and d.members:
            ev.unapplied.append((names.get(key[0], key[0]), key[0], key[1], d))
    _price_and_rank(ev)
    for v in vendors:
        v.provisional = not ev.final
    return ev


def _member_summary(d: CellDecision) -> str:
    return "、".join(f"{m.member} {STATUS_JA[m.status]}" for m in d.members)


def _price_and_rank(ev: Evaluation) -> None:
    rules = ev.rules
    eligible = [v for v in ev.vendors if v.gate != "失格候補"]
    ev.missing_prices = [v.vendor for v in eligible if not v.price]
    priced = [v.price for v in ev.vendors if v.price]
    if len(priced) >= 2:
        mid = statistics.median(priced)
        for v in ev.vendors:
            if v.price and (v.price * 100 < mid or v.price > mid * 100):
                ev.price_warnings.append(f"{v.vendor} の入札価格 {v.price:,} 円は他社の中央値（{mid:,.0f} 円）と桁が大きく異なります。入力誤りでないか確認してください。")
    complete = bool(eligible) and not ev.missing_prices
    low = min((v.price for v in eligible if v.price), default=None)
    for v in eligible:
        if not v.price:
            continue
        if rules.method == "add":
            if complete:  # 価格点 needs the lowest price of all eligible bids
                v.price_points = r2(rules.price_max * low / v.price)
                v.total = r2(v.tech_score + v.price_points)
        else:  # 評価値 depends on the bid's own price only
            v.total = r2((rules.basic_points + v.tech_score) / v.price * 1_000_000)
    if complete:
        _rank(eligible, lambda v: v.total, "rank", ev)
    else:
        _rank(eligible, lambda v: v.tech_score, "provisional_rank", ev)


def _rank(vendors: list[VendorEval], value, attr: str, ev: Evaluation) -> None:
    ordered = sorted(vendors, key=lambda v: (-value(v), v.vendor))
    prev, rank = None, 0
    for n, v in enumerate(ordered, 1):
        if value(v) != prev:
            rank, prev = n, value(v)
        elif attr == "rank":
            ev.ties.append(v.vendor)
        setattr(v, attr, rank)
    if ev.ties:
        tied = {v.vendor for v in ordered if v.rank in {x.rank for x in ordered if x.vendor in ev.ties}}
        ev.ties = sorted(tied)
