"""Resolve the clause library into a spec for one data class × service (catalog → profile → resolved spec).

Every inclusion, exclusion and 必須/任意 choice is recorded as a Decision with its rule, for the
rationale appendix.
"""

from __future__ import annotations

import datetime as dt

from . import __version__
from .errors import ClauseLibraryError, TailoringRefusal
from .models import (
    SERVICES,
    Citation,
    Clause,
    Decision,
    Library,
    Requirement,
    Spec,
    TailoringInputs,
    class_rank,
)
from .project import Project
from .render import TemplateError, render_text

CLASS_LABEL = {
    "1": "自治体機密性1（公表済み・公表予定の情報）",
    "2": "自治体機密性2（政策検討に関する情報等）",
    "3C": "自治体機密性3C（職員の属性情報、オンライン申請で一時保管されるデータ、入札予定価格等）",
    "3B": "自治体機密性3B（住民情報を含む個人情報ファイル等）",
    "3A": "自治体機密性3A（秘密文書に相当する情報）",
}


def refusal_reason(data_class: str, terms_of_service: bool, personal_data: bool) -> str | None:
    """Return why the sources forbid this combination, or None when a spec may be generated."""
    if data_class == "3A":
        return (
            "自治体機密性3A（秘密文書相当）の情報は、「行政文書の管理に関するガイドライン」によりインターネットに接続していない"
            "電子計算機又は媒体等に保存することが求められ、パブリッククラウドサービスでは取り扱えないため、仕様書を作成しません"
            "（セキュリティポリシーに関するガイドライン 図表23）。/ Class 3A (secret documents) may not be placed on an "
            "internet-connected public cloud service."
        )
    if terms_of_service and class_rank(data_class) >= class_rank("2"):
        return (
            "約款型サービス（定型約款・規約への同意のみで利用できるサービス）では、自治体機密性2以上の情報を原則として"
            "取り扱えないため、仕様書を作成しません（セキュリティポリシーに関するガイドライン 8.3【趣旨】、LINEガイドライン 3.(2)）。"
            "非約款型（個別契約）で調達するか、取り扱う情報を自治体機密性1に限ってください。/ Terms-of-service services may not "
            "handle class 2 or higher in principle."
        )
    if personal_data and data_class == "1":
        return (
            "個人情報は不開示情報に当たるため自治体機密性1には分類できません（統一基準：個人情報は機密性2情報）。"
            "個人情報を扱う場合は --data-class 2 以上（住民情報のファイルなら 3B、職員の属性情報やオンライン申請の一時保管データなら 3C）"
            "を指定してください。/ Personal data cannot be class 1."
        )
    return None


def _applies(c: Clause, inp: TailoringInputs) -> tuple[bool, str]:
    """Whether the clause applies, and the rule text explaining it."""
    a = c.applies
    svc = SERVICES[inp.service]
    if a.services is not None and inp.service not in a.services:
        return False, f"対象サービス種別（{', '.join(SERVICES[s] for s in a.services)}）に{svc}が含まれない"
    if a.data_classes is not None and inp.data_class not in a.data_classes:
        return False, f"自治体機密性{'/'.join(a.data_classes)}のみに適用される条項"
    if a.min_class and class_rank(inp.data_class) < class_rank(a.min_class):
        if c.source.ref == "MIC-SP-8.3" or a.min_class == "2":
            return False, f"自治体機密性{a.min_class}以上の情報を取り扱う場合の規定（8.3は機密性2以上が対象）であり、機密性{inp.data_class}では不要"
        return False, f"自治体機密性{a.min_class}以上で適用"
    if a.max_class and class_rank(inp.data_class) > class_rank(a.max_class):
        return False, f"自治体機密性{inp.data_class}ではより厳しい条項（ISMAP登録等）で代替される"
    if a.personal_data is True and not inp.personal_data:
        return False, "個人情報を取り扱う場合にのみ適用"
    if a.personal_data is False and inp.personal_data:
        return False, "個人情報を取り扱わない場合にのみ適用"
    if a.terms_of_service is False and inp.terms_of_service:
        return False, "約款型サービスには個別の条件（監査受入れ・SLA等）を求められないため対象外"
    if a.terms_of_service is True and not inp.terms_of_service:
        return False, "約款型サービスを利用する場合にのみ適用"
    parts = []
    if a.services:
        parts.append(f"{svc}向けの条項")
    if a.data_classes:
        parts.append(f"自治体機密性{'/'.join(a.data_classes)}で適用")
    elif a.min_class and a.min_class != "1":
        parts.append(f"自治体機密性{a.min_class}以上で適用（本件は機密性{inp.data_class}）")
    if a.personal_data:
        parts.append("個人情報を取り扱うため適用")
    if a.personal_data is False:
        parts.append("個人情報を取り扱わないため適用")
    if a.terms_of_service:
        parts.append("約款型サービスのため適用")
    return True, "、".join(parts) or "全ての調達に共通の条項"


