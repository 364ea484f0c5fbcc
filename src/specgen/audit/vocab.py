"""The audit's vocabulary (vocab.yaml), validated by a strict schema when loaded and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from specgen.catalog.models import Strict
from specgen.errors import ClauseLibraryError
from specgen.files.yamlio import load_yaml

PATH = Path(__file__).with_name("vocab.yaml")


class Vague(Strict):
    term: str
    needs: str  # deadline | criterion | list


class _Schema(Strict):
    weak_modality: list[str]
    firm_modality: list[str]
    narrowing: list[str]
    loosening: list[str]
    anchors: list[str]
    implicit_min: list[str]
    vague: list[Vague]
    not_vague: list[str]
    criteria: str
    unverifiable: list[str]
    vendor_roles: list[str]
    duplicate_min: float
    class_3a: str
    class_3a_negated: str
    terms_of_service: str
    terms_of_service_negated: str
    class_2_or_more: str
    internet_cloud: str
    handles: str


@dataclass(frozen=True)
class Vocab:
    weak_modality: tuple[str, ...]
    firm_modality: tuple[str, ...]
    narrowing: tuple[str, ...]
    loosening: tuple[str, ...]
    anchors: tuple[str, ...]
    implicit_min: frozenset[str]
    vague: tuple[Vague, ...]
    not_vague: tuple[str, ...]
    criteria: re.Pattern
    unverifiable: tuple[str, ...]
    vendor_roles: tuple[str, ...]
    duplicate_min: float
    class_3a: re.Pattern
    class_3a_negated: re.Pattern
    terms_of_service: re.Pattern
    terms_of_service_negated: re.Pattern
    class_2_or_more: re.Pattern
    internet_cloud: re.Pattern
    handles: re.Pattern


@cache
def vocab() -> Vocab:
    data, _ = load_yaml(PATH, ClauseLibraryError)
    try:
        s = _Schema(**data)
    except ValidationError as e:
        raise ClauseLibraryError(f"{PATH.name}: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}") from None
    rx = {k: re.compile(getattr(s, k)) for k in ("criteria", "class_3a", "class_3a_negated", "terms_of_service",
                                                 "terms_of_service_negated", "class_2_or_more", "internet_cloud", "handles")}
    return Vocab(
        weak_modality=tuple(sorted(s.weak_modality, key=len, reverse=True)), firm_modality=tuple(s.firm_modality),
        narrowing=tuple(s.narrowing), loosening=tuple(s.loosening), anchors=tuple(s.anchors),
        implicit_min=frozenset(s.implicit_min), vague=tuple(s.vague), not_vague=tuple(s.not_vague),
        unverifiable=tuple(s.unverifiable), vendor_roles=tuple(s.vendor_roles), duplicate_min=s.duplicate_min, **rx,
    )
