"""Resolve the clause library into a spec for one data class × service (catalog → profile → resolved spec).

Every inclusion, exclusion, merge and 必須/任意 choice is recorded as a Decision with its rule, for the
rationale appendix. Texts are rendered after numbering, so a clause can name another requirement's number.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import __version__
from ..catalog.models import SERVICES, Clause, Conditions, Library, Param, Source
from ..errors import ClauseLibraryError, TailoringRefusal
from ..profile.project import DEFAULT_MUNICIPALITY, PLACEHOLDER, Project
from ..spec.model import Citation, Decision, Requirement, Section, Spec, TailoringInputs
from ..spec.wording import document_text
from ..templating import TemplateError, render_text
from .rules import assumed_personal_data_text, class_label, default_personal_data, describe, refusal_reason, why_not

TOOL_DEFAULT = "本ツールの既定"


def _applies(c: Clause, inp: TailoringInputs, library: Library) -> tuple[bool, str]:
    """Whether the clause applies, and the rule text explaining it."""
    reason = why_not(c, inp, library)
    if reason:
        return False, reason
    if c.applies.why:
        return True, c.applies.why
    return True, f"{describe(c.applies)}の場合に適用" if describe(c.applies) != "全て" else "全ての調達に適用"


def _rule(c: Clause, inp: TailoringInputs) -> tuple[bool, str, str]:
    """(mandatory, basis, why) from the clause's own default."""
    if isinstance(c.mandatory, bool):
        return True, "source", "出典の要求事項"
    rule = next(r for r in c.mandatory if r.when.matches(inp))
    return rule.mandatory, rule.basis, rule.why


def _source(c: Clause, inp: TailoringInputs) -> Source:
    """The clause's source, or the one its deciding rule names (e.g. a class where another document decides)."""
    if isinstance(c.mandatory, list):
        rule = next(r for r in c.mandatory if r.when.matches(inp))
        if rule.cite:
            return rule.cite
    return c.source


def _mandatory(c: Clause, merged: list[Clause], inp: TailoringInputs, project: Project) -> tuple[bool, str, str]:
    for cid in [c.id] + [m.id for m in merged]:
        if cid in project.mandatory:
            m = project.mandatory[cid]
            return m, "project", f"{'必須' if m else '任意'}：プロジェクトファイルの mandatory で指定（{cid}）"
    m, basis, why = _rule(c, inp)
    for other in merged:
        om, obasis, owhy = _rule(other, inp)
        if om and not m:  # a merged clause that is 必須 makes the row 必須
            m, basis, why = True, obasis, f"統合した{other.id}の既定による：{owhy}"
    label = "必須" if m else "任意（加点）"
    if basis == "tool":
        return m, basis, f"{label}：{TOOL_DEFAULT}。{why}（プロジェクトファイルの mandatory で変更可）"
    return m, basis, f"{label}：{why}"


def _adverb(value: str) -> str:
    """毎月 → 毎月, 四半期 → 四半期ごとに, 3か月 → 3か月ごとに (so 「…報告すること」 always reads right)."""
    v = value.strip()
    if v.startswith("毎") or v.endswith(("ごとに", "回", "度")):
        return v
    return v + ("に" if v.endswith("ごと") else "ごとに")


def _param_values(c: Clause, inp: TailoringInputs, project: Project) -> dict[str, dict[str, object]]:
    out = {}
    for name, p in c.params.items():
        if name in project.params:
            value = project.params[name]
        else:
            value = p.by_class.get(inp.data_class, p.default)  # type: ignore[arg-type]
            if isinstance(value, str):
                value = value.replace("{city}", project.city_term)
        if p.adverb and isinstance(value, str):
            value = _adverb(value)
        out[name] = {"label": p.label, "value": value}
    return out


_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def tidy(text: str) -> str:
    """One line, no stray spaces: YAML folding and template blocks leave spaces between Japanese characters."""
    return _SPACE_NEAR_CJK.sub("", " ".join(text.split()))


