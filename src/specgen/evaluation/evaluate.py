"""Turn score results into a committee evaluation: gate, points, price, ranking, with member overrides."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputFileError
from ..scoring.model import STATUS_JA, STATUSES
from .rules import Rules

JA_STATUS = {v: k for k, v in STATUS_JA.items()} | {s: s for s in STATUSES} | {"○": "met", "△": "partial", "×": "unmet"}
METHOD_JA = {"add": "加算方式", "div": "除算方式"}


@dataclass
class Override:
    status: str
    reason: str
    member: str = ""
    where: str = ""


@dataclass
class Cell:
    req_id: str
    vendor: str
    proposal: str
    proposal_reason: str
    flags: list[str]
    weight: float
    mandatory: bool
    override: Override | None = None

    @property
    def decided(self) -> str:
        return self.override.status if self.override else self.proposal


@dataclass
class VendorEval:
    vendor: str
    source: str
    cells: list[Cell]
    gate: str = "合格"
    gate_reasons: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    tech_raw: float = 0.0
    tech_score: float = 0.0
    price: float | None = None
    price_points: float | None = None
    total: float | None = None
    rank: int | None = None


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
    unapplied: dict[tuple[str, str], Override] = field(default_factory=dict)


def parse_status(value: str, where: str) -> str:
    v = (value or "").strip()
    if v in JA_STATUS:
        return JA_STATUS[v]
    raise InputFileError(f"{where}: 判定「{value}」が不明です。充足・一部・不充足・記載なし のいずれかを入力してください / unknown status")


def evaluate(score: dict, rules: Rules, prices: dict[str, float] | None = None,
             overrides: dict[tuple[str, str], Override] | None = None) -> Evaluation:
    """Apply the gate, points and price method to the (possibly overridden) statuses."""
    prices = prices or {}
    overrides = dict(overrides or {})
    responses = score["responses"]
    if not responses:
        raise InputFileError("評価できる回答がありません / no scored responses to evaluate")
    first = responses[0]["results"]
    items = []
    for r in first:
        w = r.get("weight")
        if w is None:
            w = rules.default_weight.mandatory if r.get("mandatory", True) else rules.default_weight.optional
        items.append(Item(r["id"], r.get("requirement", ""), bool(r.get("mandatory", True)), float(w)))
    max_raw = sum(i.weight for i in items) or 1.0
    sp = rules.status_points.model_dump()
    vendors = []
    for resp in responses:
        cells = []
        for item, r in zip(items, resp["results"]):
            ov = overrides.pop((resp["vendor"], item.id), None)
            cells.append(Cell(item.id, resp["vendor"], r["status"], r.get("reason", ""), list(r.get("flags", [])), item.weight, item.mandatory, ov))
        v = VendorEval(resp["vendor"], resp.get("source", ""), cells)
        for c, item in zip(cells, items):
            if item.mandatory and c.decided in ("unmet", "missing"):
                v.gate_reasons.append(f"{item.id}（{STATUS_JA[c.decided]}）{(c.override.reason if c.override else c.proposal_reason)}")
            elif item.mandatory and c.decided == "partial":
                v.pending.append(f"{item.id}（一部）{(c.override.reason if c.override else c.proposal_reason)}")
        v.gate = "失格候補" if v.gate_reasons else ("要判断" if v.pending else "合格")
        v.tech_raw = sum(c.weight * sp[c.decided] for c in cells)
        v.tech_score = round(rules.technical_max * v.tech_raw / max_raw, 2)
        v.price = prices.get(v.vendor)
        vendors.append(v)
    _price_and_rank(vendors, rules)
    return Evaluation(items, vendors, rules, max_raw, overrides)


def _price_and_rank(vendors: list[VendorEval], rules: Rules) -> None:
    eligible = [v for v in vendors if v.gate != "失格候補"]
    priced = [v.price for v in eligible if v.price]
    low = min(priced) if priced else None
    for v in vendors:
        if v.gate == "失格候補":
            continue  # excluded from price points and ranking until members decide otherwise
        if rules.method == "add":
            if v.price and low:
                v.price_points = round(rules.price_max * low / v.price, 2)
            v.total = round(v.tech_score + (v.price_points or 0.0), 2)
        else:
            v.total = round((rules.basic_points + v.tech_score) / v.price * 1_000_000, 4) if v.price else None
    ranked = sorted((v for v in eligible if v.total is not None), key=lambda v: -v.total)
    for n, v in enumerate(ranked, 1):
        v.rank = n