def _mandatory(c: Clause, inp: TailoringInputs, project: Project) -> tuple[bool, str]:
    if c.id in project.mandatory:
        m = project.mandatory[c.id]
        return m, f"プロジェクトファイルで{'必須' if m else '任意'}に指定"
    threshold = c.mandatory_for_services.get(inp.service, c.mandatory_from)
    if threshold is not None:
        m = class_rank(inp.data_class) >= class_rank(threshold)
        return m, f"自治体機密性{threshold}以上で必須（本件は機密性{inp.data_class}のため{'必須' if m else '任意'}）"
    if not c.mandatory:
        return False, "出典上の推奨・付加機能のため任意（加点）"
    return True, "必須"


def tailor(
    library: Library,
    data_class: str,
    service: str,
    personal_data: bool | None = None,
    terms_of_service: bool = False,
    project: Project | None = None,
    now: dt.datetime | None = None,
) -> Spec:
    """Select, parametrise and number the clauses for one procurement. Raises TailoringRefusal."""
    if service not in SERVICES:
        raise TailoringRefusal(f"unknown service '{service}'; choose one of {', '.join(SERVICES)}")
    project = project or Project()
    rules: list[str] = []
    if personal_data is None:
        personal_data = class_rank(data_class) >= class_rank("3C")
        rules.append(
            f"個人情報の有無が指定されていないため、自治体機密性{data_class}から"
            f"「{'あり' if personal_data else 'なし'}」と判断した（3B/3Cの例示は個人情報を含む）。"
        )
    reason = refusal_reason(data_class, terms_of_service, personal_data)
    if reason:
        raise TailoringRefusal(reason)

    inp = TailoringInputs(data_class, service, personal_data, terms_of_service)
    rules += [
        f"取り扱う情報：{CLASS_LABEL[data_class]}。",
        f"サービス種別：{SERVICES[service]}。",
        f"個人情報の取扱い：{'あり' if personal_data else 'なし'}。約款型サービス：{'はい' if terms_of_service else 'いいえ（個別契約）'}。",
    ]
    if class_rank(data_class) >= class_rank("2"):
        rules.append("自治体機密性2以上の情報を取り扱うため、ガイドライン8.3（3）〜（8）のクラウドサービス選定・利用の要件を仕様に含めた（8.3(4)①）。")
    else:
        rules.append("自治体機密性1の情報のみを取り扱うため、8.3（機密性2以上が対象）の選定条件は原則として含めず、共通の条項のみを含めた。")
    if data_class in ("3B", "3C"):
        rules.append("自治体機密性3B/3CではISMAP登録サービスのみ利用可（図表23）のため、ISMAPクラウドサービスリストへの登録を必須とした。")
    if data_class == "3C":
        rules.append("自治体機密性3Cはβ'モデルの対策（情報資産単位のアクセス制御、業務システムログ管理）によりインターネット接続系で取扱い可能なため、その対策を含めた。")
    if service == "genai":
        rules.append("生成AIサービスのため、調達仕様書の例(1)〜(19)、入力データを学習に利用しないこと、国外サーバの有無の明示を含めた。")
    if service == "sns":
        rules.append("SNS公式アカウントのため、LINEガイドライン3.(2)①の①〜④" + ("と緊急時の例外" if personal_data else "のうち該当するもの") + "を含めた。")
    if terms_of_service:
        rules.append("約款型サービスのため、個別合意を前提とする条項（監査受入れ・SLA保証等）は求めず、発注者側の留意事項に扱える情報の範囲を記載した。")

    city = project.city_term
    decisions: list[Decision] = []
    reqs: list[tuple[Clause, str, bool]] = []
    notes: list[tuple[Clause, str]] = []
    for c in library.clauses:
        cite = f"{library.meta.sources[c.source.ref].short} {c.source.section}"
        ok, why = _applies(c, inp)
        if c.id in project.remove:
            ok, why = False, "プロジェクトファイルで除外（remove）"
        elif c.id in project.add and not ok:
            ok, why = True, f"プロジェクトファイルで追加（add）。本来は対象外：{why}"
        if not ok:
            decisions.append(Decision(c.id, c.title, False, why, cite))
            continue
        if c.party == "city":
            notes.append((c, why))
            decisions.append(Decision(c.id, c.title, True, f"{why}。発注者自身の義務のため「発注者側の留意事項」に記載", cite))
            continue
        mandatory, mwhy = _mandatory(c, inp, project)
        reqs.append((c, why, mandatory))
        decisions.append(Decision(c.id, c.title, True, f"{why}。{mwhy}", cite))

    chapter_order = list(library.meta.chapters)
    reqs.sort(key=lambda t: chapter_order.index(t[0].chapter))  # stable: library order within a chapter
    counters: dict[str, int] = {}
    requirements = []
    for c, _why, mandatory in reqs:
        prefix = library.meta.chapters[c.chapter].prefix
        counters[prefix] = counters.get(prefix, 0) + 1
        requirements.append(_requirement(library, c, f"{prefix}-{counters[prefix]:02d}", mandatory, inp, project))
    city_notes = [_requirement(library, c, f"発注者-{i:02d}", False, inp, project) for i, (c, _w) in enumerate(notes, 1)]

    now = now or dt.datetime.now(dt.timezone.utc).astimezone()
    return Spec(
        inputs=inp,
        project=project.model_dump(mode="json"),
        requirements=requirements,
        city_notes=city_notes,
        decisions=decisions,
        rules=rules,
        chapters={k: v.title for k, v in library.meta.chapters.items()},
        library_version=library.meta.version,
        tool_version=__version__,
        generated_at=now.isoformat(timespec="seconds"),
        extra={"title": project.title or default_title(project, service), "purpose": project.purpose or default_purpose(project, service, data_class),
               "period": project.period_text()},
    )


