"""Tailoring rules that are not clauses (templates/tailoring.yaml): forbidden combinations, the personal-data
default, class labels and how an exclusion is explained. Shared by `generate` (tailor) and `clauses`."""

from __future__ import annotations

from functools import cache

from pydantic import Field, ValidationError

from ..catalog.models import DATA_CLASSES, SERVICES, Clause, Conditions, Library, Strict
from ..errors import ClauseLibraryError, pydantic_message_ja
from ..files.yamlio import load_yaml
from ..resources import data_dir
from ..spec.model import TailoringInputs
from ..templating import render_text

RULES_FILE = "tailoring.yaml"


class Refusal(Strict):
    when: Conditions
    text: str = Field(min_length=1)


class PersonalDataDefault(Strict):
    any_of: list[Conditions] = Field(min_length=1)
    assumed: str


class Exclusions(Strict):
    services: str
    data_classes: str
    min_class: str
    min_class_source: str
    max_class: str
    personal_data_true: str
    personal_data_false: str
    terms_of_service_false: str
    terms_of_service_true: str
    any_of: str


class TailoringRules(Strict):
    class_labels: dict[str, str]
    refusals: list[Refusal]
    personal_data_default: PersonalDataDefault
    exclusions: Exclusions


@cache
def rules() -> TailoringRules:
    path = data_dir("templates") / RULES_FILE
    data, _ = load_yaml(path, ClauseLibraryError)
    try:
        loaded = TailoringRules.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        raise ClauseLibraryError(f"{path}: {'.'.join(map(str, err['loc']))}: {pydantic_message_ja(err)}") from None
    if missing := [c for c in DATA_CLASSES if c not in loaded.class_labels]:
        raise ClauseLibraryError(f"{path}: class_labels: {', '.join(missing)} がありません / missing class labels")
    return loaded


def class_label(data_class: str) -> str:
    return rules().class_labels[data_class]


def _context(inp: TailoringInputs, **more) -> dict:
    return {"data_class": inp.data_class, "service": inp.service, "service_label": SERVICES.get(inp.service, inp.service),
            "personal_data": inp.personal_data, "terms_of_service": inp.terms_of_service, **more}


def default_personal_data(data_class: str, service: str) -> bool:
    """Personal data is assumed where the sources' examples contain it (3B/3C, payment) unless the officer says."""
    inp = TailoringInputs(data_class, service, False, False)
    return any(c.matches(inp) for c in rules().personal_data_default.any_of)


def assumed_personal_data_text(data_class: str, service: str, personal_data: bool) -> str:
    return render_text(rules().personal_data_default.assumed, _context(TailoringInputs(data_class, service, personal_data, False)))


def refusal_reason(data_class: str, terms_of_service: bool, personal_data: bool, service: str | None = None) -> str | None:
    """Why the sources forbid this combination (Japanese), or None when a spec may be generated. Without a
    service, only the rules that do not depend on one are checked."""
    inp = TailoringInputs(data_class, service or "", personal_data, terms_of_service)
    for r in rules().refusals:
        if r.when.services is not None and service is None:
            continue
        if r.when.matches(inp):
            return render_text(r.text, _context(inp))
    return None


def describe(a: Conditions) -> str:
    """A condition in words: 「生成AIサービス・自治体機密性2以上・個人情報あり」."""
    parts = []
    if a.services:
        parts.append("、".join(SERVICES[s] for s in a.services))
    if a.data_classes:
        parts.append(f"自治体機密性{'・'.join(a.data_classes)}")
    if a.min_class and a.min_class != "1":
        parts.append(f"自治体機密性{a.min_class}以上")
    if a.max_class:
        parts.append(f"自治体機密性{a.max_class}以下")
    if a.personal_data is not None:
        parts.append("個人情報あり" if a.personal_data else "個人情報なし")
    if a.terms_of_service is not None:
        parts.append("約款型" if a.terms_of_service else "個別契約")
    return "・".join(parts) or "全て"


def why_not(c: Clause, inp: TailoringInputs, library: Library) -> str | None:
    """Why the clause does not apply to this procurement (None when it does)."""
    a, ex = c.applies, rules().exclusions

    def say(template: str, **more) -> str:
        return render_text(template, _context(inp, **more))

    if a.services is not None and inp.service not in a.services:
        return say(ex.services, services="、".join(SERVICES[s] for s in a.services))
    if a.data_classes is not None and inp.data_class not in a.data_classes:
        return say(ex.data_classes, classes="・".join(a.data_classes))
    if a.min_class and not Conditions(min_class=a.min_class).matches(inp):
        note = library.meta.sources[c.source.ref].class_scope if c.source.ref in library.meta.sources else None
        return say(ex.min_class_source, min_class=a.min_class, scope_note=note) if note else say(ex.min_class, min_class=a.min_class)
    if a.max_class and not Conditions(max_class=a.max_class).matches(inp):
        return say(ex.max_class, max_class=a.max_class)
    if a.personal_data is not None and a.personal_data != inp.personal_data:
        return say(ex.personal_data_true if a.personal_data else ex.personal_data_false)
    if a.terms_of_service is not None and a.terms_of_service != inp.terms_of_service:
        return say(ex.terms_of_service_true if a.terms_of_service else ex.terms_of_service_false)
    if a.any_of is not None and not any(x.matches(inp) for x in a.any_of):
        return say(ex.any_of, conditions="／".join(describe(x) for x in a.any_of))
    return None


def applicable(library: Library, data_class: str | None = None, service: str | None = None,
               personal_data: bool | None = None, terms_of_service: bool = False) -> list[Clause]:
    """The clauses `generate` would consider for these inputs (before the project file's add/remove). Inputs not
    given range over every value: without a service, a clause is listed when it applies to some service."""
    services = [service] if service else list(SERVICES)
    out = []
    for c in library.clauses:
        for s in services:
            if data_class is None:
                ok = c.applies.services is None or s in c.applies.services
            else:
                pd = default_personal_data(data_class, s) if personal_data is None else personal_data
                ok = why_not(c, TailoringInputs(data_class, s, pd, terms_of_service), library) is None
            if ok:
                out.append(c)
                break
    return out
