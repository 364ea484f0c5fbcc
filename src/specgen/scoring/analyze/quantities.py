"""Numbers with units and directions: 「99.9%以上」「1年以上保存」「1時間以内」「日次・7世代」「6か月前まで」「TLS1.2以上」.

A requirement's quantity says which way is better (min: at least; max: at most); a vendor's value is compared
in the same dimension (durations in hours, storage in GB, run intervals in hours, protocol versions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import quantities as vocab

_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MULT = {"万": 10_000, "千": 1_000, "百": 100}
_YEARISH = re.compile(r"^(年度|年\d|月\d|月\s*\d|年\s*\d+月)")
_SCHEDULE = re.compile(r"24時間\s*[・/]?\s*365日|365日\s*[・/]?\s*24時間|\d{1,2}時\d{1,2}分|\d{1,2}:\d{2}")  # schedules and clock times
_CONTEXT = re.compile(r"[一-龥々ァ-ヴーA-Za-z]{2,}")
_STEP = re.compile(r"^\s*(単位|刻み|ずつ|ごと|毎)")
_DIRECTION_WORDS = {"以内", "以上", "以下", "未満", "前", "以前", "以降", "程度"}


@dataclass(frozen=True)
class Quantity:
    value: float          # in the dimension's base unit (hours, GB, %, count, interval hours, version)
    dim: str              # percent | duration | storage | generations | users | kinds | characters | items | times | interval | version
    direction: str | None  # min | max | None (a plain statement of fact)
    text: str             # as written
    start: int
    context: str          # the words just before it (「稼働率」「第一報」「ログ」)
    clause: str = ""      # the same, cut at the comma before the number (its own clause)

    def worse_than(self, required: "Quantity") -> bool:
        """Is this (a vendor's value) on the wrong side of the requirement?"""
        if required.dim != self.dim or required.direction is None:
            return False
        better_high = required.direction == "min"
        if self.dim == "interval":  # a shorter interval is more often: better
            better_high = False
        if better_high:
            # a vendor's 「…以下」 of a number ≥ the requirement is not a commitment to reach it, but is not below either
            return self.value < required.value - 1e-9
        return self.value > required.value + 1e-9


def _number(raw: str, mult: str | None) -> float | None:
    raw = raw.replace(",", "")
    try:
        v = float(raw)
    except ValueError:
        if raw == "十":
            v = 10.0
        elif all(ch in _KANJI_DIGITS for ch in raw):
            if "十" in raw:
                a, _, b = raw.partition("十")
                v = float((_KANJI_DIGITS.get(a, 1) if a else 1) * 10 + (_KANJI_DIGITS.get(b, 0) if b else 0))
            elif len(raw) == 1:
                v = float(_KANJI_DIGITS[raw])
            else:
                return None
        else:
            return None
    return v * _MULT.get(mult or "", 1)


def _clause(text: str, start: int, end: int | None = None) -> str:
    """The subject words of the number's own clause: 「第一報を行い、復旧後5営業日以内」 measures 復旧後."""
    own = re.split(r"[、。,]", text[max(0, start - 16):start])[-1]
    after = "/".join(_CONTEXT.findall(text[end:end + 12])) if end is not None else ""
    return f"{'/'.join(_CONTEXT.findall(own))} {after}".strip()


def _context(text: str, start: int, end: int | None = None) -> str:
    """The content words around a number (the subject it measures: 「ログ…1年」「1時間以内に第一報」), kana dropped."""
    before = "/".join(_CONTEXT.findall(text[max(0, start - 16):start]))
    after = "/".join(_CONTEXT.findall(text[end:end + 12])) if end is not None else ""
    return f"{before} {after}".strip()


def _direction(after: str, q) -> str | None:
    if q.lead_time_after.match(after):
        return "min"
    if q.direction_min.match(after):
        return "min"
    if q.direction_max.match(after):
        return "max"
    return None


def extract(text: str) -> list[Quantity]:
    """Every quantity in `text` (NFKC-normalised)."""
    q = vocab()
    out: list[Quantity] = []
    masked = _SCHEDULE.sub(lambda m: "＃" * len(m.group()), text)  # 「24時間365日」 is a schedule, not a duration
    for m in q.per_period.finditer(masked):  # 「月2回以上」: every 365 hours or more often
        count = int(m.group(4))
        if count > 0:
            after = masked[m.end():m.end() + 8]
            direction = "max" if _direction(after, q) else None  # 「以上」 more often = a shorter interval at most
            out.append(Quantity(q.periods[m.group(2)] / count, "interval", direction, m.group(0), m.start(),
                                _context(masked, m.start(), m.end())))
    masked = q.per_period.sub(lambda m: "＃" * len(m.group()), masked)
    for m in q.number_unit.finditer(masked):
        raw, mult, unit = m.group(1), m.group(2), m.group(3)
        after = masked[m.end():m.end() + 8]
        if unit.startswith(("年", "月")) and _YEARISH.match(unit + after):
            continue
        if masked[max(0, m.start() - 1):m.start()] == "第" or _STEP.match(after):
            continue  # an ordinal (「第3日曜」「第5条」) or a step (「100GB単位」「100件ごと」) is no amount
        value = _number(raw, mult)
        if value is None:
            continue
        if unit.startswith("年") and value >= 1900:
            continue  # a calendar year (2026年), not a duration
        dim, factor = next(((d, f) for pat, d, f in q.units if pat.fullmatch(unit)), (None, 1.0))
        if dim is None:
            continue
        if masked[max(0, m.start() - 3):m.start()].upper().endswith(("TLS", "SSL")):
            continue
        direction = _direction(after, q)
        if q.lead_time_after.match(after) and dim == "duration":
            direction = "min"
        out.append(Quantity(value * factor, dim, direction, m.group(0).strip(), m.start(), _context(masked, m.start(), m.end()),
                            _clause(masked, m.start(), m.end())))
        if dim == "duration" and unit.startswith("日") and masked[m.end():m.end() + 1] == "分":
            # 「直近5日分を保持」 of daily copies is also 5 generations
            out.append(Quantity(value, "generations", direction, m.group(0).strip() + "分", m.start(),
                                _context(masked, m.start(), m.end()), _clause(masked, m.start(), m.end())))
    for word, hours in q.word_durations.items():
        for m in re.finditer(re.escape(word), masked):
            after = masked[m.end():m.end() + 8]
            out.append(Quantity(hours, "duration", _direction(after, q), word, m.start(), _context(masked, m.start())))
    explicit = any(x.dim == "interval" for x in out)  # 「毎月15日締めと末日締めの月2回」: the count decides
    for pat, interval in ([] if explicit else q.frequencies):
        for m in pat.finditer(masked):
            out.append(Quantity(interval, "interval", "max", m.group(0), m.start(), _context(masked, m.start())))
    for m in q.versions.finditer(masked):
        after = masked[m.end():m.end() + 8]
        try:
            v = float(m.group(2))
        except ValueError:
            continue
        out.append(Quantity(v, "version", _direction(after, q) or None, m.group(0), m.start(), m.group(1).upper()))
    return sorted(out, key=lambda x: x.start)


def _bigrams(s: str) -> set[str]:
    """Bigrams within each word of a context (「/」 separates words, a space separates before from after);
    words of one subject are read alike (履歴 as ログ, 保持 as 保存)."""
    for pat, word in vocab().same_subject:
        s = pat.sub(word, s)
    out = {w[i:i + 2] for w in re.split(r"[/ ]", s) for i in range(len(w) - 1)}
    return out or ({s} if s else set())


def _head(context: str) -> set[str]:
    """The subject named right after a required number (「1時間以内の第一報」 → 第一報)."""
    after = context.split(" ", 1)[1] if " " in context else ""
    word = next((w for w in after.split("/") if w and w not in _DIRECTION_WORDS), "")
    return _bigrams(word) if word else set()


# Dimensions in which one text holds numbers about many subjects (RTO 4時間, 第一報 1時間, 通知 1週間前):
# a vendor value counts only when it measures the same subject.
_NEEDS_SUBJECT = {"duration", "items", "times", "users", "kinds", "characters"}


def comparable(required: Quantity, stated: list[Quantity]) -> list[Quantity]:
    """The vendor values that speak to this required quantity: same dimension and, where numbers of that
    dimension measure many things, the same subject; the closest subject when there is a choice."""
    same = [s for s in stated if s.dim == required.dim]
    if required.dim == "duration" and required.direction is not None:
        # 「半年前に通知」 (a notice period) says nothing of 「30日以内に消去」 (a deadline)
        same = [s for s in same if not (required.direction == "max" and s.direction == "min")]
    if required.dim == "percent":  # 「返金は月額の10%」 is not an availability figure
        same = [s for s in same if s.value >= required.value / 2]
    if required.dim == "version" or not same:
        return same
    ctx = _bigrams(required.context)
    head = _head(required.context)
    # ties on the words around the number are broken by the subject right after the required one
    scored = [((len(ctx & _bigrams(s.context)), len(head & _bigrams(s.clause or s.context))), s) for s in same]
    best = max(n for n, _ in scored)
    if best[0] == 0:
        # a bare 「180日」 in an answer cell measures what the row asks; a value naming another subject does not
        return [s for s in same if not s.context] if required.dim in _NEEDS_SUBJECT else same
    if best[1] > 0:
        # every value naming the subject right after the required one (「ログイン記録は1年、コマンド操作の記録は6か月保存」)
        return [s for n, s in scored if n[1] == best[1] and n[0] > 0]
    return [s for n, s in scored if n == best]


_WINDOW = re.compile(r"(\d{1,2})(?:[:：]|時)(\d{2})?分?\s*(?:から|[~〜～\-ー－])\s*(\d{1,2})(?:[:：]|時)(\d{2})?分?")


def windows(text: str) -> list[tuple[float, float]]:
    """Opening hours written as 「8時30分から17時15分」「9:00～17:00」, as (start, end) in hours."""
    out = []
    for m in _WINDOW.finditer(text):
        start = int(m.group(1)) + int(m.group(2) or 0) / 60
        end = int(m.group(3)) + int(m.group(4) or 0) / 60
        if 0 <= start < end <= 24:
            out.append((start, end))
    return out