def default_title(project: Project, service: str) -> str:
    return {
        "genai": "生成AIサービス利用業務",
        "cloud": "クラウドサービス利用業務",
        "sns": "LINE公式アカウントを活用した行政サービス提供システムの構築及び運用保守業務",
        "payment": "キャッシュレス決済による収納代行業務",
    }[service]


def default_purpose(project: Project, service: str, data_class: str) -> str:
    what = {
        "genai": "生成AIサービスを導入し、文書作成・要約・翻訳等の業務を効率化する",
        "cloud": "クラウドサービスを利用した情報システムを導入し、業務の効率化と住民サービスの向上を図る",
        "sns": "幅広い世代が利用するSNS（LINE公式アカウント）を活用して情報発信・申請・予約等を受け付け、住民の利便性の向上を図る",
        "payment": "キャッシュレス決済手段を導入し、住民の納付の利便性向上と収納事務の効率化を図る",
    }[service]
    return f"本業務は、{project.municipality}（以下「{project.city_term}」という。）において{what}ことを目的とする。本業務で取り扱う情報の格付は{CLASS_LABEL[data_class]}とする。"


def _requirement(library: Library, c: Clause, rid: str, mandatory: bool, inp: TailoringInputs, project: Project) -> Requirement:
    params = {name: {"label": p.label, "value": project.params.get(name, p.default)} for name, p in c.params.items()}
    ctx = {
        "data_class": inp.data_class,
        "service": inp.service,
        "personal_data": inp.personal_data,
        "city": project.city_term,
        "p": {k: v["value"] for k, v in params.items()},
    }
    try:
        text = render_text(c.text, ctx)
    except TemplateError as e:
        raise ClauseLibraryError(f"clause {c.id}: text template error: {e}") from None
    doc = library.meta.sources[c.source.ref]
    return Requirement(
        id=rid,
        clause_id=c.id,
        title=c.title,
        text=" ".join(text.split()) if "\n" in text else text,
        category=c.category,
        chapter=c.chapter,
        mandatory=mandatory,
        parameters=params,
        source=Citation(document=doc.title, section=c.source.section, seed=doc.seed, note=c.source.note),
        weight=project.weights.get(c.id),
    )
