"""The scorer's vocabulary (scoring/*.yaml): validated with strict models, compiled once per process.

lexicon.yaml: marks, headers and the phrases that decide what a sentence commits to; topics.yaml: what a
requirement is about and what contradicts it; quantities.yaml: units and directions; flags.yaml: the Japanese
label and the vendor advice for every flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from ..errors import ClauseLibraryError
from specgen.catalog.models import Strict  # the same strict base as the clause library (extra keys forbidden, frozen)
from ..resources import data_dir
from ..textnorm import compact, fold_mark
from specgen.files.yamlio import load_yaml


class Hedge(Strict):
    flag: str
    pattern: str
    not_after: str | None = None


class Marks(Strict):
    met: list[str]
    partial: list[str]
    unmet: list[str]
    blank: list[str]


class Legend(Strict):
    entry: str
    met: str
    partial: str
    unmet: str


class Headers(Strict):
    id: list[str]
    category: list[str]
    requirement: list[str]
    mandatory: list[str]
    answer: list[str]
    remark: list[str]
    evidence: list[str]
    extra: list[str]


class CostColumn(Strict):
    no_cost: list[str] = Field(min_length=1)
    cost: list[str] = Field(min_length=1)


class LexiconFile(Strict):
    cost_column: CostColumn
    scope_aside: str
    marks: Marks
    mark_qualifiers: dict[str, str]
    legend: Legend
    clause_break: str
    negated_clause: str
    benign_negation: str
    disabled: str
    only: str
    only_fine: str
    refusal: str
    strong_refusal: str
    part_marker: str
    sometimes_after: str
    hedges: list[Hedge]
    commitment: str
    prohibition: str
    local_negation_after: str
    conditional_requirement: str
    disclose_requirement: str
    guarantee_requirement: str
    alternatives: str
    cross_reference: str
    appendix_reference: str
    condition_sheet: str
    not_condition_sheet: str
    appendix_heading: str
    deadline_event: str
    late_after_event: str
    polite_condition: str
    self_service_requirement: str
    besides_after: str
    note_limits: str
    harmless_note: str
    fallback_before: str
    headers: Headers


class Pattern(Strict):
    flag: str
    pattern: str
    reason: str
    literal: bool = False
    partial_if: str | None = None   # in a sentence that also says this, the violation only weakens (partial)
    not_if: str | None = None       # in a sentence that also says this, it is no violation (a use kept to the city's own)


class Topic(Strict):
    key: str
    label: str
    requirement: str
    about: str
    unless: str | None = None
    violations: list[Pattern] = []
    weakenings: list[Pattern] = []
    satisfied: str | None = None
    infrastructure: str | None = None
    service_itself: str | None = None
    infrastructure_allowed: str | None = None
    infrastructure_excluded: str | None = None
    named_court: str | None = None


class TopicsFile(Strict):
    places: str
    topics: list[Topic]


class Unit(Strict):
    pattern: str
    dim: str
    factor: float


class Frequency(Strict):
    pattern: str
    interval: float


class Direction(Strict):
    min: str
    max: str


class QuantitiesFile(Strict):
    units: list[Unit]
    direction: Direction
    lead_time_after: str
    frequencies: list[Frequency]
    per_period: str
    periods: dict[str, float]
    versions: str
    word_durations: dict[str, float]
    same_subject: list[list[str]] = []


class FlagInfo(Strict):
    label: str
    advice: str


class FlagsFile(Strict):
    flags: dict[str, FlagInfo]


def _load(name: str, model: type[BaseModel]):
    path: Path = data_dir("scoring") / name
    data, _ = load_yaml(path, ClauseLibraryError)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise ClauseLibraryError(f"{path}: {loc}: {err['msg']}") from None


@dataclass(frozen=True)
class Lexicon:
    marks: dict[str, str]              # folded, lower-cased mark → met/partial/unmet/blank
    qualifiers: dict[str, re.Pattern]  # words after a mark → partial/unmet
    legend_entry: re.Pattern
    legend_status: dict[str, re.Pattern]
    clause_break: re.Pattern
    negated_clause: re.Pattern
    benign_negation: re.Pattern
    disabled: re.Pattern
    only: re.Pattern
    only_fine: re.Pattern
    refusal: re.Pattern
    strong_refusal: re.Pattern
    part_marker: re.Pattern
    sometimes_after: re.Pattern
    hedges: tuple[tuple[str, re.Pattern, re.Pattern | None], ...]
    commitment: re.Pattern
    prohibition: re.Pattern
    local_negation_after: re.Pattern
    conditional_requirement: re.Pattern
    disclose_requirement: re.Pattern
    guarantee_requirement: re.Pattern
    alternatives: re.Pattern
    cross_reference: re.Pattern
    appendix_reference: re.Pattern
    condition_sheet: re.Pattern
    not_condition_sheet: re.Pattern
    appendix_heading: re.Pattern
    deadline_event: re.Pattern
    late_after_event: str
    polite_condition: re.Pattern
    self_service_requirement: re.Pattern
    besides_after: re.Pattern
    note_limits: re.Pattern
    harmless_note: re.Pattern
    fallback_before: re.Pattern
    headers: dict[str, tuple[str, ...]]  # role → compacted header names
    scope_aside: re.Pattern = re.compile("(?!)")
    cost_values: dict[str, str] = field(default_factory=dict)  # compacted value of a 費用 column → "none" / "cost"

    def cost_value(self, value: object) -> str | None:
        """A short answer in a cost or provision column (費用区分, 追加費用, 標準/オプション): "none" (no extra
        cost: 「なし」「標準」「0円」), "cost" (「あり」「有償」「オプション」) or None (words to read as a sentence)."""
        key = compact(value).lower()
        if not key:  # 「-」「―」 alone: nothing charged
            return "none" if str(value or "").strip() else None
        return self.cost_values.get(key)

    def mark_status(self, value: object, legend: dict[str, str] | None = None) -> str | None:
        """Map a 対応可否 cell to met/partial/unmet/blank, or None when it is not a mark.

        A vendor legend (「A：標準」) wins; a known mark followed by words is weakened by them
        (「Yes（オプション）」「可（SSOはオプション）」「標準（有償）」 are partial).
        """
        raw = str(value or "").strip()
        if legend and "◎" in legend and raw[:1] == "◎":  # the vendor gave ◎ and ○ different meanings
            return self._qualified(legend["◎"], fold_mark(raw[1:]).lower())
        key = fold_mark(value).lower().strip()
        if legend and key in legend:
            return legend[key]
        if legend and key[:1] in legend and (len(key) == 1 or not key[1].isalnum()):
            head, rest = legend[key[:1]], key[1:]
        else:
            if key in self.marks:
                return self.marks[key]
            key = key.rstrip("。.")
            if key in self.marks:
                return self.marks[key]
            head, rest = None, ""
            first = fold_mark(key[:1]).lower()
            if first and first in "○△×✓✔☑":
                head, rest = self.marks[first], key[1:]
            else:
                for mark in self._word_marks:
                    if key.startswith(mark) and (len(key) == len(mark) or not key[len(mark)].isalnum()):
                        head, rest = self.marks[mark], key[len(mark):]
                        break
        return self._qualified(head, rest)

    def _qualified(self, head: str | None, rest: str) -> str | None:
        """A mark followed by words: 「○（オプション）」 is partial, 「○（不可）」 unmet."""
        if head is None:
            return None
        if head == "met" and rest.strip():
            if self.qualifiers["unmet"].search(rest):
                return "unmet"
            if self.qualifiers["partial"].search(rest):
                return "partial"
        return head

    @property
    def _word_marks(self) -> list[str]:
        # longest first so that 不可 wins over 可 and 一部対応 over 対応
        return sorted((m for m in self.marks if len(m) >= 2), key=len, reverse=True)

    def legend_from_text(self, text: str) -> dict[str, str]:
        """A vendor's own code table from a legend line: 「A：標準 B：オプション D：対応不可」."""
        out: dict[str, str] = {}
        for m in self.legend_entry.finditer(text):
            # ◎ keeps its own entry: 「◎：標準 ○：オプション」 gives the two marks different meanings
            code = "◎" if m.group(1) == "◎" else fold_mark(m.group(1)).lower()
            meaning = m.group(2)
            for status in ("unmet", "partial", "met"):  # 対応不可 before 対応可
                if self.legend_status[status].search(meaning):
                    out[code] = status
                    break
        return out if len(out) >= 2 else {}


