"""The committee's record: every price, decision, withdrawal and chair named, as an append-only list of events.

Nothing a member entered is ever removed from it. What is in force is computed from it:

* a member's decision on one requirement × vendor is their latest entry, where "latest" is decided first by
  the workbook the entry was typed into (its generation time, `basis`) and then by when it was read (`at`):
  a stale copy of an older workbook, passed in again later, cannot undo a newer decision; it is kept and named;
* members who agree settle the requirement; when they disagree the chair's decision settles it (`--chair`),
  otherwise the requirement stays 「要調整」 and the bid cannot be final;
* a price is the latest price entry for the vendor (a --price on the command line, or the 総括 sheet).

The record lives in `committee.json` in the evaluation folder and, as a copy, in the hidden sheet of every
evaluation workbook, so a member's workbook carries everything recorded when it was written. Records from
several places merge by event id without loss.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputFileError
from ..textnorm import normalize

FORMAT = "specgen-committee/1"
FILENAME = "committee.json"
TYPES = ("decision", "withdraw", "price", "price_withdraw", "chair")
from ..statuses import STATUSES

MAX_EVENTS = 500_000
MAX_TEXT = 32_767


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def member_key(name: str) -> str:
    return re.sub(r"\s+", "", normalize(name)).casefold()


def local_time(iso: str) -> str:
    """'2026-11-23T10:30:00.000000Z' → '2026-11-23 19:30' in the machine's time zone."""
    try:
        t = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return str(iso)
    return t.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Event:
    """One entry of the record; fields a type does not use stay empty (and are not written)."""

    id: str  # uuid: records from several places merge by it
    type: str  # one of TYPES
    vendor_key: str = ""  # textnorm.vendor_key of `vendor`: 「株式会社 A」 and 「株式会社A」 are one bidder
    vendor: str = ""  # as displayed
    req: str = ""  # requirement id (decision, withdraw)
    member: str = ""  # the committee member (decision, withdraw, chair)
    status: str = ""  # met / partial / unmet / missing (decision)
    reason: str = ""  # the member's reason, in their words
    price: int | None = None  # yen (price)
    source: str = ""  # where it was entered: a workbook's name and cell, or a command-line option
    basis: str = ""  # generation time of the workbook it was typed into: decides which of two entries is newer
    at: str = ""  # when specgen read it (UTC, ISO)
    run: str = ""  # the run that read it

    @staticmethod
    def new(type: str, **kw) -> Event:
        return Event(id=uuid.uuid4().hex, type=type, **kw)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


def event_from_dict(d: object, where: str) -> Event:
    """An event read back from committee.json or a workbook's hidden sheet, checked field by field."""
    if not isinstance(d, dict):
        raise InputFileError(f"{where}: 記録の形式が正しくありません / malformed record")
    kw: dict = {}
    for k in ("id", "type", "vendor_key", "vendor", "req", "member", "status", "reason", "source", "basis", "at", "run"):
        v = d.get(k, "")
        if not isinstance(v, str) or len(v) > MAX_TEXT:
            raise InputFileError(f"{where}: 記録の {k} が正しくありません / malformed record field")
        kw[k] = v
    price = d.get("price")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int) or not 0 < price <= 10**13):
        raise InputFileError(f"{where}: 記録の price が正しくありません / malformed price")
    kw["price"] = price
    if kw["type"] not in TYPES or not kw["id"]:
        raise InputFileError(f"{where}: 記録の種類が正しくありません / unknown record type")
    if kw["type"] == "decision" and kw["status"] not in STATUSES:
        raise InputFileError(f"{where}: 記録の判定が正しくありません / unknown status in record")
    if kw["type"] == "price" and price is None:
        raise InputFileError(f"{where}: 価格の記録に金額がありません / price record without amount")
    return Event(**kw)


@dataclass
class MemberDecision:
    member: str
    status: str
    reason: str
    source: str
    at: str
    basis: str


@dataclass
class CellDecision:
    """What the committee decided on one requirement × vendor."""

    members: list[MemberDecision] = field(default_factory=list)
    adopted: str | None = None   # the status in force, or None (no decision, or a dispute the chair has not settled)
    state: str = "none"          # none | single | agreed | chair | disputed
    chair: str = ""

    @property
    def disputed(self) -> bool:
        return self.state == "disputed"


@dataclass
class Ingest:
    """What one ingestion changed, for the run's notes."""

    added: list[Event] = field(default_factory=list)
    superseded: list[Event] = field(default_factory=list)   # entries from older workbooks that a newer one overrides
    nothing_to_withdraw: list[Event] = field(default_factory=list)


def _content(e: Event) -> tuple:
    return (e.type, e.vendor_key, e.req, member_key(e.member), e.status, e.reason, e.price, e.basis)


