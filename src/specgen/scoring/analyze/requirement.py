"""Read a requirement before reading any answer: its shape, its quantities and its subjects.

Computed once per spec item. The shape decides how an answer is read: a prohibition is met by a negative
statement, a conditional requirement by the condition never arising, a request to explain by the explanation,
a request for a guarantee not by a target, and "A or B" by A.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import SpecItem
from ..vocab import TopicRules, lexicon, topics
from .quantities import Quantity, extract, windows


@dataclass(frozen=True)
class Requirement:
    item: SpecItem
    prohibition: bool       # 「学習に利用しないこと」
    conditional: bool       # 「再委託する場合は…」
    disclose: bool          # 「…を提示すること」
    guarantee: bool         # 「…を保証すること」
    alternatives: bool      # 「A又はB」
    quantities: tuple[Quantity, ...]
    topics: tuple[TopicRules, ...]
    negated_words: frozenset[str] = frozenset()   # what the requirement says must NOT happen (「閲覧・操作できない」)
    condition_words: frozenset[str] = frozenset()
    hours: tuple[tuple[float, float], ...] = ()  # opening hours asked (「8時30分から17時15分」)
    deadline_events: tuple[str, ...] = ()  # 「運用開始前までに」: what a delivery must come before
    named_items: tuple[tuple[str, ...], ...] = ()  # 「(VISA、Mastercard、JCB)」: every one of them is asked

    @property
    def text(self) -> str:
        return self.item.text

    def topic(self, key: str) -> TopicRules | None:
        return next((t for t in self.topics if t.key == key), None)


_NEG_SPAN = re.compile(r"([^、。,]{2,24}?)(でき|され|させ|さ|し|残さ|行わ|含ま|置か|持た)?(ない|ず)(よう|こと|ものと)")
_WORD = re.compile(r"[一-龥々ァ-ヴーA-Za-z0-9]{2,}")


def _negated_words(text: str) -> frozenset[str]:
    words: set[str] = set()
    for m in _NEG_SPAN.finditer(text):
        for w in _WORD.findall(m.group(1)):
            words.update(w[i:i + 2] for i in range(len(w) - 1))
    return frozenset(words)


_CONDITION = re.compile(r"([^。]{2,40}?)(する|を行う|を利用する|を用いる|を使用する|を実施する|が発生した|を変更する)(場合|とき)(は|には|に)")


def _condition_words(text: str) -> frozenset[str]:
    words: set[str] = set()
    for m in _CONDITION.finditer(text):
        for w in _WORD.findall(m.group(1).split("、")[-1]):
            words.update(w[i:i + 2] for i in range(len(w) - 1))
    return frozenset(words)


_LIST = re.compile(r"[(（]([^()（）]{4,120})[)）]")
_NAME = re.compile(r"[A-Za-z0-9ァ-ヴー][A-Za-z0-9ァ-ヴー .\-]*")
_CHOOSE = re.compile(r"^\s*(のうち|の中から|から|のいずれか|いずれか|等|など|の何れか)")


def _named_items(text: str) -> tuple[tuple[str, ...], ...]:
    """Lists of product or brand names the requirement asks for, all of them (「(VISA、Mastercard、JCB)」);
    not a list to choose from (「…のうち3種類以上」) nor one that ends in 等."""
    out = []
    for m in _LIST.finditer(text):
        items = [x.strip() for x in re.split(r"[、,・/／]|及び|並びに|又は|または", m.group(1)) if x.strip()]
        if len(items) < 3 or not all(_NAME.fullmatch(x) for x in items) or _CHOOSE.match(text[m.end():]):
            continue
        if any(re.search(r"(等|など)$", x) for x in items):
            continue
        out.append(tuple(items))
    return tuple(out)


def analyse(item: SpecItem) -> Requirement:
    lex = lexicon()
    text = item.text
    found = tuple(t for t in topics() if t.requirement.search(text) and not (t.unless and t.unless.search(text)))
    return Requirement(
        item=item,
        prohibition=bool(lex.prohibition.search(text)),
        conditional=bool(lex.conditional_requirement.search(text) or _CONDITION.search(text)),
        disclose=bool(lex.disclose_requirement.search(text)),
        guarantee=bool(lex.guarantee_requirement.search(text)),
        alternatives=bool(lex.alternatives.search(text)),
        quantities=tuple(q for q in extract(text) if q.direction is not None or q.dim in ("interval", "version")),
        topics=found,
        negated_words=_negated_words(text),
        condition_words=_condition_words(text),
        hours=tuple(windows(text)),
        named_items=_named_items(text),
        deadline_events=tuple(dict.fromkeys(m.group(1) for m in lex.deadline_event.finditer(text))),
    )