@dataclass(frozen=True)
class TopicRules:
    key: str
    label: str
    requirement: re.Pattern
    about: re.Pattern
    unless: re.Pattern | None
    violations: tuple[tuple[str, re.Pattern, str, bool, re.Pattern | None, re.Pattern | None], ...]   # flag, pattern, reason, literal, partial_if, not_if
    weakenings: tuple[tuple[str, re.Pattern, str], ...]
    satisfied: re.Pattern | None
    infrastructure: re.Pattern | None
    service_itself: re.Pattern | None
    infrastructure_allowed: re.Pattern | None
    infrastructure_excluded: re.Pattern | None
    named_court: re.Pattern | None


@dataclass(frozen=True)
class Quantities:
    units: tuple[tuple[re.Pattern, str, float], ...]
    number_unit: re.Pattern
    direction_min: re.Pattern
    direction_max: re.Pattern
    lead_time_after: re.Pattern
    frequencies: tuple[tuple[re.Pattern, float], ...]
    per_period: re.Pattern
    periods: dict[str, float]
    versions: re.Pattern
    word_durations: dict[str, float]
    same_subject: tuple[tuple[re.Pattern, str], ...] = ()


def _c(p: str | None, flags: int = 0) -> re.Pattern | None:
    return re.compile(p, flags) if p else None