class Ledger:
    def __init__(self, events: list[Event] | None = None):
        self.events: list[Event] = []
        self._ids: set[str] = set()
        # the latest entry per (vendor, requirement, member), per vendor's price, and for the chair: the fold
        # of the event list in (basis, at, position) order, kept up to date as events are added
        self._decision: dict[tuple[str, str, str], tuple[tuple, Event]] = {}
        self._price: dict[str, tuple[tuple, Event]] = {}
        self._chair: tuple[tuple, Event] | None = None
        self._content: set[tuple] = set()  # what each entry said, to recognise the same entry read again
        self.merge(events or [])

    # -- persistence --------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Ledger:
        from ..files.safety import load_json

        path = Path(path)
        data = load_json(path, "委員会の記録")
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("events"), list):
            raise InputFileError(f"{path.name}: 委員会の記録（{FORMAT}）ではありません。消さずに別の場所へ移してから再実行してください / not a committee record")
        if len(data["events"]) > MAX_EVENTS:
            raise InputFileError(f"{path.name}: 記録が多すぎます / too many records")
        return cls([event_from_dict(e, f"{path.name} events[{i}]") for i, e in enumerate(data["events"])])

    def to_json(self) -> dict:
        return {"format": FORMAT,
                "note": "評価委員会が入力した入札価格・委員判断・委員長の記録です。specgen compare が読み書きします。編集・削除しないでください。",
                "events": [e.to_dict() for e in self.events]}

    def merge(self, events: list[Event]) -> int:
        """Add events not yet present (by id); return how many were new."""
        n = 0
        for e in events:
            if e.id in self._ids:
                continue
            if len(self.events) >= MAX_EVENTS:
                raise InputFileError(f"委員会の記録が多すぎます（{MAX_EVENTS:,} 件まで）/ too many records")
            order = (e.basis, e.at, len(self.events))
            self.events.append(e)
            self._ids.add(e.id)
            self._content.add(_content(e))
            n += 1
            if e.type in ("decision", "withdraw"):
                key = (e.vendor_key, e.req, member_key(e.member))
                if key not in self._decision or self._decision[key][0] < order:
                    self._decision[key] = (order, e)
            elif e.type in ("price", "price_withdraw"):
                if e.vendor_key not in self._price or self._price[e.vendor_key][0] < order:
                    self._price[e.vendor_key] = (order, e)
            elif e.type == "chair" and (self._chair is None or self._chair[0] < order):
                self._chair = (order, e)
        return n

    # -- what is in force ---------------------------------------------------------------------------------
    def decision_of(self, vendor_key: str, req: str, member: str) -> Event | None:
        got = self._decision.get((vendor_key, req, member_key(member)))
        return got[1] if got and got[1].type == "decision" else None

    def member_decisions(self) -> dict[tuple[str, str], dict[str, Event]]:
        """(vendor_key, req) → member key → the member's decision in force."""
        out: dict[tuple[str, str], dict[str, Event]] = {}
        for (vk, req, mk), (_o, e) in self._decision.items():
            if e.type == "decision":
                out.setdefault((vk, req), {})[mk] = e
        return out

    def chair(self) -> str:
        return self._chair[1].member if self._chair else ""

    def prices(self) -> dict[str, Event]:
        return {vk: e for vk, (_o, e) in self._price.items() if e.type == "price"}

    def cells(self) -> dict[tuple[str, str], CellDecision]:
        chair = self.chair()
        ck = member_key(chair) if chair else ""
        out = {}
        for key, by_member in self.member_decisions().items():
            members = [MemberDecision(e.member, e.status, e.reason, e.source, e.at, e.basis)
                       for _mk, e in sorted(by_member.items())]
            statuses = {m.status for m in members}
            cd = CellDecision(members, chair=chair)
            if len(statuses) == 1:
                cd.adopted, cd.state = members[0].status, ("single" if len(members) == 1 else "agreed")
            elif ck and ck in by_member:
                cd.adopted, cd.state = by_member[ck].status, "chair"
            else:
                cd.state = "disputed"
            out[key] = cd
        return out

    # -- new entries --------------------------------------------------------------------------------------
    def ingest(self, candidates: list[Event]) -> Ingest:
        """Append entries that change something; report the ones a newer entry already overrides."""
        result = Ingest()
        for c in candidates:
            if c.type in ("decision", "withdraw"):
                key = (c.vendor_key, c.req, member_key(c.member))
                current = self.decision_of(c.vendor_key, c.req, c.member)
                if c.type == "decision" and current and current.status == c.status and current.reason == c.reason:
                    continue  # the same decision again: nothing to record
                if c.type == "withdraw" and not current:
                    result.nothing_to_withdraw.append(c)
                    continue
                if _content(c) in self._content:  # the same entry from the same workbook, read again: recorded once
                    result.superseded.append(c)
                    continue
                self.merge([c])
                (result.added if self._decision[key][1].id == c.id else result.superseded).append(c)
            elif c.type in ("price", "price_withdraw"):
                current = self.prices().get(c.vendor_key)
                if c.type == "price" and current and current.price == c.price:
                    continue
                if c.type == "price_withdraw" and not current:
                    result.nothing_to_withdraw.append(c)
                    continue
                self.merge([c])
                (result.added if self._price[c.vendor_key][1].id == c.id else result.superseded).append(c)
            elif c.type == "chair":
                if member_key(self.chair()) == member_key(c.member):
                    continue
                self.merge([c])
                result.added.append(c)
        return result
