"""入札価格 as people write them: 「12,000,000」「12000000円」「1,200万円」「¥12,000,000」「１２００００００」.

A price is a whole number of yen, at least 1 and at most MAX_PRICE. NaN, infinity, exponents (1e400),
negative numbers, zero and fractions of a yen are refused with a line that says what was given.
"""

from __future__ import annotations

import math
import re
import unicodedata

from ..errors import UsageError
from ..textnorm import normalize, vendor_key  # noqa: F401 - vendor_key is part of this module's API

MAX_PRICE = 10**13  # 10 兆円: far above any municipal procurement; beyond it is a typing error
_UNITS = {"億": 10**8, "万": 10**4, "千": 10**3}
_NUMBER = re.compile(r"^(\d{1,16}(?:,\d{3})*|\d+)(?:\.(\d+))?$")


class PriceError(ValueError):
    """A price that is not a positive whole number of yen (the message says why, in Japanese)."""


def parse_yen(value: object) -> int:
    """A positive whole number of yen from a cell value or a command-line string; PriceError otherwise."""
    if isinstance(value, bool) or value is None:
        raise PriceError("金額がありません")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise PriceError("数値ではありません（NaN・無限大）")
        if value != int(value):
            raise PriceError("円未満の端数があります")
        return _check(int(value))
    s = unicodedata.normalize("NFKC", str(value)).strip()
    s = re.sub(r"[\s　]", "", s).replace("¥", "").replace("￥", "").replace("\\", "")
    s = s.removesuffix("円").removesuffix("(税込)").removesuffix("(税抜)").removesuffix("円")
    if not s:
        raise PriceError("金額がありません")
    if s.startswith(("-", "−", "▲", "△")):
        raise PriceError("負の金額です")
    total, rest = 0, s
    for unit, mult in _UNITS.items():  # 1億2,000万 → 120,000,000
        if unit in rest:
            head, _, rest = rest.partition(unit)
            total += _number(head) * mult
    if rest:
        total += _number(rest)
    if total != int(total):
        raise PriceError("円未満の端数があります")
    return _check(int(total))


def _number(text: str) -> float:
    m = _NUMBER.match(text)
    if not m:
        raise PriceError(f"「{text[:30]}」は金額として読めません（例 12,000,000 / 1,200万）")
    whole = int(m.group(1).replace(",", ""))
    frac = m.group(2)
    return whole + (int(frac) / 10 ** len(frac) if frac else 0)


def _check(n: int) -> int:
    if n <= 0:
        raise PriceError("0 円以下の金額です" if n == 0 else "負の金額です")
    if n > MAX_PRICE:
        raise PriceError(f"金額が大きすぎます（{MAX_PRICE:,} 円まで）")
    return n


def parse_price_options(values: list[str]) -> list[tuple[str, int]]:
    """--price VENDOR=YEN (repeatable) as (vendor as typed, yen); every malformed one is reported at once."""
    out, problems = [], []
    for v in values:
        name, sep, amount = str(v).rpartition("=")
        if not sep or not name.strip():
            problems.append(f"--price {v}: 「事業者名=金額」の形式で指定してください（例 株式会社A=12000000）/ use VENDOR=AMOUNT")
            continue
        try:
            out.append((name.strip(), parse_yen(amount)))
        except PriceError as e:
            problems.append(f"--price {v}: {e} / not a positive whole number of yen")
    if problems:
        raise UsageError("\n".join(problems))
    return out


def match_vendor(given: str, vendors: dict[str, str]) -> str | None:
    """The key of the vendor `given` names (`vendors`: key → display name): exact key, else the one vendor whose
    name contains it (「アルファ」 → 株式会社アルファ情報). None when no vendor or several vendors fit."""
    key = vendor_key(given)
    if key in vendors:
        return key
    hits = [k for k in vendors if key and key in k]
    return hits[0] if len(hits) == 1 else None