def tailor(
    library: Library,
    data_class: str,
    service: str,
    personal_data: bool | None = None,
    terms_of_service: bool = False,
    project: Project | None = None,
    now: dt.datetime | None = None,
) -> Spec:
    """Select, merge, parametrise, number and render the clauses for one procurement. Raises TailoringRefusal."""
    if service not in SERVICES:
        raise TailoringRefusal(f"unknown service '{service}'; choose one of {', '.join(SERVICES)}")
    project = project or Project()
    rules: list[str] = []
    if personal_data is None:
        personal_data = default_personal_data(data_class, service)
        rules.append(assumed_personal_data_text(data_class, service, personal_data))
    reason = refusal_reason(data_class, terms_of_service, personal_data, service)
    if reason:
        raise TailoringRefusal(reason)
    inp = TailoringInputs(data_class, service, personal_data, terms_of_service)
    doc = document_text()
    base_ctx = {"data_class": data_class, "service": service, "personal_data": personal_data, "terms_of_service": terms_of_service,
                "city": project.city_term, "municipality": project.municipality, "class_label": class_label(data_class),
                "service_label": SERVICES[service]}

    # 1. which clauses apply
    applies: dict[str, tuple[bool, str]] = {}
    for c in library.clauses:
        ok, why = _applies(c, inp, library)
        if c.id in project.remove:
            ok, why = False, "プロジェクトファイルで除外（remove）"
        elif c.id in project.add and not ok:
            ok, why = True, f"プロジェクトファイルで追加（add）。本来は対象外：{why}"
        applies[c.id] = (ok, why)
    included = [c for c in library.clauses if applies[c.id][0]]
    inc_ids = {c.id for c in included}

    # 2. merge duplicates into their survivor's row
    merged_into = {c.id: c.merged_into for c in included if c.merged_into in inc_ids}
    merged_of: dict[str, list[Clause]] = {}
    for c in included:
        if c.id in merged_into:
            merged_of.setdefault(merged_into[c.id], []).append(c)

    # 3. sort by chapter (stable: library file order within a chapter) and number
    chapter_order = list(library.meta.chapters)
    ordered = sorted(included, key=lambda c: chapter_order.index(c.chapter))
    vendor = [c for c in ordered if c.party == "vendor" and c.id not in merged_into]
    city = [c for c in ordered if c.party == "city"]
    scope = [c for c in ordered if c.party == "scope"]
    rid: dict[str, str] = {}
    counters: dict[str, int] = {}
    for c in vendor:
        prefix = library.meta.chapters[c.chapter].prefix
        counters[prefix] = counters.get(prefix, 0) + 1
        rid[c.id] = f"{prefix}-{counters[prefix]:02d}"
    for cid, target in merged_into.items():
        rid[cid] = rid[target]
    for i, c in enumerate(city, 1):
        rid[c.id] = f"発注者-{i:02d}"
    for i, c in enumerate(scope, 1):
        rid[c.id] = f"前提-{i:02d}"

    def ref(*ids: str) -> str:
        found = list(dict.fromkeys(rid[i] for i in ids if i in rid and not rid[i].startswith(("発注者", "前提"))))
        return "、".join(found) if found else "本仕様書に該当する要件なし"

    # 4. render
    def cite(c: Clause) -> Citation:
        src = _source(c, inp)
        d = library.meta.sources[src.ref]
        return Citation(document=d.citation(), section=src.section, seed=d.seed, note=src.note)

    def build(c: Clause, mandatory: bool, merged: list[Clause]) -> Requirement:
        params: dict[str, dict[str, object]] = {}
        for m in [c, *merged]:
            for name, v in _param_values(m, inp, project).items():
                params.setdefault(name, v)
        ctx = dict(base_ctx, p={k: v["value"] for k, v in params.items()}, merged={m.id for m in merged}, ref=ref)
        try:
            text = tidy(render_text(c.text, ctx))
        except TemplateError as e:
            raise ClauseLibraryError(f"clause {c.id}: text template error: {e}") from None
        return Requirement(
            id=rid[c.id], clause_id=c.id, title=c.title, text=text, category=c.category, chapter=c.chapter, mandatory=mandatory,
            parameters={k: {"label": v["label"], "value": v["value"]} for k, v in params.items()}, source=cite(c),
            weight=project.weights.get(c.id), merged=tuple(m.id for m in merged), also=tuple(cite(m) for m in merged),
        )

    def short(c: Clause) -> str:
        src = _source(c, inp) if applies[c.id][0] else c.source
        return f"{library.meta.sources[src.ref].short} {src.section}"

    requirements: list[Requirement] = []
    verdict: dict[str, tuple[bool, str, str]] = {}
    for c in vendor:
        merged = merged_of.get(c.id, [])
        verdict[c.id] = _mandatory(c, merged, inp, project)
        requirements.append(build(c, verdict[c.id][0], merged))
    city_notes = [build(c, False, []) for c in city]
    scope_items = [build(c, False, []) for c in scope]

    # 5. the rationale: one decision per clause of the library
    decisions: list[Decision] = []
    for c in library.clauses:
        ok, why = applies[c.id]
        if not ok:
            decisions.append(Decision(c.id, c.title, False, why, short(c)))
        elif c.id in merged_into:
            target = library.get(merged_into[c.id])
            decisions.append(Decision(c.id, c.title, True, f"{why}。{rid[c.id]}（{target.title}）に統合して記載（同じ要求を二度回答・採点しないため）",
                                      short(c), rid[c.id], "merged"))
        elif c.party == "city":
            decisions.append(Decision(c.id, c.title, True, f"{why}。発注者自身の義務のため「発注者側の留意事項」（内部資料）に記載", short(c), rid[c.id], "city"))
        elif c.party == "scope":
            decisions.append(Decision(c.id, c.title, True, f"{why}。「取り扱う情報」に記載", short(c), rid[c.id], "scope"))
        else:
            _m, basis, mwhy = verdict[c.id]
            decisions.append(Decision(c.id, c.title, True, f"{why}。{mwhy}", short(c), rid[c.id], basis))

    def render_doc(template: str, **extra: object) -> str:
        return tidy(render_text(template, dict(base_ctx, **extra)))

    for r in doc["rules"]:
        if Conditions(**r.get("when", {})).matches(inp):
            rules.append(render_doc(r["text"]))

    title = project.title or doc["services"][service]["title"]
    purpose = project.purpose or render_doc(doc["purpose"], what=doc["services"][service]["purpose"])
    terms = [(render_doc(t.term), render_doc(t.text)) for t in library.meta.terms if t.when.matches(inp)]
    front = [
        Section("terms", doc["sections"]["terms"], (doc["terms_lead"],) + tuple(f"（{i}）{t}：{d}" for i, (t, d) in enumerate(terms, 1))),
        Section("data", doc["sections"]["data"], tuple(render_doc(p) for p in doc["data"]) + tuple(s.text for s in scope_items)),
    ]
    back = [Section("answer", doc["sections"]["answer"], tuple(render_doc(p) for p in doc["answer"]))]

    used = {_source(c, inp).ref for c in included}
    sources = []
    seen_docs: set[str] = set()
    for key, d in library.meta.sources.items():
        if key in used and d.citation() not in seen_docs:
            seen_docs.add(d.citation())
            sources.append({"key": key, "short": d.short, "citation": d.citation(), "via": d.via or "", "seed": d.seed})

    spec = Spec(
        inputs=inp,
        project=project.model_dump(mode="json"),
        requirements=requirements,
        city_notes=city_notes,
        decisions=decisions,
        rules=rules,
        chapters={k: v.title for k, v in library.meta.chapters.items()},
        library_version=library.meta.version,
        tool_version=__version__,
        generated_at=(now or dt.datetime.now(dt.timezone.utc).astimezone()).isoformat(timespec="seconds"),
        extra={"title": title, "purpose": purpose, "period": project.period_text(), "class_label": class_label(data_class)},
        scope=scope_items,
        terms=terms,
        front=front,
        back=back,
        sources=sources,
    )
    spec.checks = _checks(spec, project, library, included, inp)
    return spec