def _compiled(loader):
    """Report a bad regex in the vocabulary as the one-line clause-library error, not a traceback."""
    def wrapper():
        try:
            return loader()
        except re.error as e:
            raise ClauseLibraryError(f"{data_dir('scoring')}: 正規表現が不正です / invalid regex in the scorer vocabulary: {e} ({e.pattern!r:.80})") from None
    wrapper.__doc__ = loader.__doc__
    return cache(wrapper)


@_compiled
def lexicon() -> Lexicon:
    f: LexiconFile = _load("lexicon.yaml", LexiconFile)
    marks = {}
    for status in ("met", "partial", "unmet", "blank"):
        for v in getattr(f.marks, status):
            marks[fold_mark(v).lower()] = status
    return Lexicon(
        marks=marks,
        qualifiers={k: re.compile(v, re.I) for k, v in f.mark_qualifiers.items()},
        legend_entry=re.compile(f.legend.entry),
        legend_status={"met": re.compile(f.legend.met), "partial": re.compile(f.legend.partial), "unmet": re.compile(f.legend.unmet)},
        clause_break=re.compile(f.clause_break),
        negated_clause=re.compile(f.negated_clause),
        benign_negation=re.compile(f.benign_negation),
        disabled=re.compile(f.disabled),
        only=re.compile(f.only),
        only_fine=re.compile(f.only_fine),
        refusal=re.compile(f.refusal),
        strong_refusal=re.compile(f.strong_refusal),
        part_marker=re.compile(f.part_marker),
        sometimes_after=re.compile(f.sometimes_after),
        hedges=tuple((h.flag, re.compile(h.pattern, re.I), _c(h.not_after)) for h in f.hedges),
        commitment=re.compile(f.commitment),
        prohibition=re.compile(f.prohibition),
        local_negation_after=re.compile(f.local_negation_after),
        conditional_requirement=re.compile(f.conditional_requirement),
        disclose_requirement=re.compile(f.disclose_requirement),
        guarantee_requirement=re.compile(f.guarantee_requirement),
        alternatives=re.compile(f.alternatives),
        cross_reference=re.compile(f.cross_reference),
        appendix_reference=re.compile(f.appendix_reference),
        condition_sheet=re.compile(f.condition_sheet, re.I),
        not_condition_sheet=re.compile(f.not_condition_sheet, re.I),
        appendix_heading=re.compile(f.appendix_heading),
        deadline_event=re.compile(f.deadline_event),
        late_after_event=f.late_after_event,
        polite_condition=re.compile(f.polite_condition),
        self_service_requirement=re.compile(f.self_service_requirement),
        besides_after=re.compile(f.besides_after),
        note_limits=re.compile(f.note_limits),
        harmless_note=re.compile(f.harmless_note),
        fallback_before=re.compile(f.fallback_before),
        headers={role: tuple(compact(n).lower() for n in getattr(f.headers, role)) for role in Headers.model_fields},
        scope_aside=re.compile(f.scope_aside),
        cost_values={compact(v).lower(): kind for kind, values in (("none", f.cost_column.no_cost), ("cost", f.cost_column.cost))
                     for v in values},
    )


