"""One audit: read the city's spec, tailor the profile it should meet, map, and collect the findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from specgen.catalog.load import load_library
from specgen.catalog.models import class_rank
from specgen.resolve.tailor import default_personal_data, refusal_reason, tailor

from . import findings as F
from .map import PRIMARY_MIN, map_items, similarity_matrix
from .model import SEVERITY_ORDER, AuditResult, CitySpec
from .read import read_city_spec

STATEMENT_MIN_CHARS = 25


def profile_inputs(data_class: str, service: str, personal_data: bool | None, terms_of_service: bool) -> tuple[str, bool, bool, str | None]:
    """(class, personal data, 約款型) of the profile to compare with, and why the asked combination is refused.
    A refused combination is audited against the nearest one the sources allow (3A → 3B; 約款型 → 個別契約; …)."""
    pd = default_personal_data(data_class, service) if personal_data is None else personal_data
    reason = refusal_reason(data_class, terms_of_service, pd, service)
    cls, tos = data_class, terms_of_service
    if cls == "3A":
        cls = "3B"
    if tos and class_rank(cls) >= class_rank("2"):
        tos = False
    if service == "payment":
        pd = True
    if pd and cls == "1":
        cls = "2"
    return cls, pd, tos, reason


def audit(spec_path: Path, data_class: str, service: str, personal_data: bool | None = None, terms_of_service: bool = False,
          encoder: str | None = "fuzzy", sim=None, city: CitySpec | None = None) -> AuditResult:
    """Audit a city's spec against the tailored profile of class × service (raises InputFileError on a bad file).

    `sim` (a scoring Similarity) may be passed to reuse one encoder across many audits (the benchmark does)."""
    from specgen.scoring.align.clauses import clause_texts
    from specgen.scoring.align.encoders import get_encoder
    from specgen.scoring.align.similarity import Similarity

    city = city or read_city_spec(Path(spec_path))
    library = load_library()
    cls, pd, tos, reason = profile_inputs(data_class, service, personal_data, terms_of_service)
    profile = tailor(library, cls, service, pd, tos)
    if sim is None:
        sim = Similarity(get_encoder(encoder))
    items = city.requirements
    rows = profile.requirements
    statements = ([r.text for r in (*profile.scope, *profile.city_notes)] + [p for s in (*profile.front, *profile.back) for p in s.paragraphs]
                  + [str(v) for v in profile.extra.values() if v])  # 件名, 目的, 履行期間
    # a short statement (「（1）本市：○○市をいう。」) is found inside any long item by partial matching: not evidence
    statements = [t for t in statements if len(t) >= STATEMENT_MIN_CHARS and "をいう" not in t]
    mapping = map_items(items, [r.text for r in rows], statements, sim)
    # items without a counterpart: do they match a library clause this profile leaves out?
    in_profile = {c for r in rows for c in (r.clause_id, *r.merged)}
    unlinked = [i for i in range(len(items)) if not any(ln.item is items[i] for lns in mapping.links.values() for ln in lns)]
    outside: dict[int, tuple[str, str]] = {}
    if unlinked:
        clauses, texts = clause_texts()
        keep = [k for k, c in enumerate(clauses) if c.id not in in_profile]
        s, _ = similarity_matrix([items[i].text for i in unlinked], [texts[k] for k in keep], sim)
        for n, i in enumerate(unlinked):
            if len(keep) and s[n].max() >= PRIMARY_MIN:
                c = clauses[keep[int(s[n].argmax())]]
                outside[i] = (c.id, c.title)
    found = F.refused(city, reason) + F.missing(rows, mapping) + F.weaker(rows, mapping) + F.lint(city, rows, mapping) + F.extra(items, mapping, outside)
    order = {k: n for n, k in enumerate(("refused", "missing", "weaker", "lint", "extra"))}
    found.sort(key=lambda f: (order[f.kind], SEVERITY_ORDER[f.severity]))
    return AuditResult(spec=city, data_class=data_class, service=service, personal_data=pd, terms_of_service=terms_of_service,
                       profile_class=cls, profile_terms_of_service=tos, findings=found,
                       links={r.id: mapping.links[j] for j, r in enumerate(rows)}, profile_size=len(rows),
                       library_version=profile.library_version, encoder=sim.name,
                       run_at=dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"))