def _checks(spec: Spec, project: Project, library: Library, included: list[Clause], inp: TailoringInputs) -> list[str]:
    """要確認事項: what the officer must still fill in or confirm before the spec is issued."""
    out = []
    if project.municipality == DEFAULT_MUNICIPALITY:
        out.append(f"発注者名が未設定のため「{DEFAULT_MUNICIPALITY}」と記載した（プロジェクトファイルの municipality）。")
    if PLACEHOLDER in str(spec.extra["period"]):
        out.append(f"履行期間が未設定のため「{spec.extra['period']}」と記載した（プロジェクトファイルの period）。")
    for key, label in (("title", "件名"), ("purpose", "目的")):
        if PLACEHOLDER in str(spec.extra[key]) and project.municipality != DEFAULT_MUNICIPALITY:
            out.append(f"{label}に未設定の箇所（{PLACEHOLDER}）がある（プロジェクトファイルの {key}）。")
    for r in [*spec.requirements, *spec.city_notes, *spec.scope]:
        if PLACEHOLDER in r.text:
            out.append(f"{r.id}（{r.title}）に未設定の箇所（{PLACEHOLDER}）がある。")
    seen: set[str] = set()
    for c in included:
        for name, p in c.params.items():
            if p.confirm and name not in project.params and name not in seen:
                seen.add(name)
                out.append(f"{p.label}：既定値「{_default_text(p, inp)}」のまま（{p.note}）。プロジェクトファイルの params.{name} で変更できる。")
    if inp.data_class == "2" and inp.personal_data:
        out.append("個人情報を自治体機密性2として取り扱う指定である。図表23の例示では個人情報は3B又は3Cに当たるため、格付を確認すること。")
    return out


def _default_text(p: Param, inp: TailoringInputs) -> str:
    return str(p.by_class.get(inp.data_class, p.default))  # type: ignore[arg-type]
