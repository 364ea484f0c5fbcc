"""The 質問書: one polite question per result that the tool cannot settle, worded from `questions.yaml`.

A pure function of one judged response (and the spec's names): no file is read, so the CLI, the web page and
tests get the same questions from the same results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..scoring.model import STATUS_JA, ResponseResult, Result
from .notes import deciding_phrases, short
from .results import SpecInfo

WORDING = Path(__file__).with_name("questions.yaml")
REQUIREMENT_CHARS = 40
QUOTE_CHARS = 60
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NOT_FINDINGS = {"needs_review", "qa_answer", "ismap_verified"}   # flags that say nothing against the answer
_TEXT_ROLES = ("answer", "comment", "condition", "prose", "appendix", "reference", "qa")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ask(_Strict):
    statuses: list[str]
    missing_if_mandatory: bool
    needs_review: bool
    flags: list[str]


class Kind(_Strict):
    key: str
    label: str
    text: str
    statuses: list[str] = []
    flags: list[str] = []
    any_flag: bool = False


class Letter(_Strict):
    title: str
    to: str
    intro_titled: str
    intro_neutral: str
    closing: str


class Wording(_Strict):
    ask: Ask
    kinds: list[Kind]
    list_heading: str
    letter: Letter


@cache
def wording() -> Wording:
    from ..errors import ClauseLibraryError
    from ..files.yamlio import load_yaml

    data, _ = load_yaml(WORDING, ClauseLibraryError)
    try:
        return Wording.model_validate(data)
    except Exception as e:  # pydantic's message, one line, naming the file
        raise ClauseLibraryError(f"{WORDING}: {str(e).splitlines()[0]}") from None


@dataclass(frozen=True)
class Question:
    number: int
    req_id: str
    kind: str
    kind_label: str
    text: str
    requirement: str
    quote: str
    status: str          # the status the question is about (Japanese)
    mandatory: bool
    where: str           # where the quoted words are in the vendor's file


@dataclass
class VendorQuestions:
    vendor: str
    source: str
    questions: list[Question] = field(default_factory=list)


def needs_question(r: Result, ask: Ask | None = None) -> bool:
    ask = ask or wording().ask
    if r.status == "missing":
        return ask.missing_if_mandatory and r.mandatory
    if r.status in ask.statuses or (ask.needs_review and r.needs_review):
        return True
    return any(f in ask.flags for f in r.flags)


def _inner(text: str) -> str:
    """Vendor text inside our 「」: its own brackets become 『』 so the quotation stays readable."""
    return text.replace("「", "『").replace("」", "』")


def _quote(r: Result) -> tuple[str, str]:
    """The vendor's deciding words and where they are: the sentence the reason quotes, else the answer text."""
    phrases = deciding_phrases(r)
    texts = [e for e in r.evidence if e.role in _TEXT_ROLES and e.text.strip()] or [e for e in r.evidence if e.text.strip()]
    if phrases:
        q = phrases[-1]  # the reason ends with the quoted sentence; earlier quotes may be the requirement's values
        where = next((e.where for e in texts if q in e.text), texts[0].where if texts else "")
        return q, where
    if texts:
        return texts[0].text, texts[0].where
    return "", ""


def _values(r: Result, spec: SpecInfo) -> dict[str, str]:
    from ..scoring.vocab import flag_label

    quote, where = _quote(r)
    mark = next((e.text for e in r.evidence if e.role == "mark" and e.text.strip()), "")
    labels = [flag_label(f) for f in r.flags if f not in ("needs_review",)]
    required = str(r.details.get("required", "") or "") if isinstance(r.details, dict) else ""
    return {
        "id": r.id,
        "requirement": _inner(short(r.requirement, REQUIREMENT_CHARS)),
        "quote": _inner(short(quote, QUOTE_CHARS)),
        "mark": _inner(short(mark, 12)),
        "required": f"「{_inner(required)}」" if required else "",
        "stated": _inner(str(r.details.get("stated", "") or "") if isinstance(r.details, dict) else ""),
        "labels": "・".join(f"「{x}」" for x in labels[:2]),
        "_where": where,
    }


def _fits(kind: Kind, r: Result, values: dict[str, str]) -> bool:
    if kind.statuses and r.status not in kind.statuses:
        return False
    if kind.flags and not any(f in kind.flags for f in r.flags):
        return False
    if kind.any_flag and not [f for f in r.flags if f not in _NOT_FINDINGS]:
        return False
    if not kind.statuses and r.status == "missing":
        return False
    return all(values.get(name) for name in _PLACEHOLDER.findall(kind.text))


def question_for(r: Result, number: int, spec: SpecInfo | None = None) -> Question | None:
    """The question for one result, or None when the result needs none (a clear 充足, a clear 不充足…)."""
    w = wording()
    if not needs_question(r, w.ask):
        return None
    values = _values(r, spec or SpecInfo())
    kind = next((k for k in w.kinds if _fits(k, r, values)), None)
    if kind is None:
        return None
    text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], kind.text)
    return Question(number, r.id, kind.key, kind.label, text, r.requirement, values["quote"],
                    STATUS_JA.get(r.status, r.status) + ("（要確認）" if r.needs_review else ""), r.mandatory, values["_where"])


def build_questions(resp: ResponseResult, spec: SpecInfo | None = None) -> VendorQuestions:
    """The vendor's questions, numbered from 1 in the spec's order."""
    out = VendorQuestions(resp.vendor, resp.source)
    for r in resp.results:
        q = question_for(r, len(out.questions) + 1, spec)
        if q is not None:
            out.questions.append(q)
    return out