@_compiled
def topics() -> tuple[TopicRules, ...]:
    f: TopicsFile = _load("topics.yaml", TopicsFile)
    return tuple(TopicRules(
        key=t.key, label=t.label, requirement=re.compile(t.requirement, re.I), about=re.compile(t.about, re.I),
        unless=_c(t.unless, re.I),
        violations=tuple((v.flag, re.compile(v.pattern, re.I), v.reason, v.literal, _c(v.partial_if), _c(v.not_if))
                         for v in t.violations),
        weakenings=tuple((w.flag, re.compile(w.pattern, re.I), w.reason) for w in t.weakenings),
        satisfied=_c(t.satisfied), infrastructure=_c(t.infrastructure, re.I), service_itself=_c(t.service_itself, re.I),
        infrastructure_allowed=_c(t.infrastructure_allowed, re.I),
        infrastructure_excluded=_c(t.infrastructure_excluded, re.I), named_court=_c(t.named_court),
    ) for t in f.topics)


@_compiled
def quantities() -> Quantities:
    f: QuantitiesFile = _load("quantities.yaml", QuantitiesFile)
    units = tuple((re.compile(u.pattern), u.dim, u.factor) for u in f.units)
    unit_alt = "|".join(f"(?:{u.pattern})" for u in f.units)
    number = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[一二三四五六七八九十]+)\s*(万|千|百)?\s*"
    return Quantities(
        units=units,
        number_unit=re.compile(number + f"({unit_alt})"),
        direction_min=re.compile(f.direction.min),
        direction_max=re.compile(f.direction.max),
        lead_time_after=re.compile(f.lead_time_after),
        frequencies=tuple((re.compile(q.pattern, re.I), q.interval) for q in f.frequencies),
        per_period=re.compile(f.per_period),
        periods=dict(f.periods),
        versions=re.compile(f.versions, re.I),
        word_durations=dict(f.word_durations),
        same_subject=tuple((re.compile("|".join(map(re.escape, g[1:]))), g[0]) for g in f.same_subject if len(g) > 1),
    )


@cache
def flags() -> dict[str, FlagInfo]:
    return _load("flags.yaml", FlagsFile).flags


def flag_label(flag: str) -> str:
    """Japanese label of a flag (the code itself when unknown, so nothing is hidden)."""
    info = flags().get(flag)
    return info.label if info else flag


def advice_for(flag_codes: list[str], req_id: str) -> list[str]:
    """What a vendor can do about each flag of one result (`specgen check`), without repeats."""
    table = flags()
    tips = [table[f].advice.format(req=req_id) for f in flag_codes if f in table and table[f].advice]
    return list(dict.fromkeys(tips)) or [table["unclear"].advice]
