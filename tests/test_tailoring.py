"""Tailoring rules for each data class × service, each pinned to the source sentence that decides it.

Seeds: 000 LINE guideline, 001 Hokkaido, 002 Shinjuku, 003 Fujisawa, 004 MIC AI WG (8.3, 図表23, genAI rules).
"""

from __future__ import annotations

import itertools
import re

import pytest

from specgen.errors import TailoringRefusal
from specgen.profile.project import Project
from specgen.resolve.tailor import refusal_reason, tailor

SERVICES = ["genai", "cloud", "sns", "payment"]
ALLOWED = ["1", "2", "3C", "3B"]


def combos():
    """Every spec the tool can generate: class × service × personal data × 約款型 (refusals left out)."""
    for dc, svc, pd, tos in itertools.product(ALLOWED, SERVICES, (None, True, False), (False, True)):
        if refusal_reason(dc, tos, pd if pd is not None else (svc == "payment" or dc in ("3C", "3B")), svc) is None:
            yield dc, svc, pd, tos


ALL = list(combos())


@pytest.fixture(scope="module")
def specs(library):
    return {c: tailor(library, c[0], c[1], c[2], c[3]) for c in ALL}


def ids(spec):
    return {r.clause_id for r in spec.requirements}


def stated(spec):
    """Clause ids stated in some requirement row, including those merged into another row."""
    return ids(spec) | {m for r in spec.requirements for m in r.merged}


def notes(spec):
    return {n.clause_id for n in spec.city_notes}


def req(spec, clause_id):
    return next(r for r in spec.requirements if r.clause_id == clause_id or clause_id in r.merged)


def decision(spec, clause_id):
    return next(d for d in spec.decisions if d.clause_id == clause_id)


# ---------------------------------------------------------------- every combination


@pytest.mark.parametrize("combo", ALL, ids=lambda c: "-".join(map(str, c)))
def test_every_combination_generates_numbered_traced_requirements(library, specs, combo):
    """Every requirement is numbered once, traced to a source, fully rendered; every clause has one decision."""
    spec = specs[combo]
    assert spec.requirements
    assert len({r.id for r in spec.requirements}) == len(spec.requirements)
    for r in [*spec.requirements, *spec.city_notes, *spec.scope]:
        assert r.source.document and r.source.section and r.source.seed.endswith(".txt")
        assert "{{" not in r.text and "{%" not in r.text and "{city}" not in r.text
    assert sorted(d.clause_id for d in spec.decisions) == sorted(c.id for c in library.clauses)


@pytest.mark.parametrize("combo", ALL, ids=lambda c: "-".join(map(str, c)))
def test_no_stray_spaces_in_japanese_text(specs, combo):
    """Finding 17: folded YAML left 「…に、 履行期間」 in CLS-ISMAP; no space may touch a Japanese character."""
    spec = specs[combo]
    for text in [r.text for r in [*spec.requirements, *spec.city_notes, *spec.scope]] + [d for _t, d in spec.terms]:
        assert not re.search(r"[^\x00-\x7f] | [^\x00-\x7f]", text), text


# ---------------------------------------------------------------- refusals (findings 3, 9, 13)


@pytest.mark.parametrize("service", SERVICES)
def test_3A_refusal_states_the_rule_accurately_in_japanese(library, service):
    """Finding 9. 図表23: 3A「「行政文書の管理に関するガイドライン」、統一基準の規定に則って取り扱うものとする（なお、上記ガイドラインに
    おいては、極秘文書について、インターネットに接続していない電子計算機又は媒体等に保存することが求められている」. Offline storage is
    required for 極秘文書, not stated for 3A as a whole: the refusal must say so, in Japanese."""
    with pytest.raises(TailoringRefusal) as e:
        tailor(library, "3A", service)
    msg = str(e.value)
    assert "極秘文書" in msg and "統一基準" in msg and "文書管理ガイドライン" in msg
    assert not re.search(r"[A-Za-z]{4,}", msg.replace("--data-class", ""))  # no English sentence


@pytest.mark.parametrize("data_class", ["2", "3C", "3B"])
def test_terms_of_service_with_class_2_or_higher_is_refused(library, data_class):
    """8.3【趣旨】: 約款型「では…原則として自治体機密性2以上の情報を取り扱うことはできない」."""
    with pytest.raises(TailoringRefusal, match="約款型"):
        tailor(library, data_class, "genai", terms_of_service=True)


def test_personal_data_with_class_1_is_refused(library):
    """004: 「個人情報は、不開示情報…に該当するため、機密性2情報となる」."""
    with pytest.raises(TailoringRefusal, match="個人情報"):
        tailor(library, "1", "sns", personal_data=True)


def test_payment_always_handles_personal_data(library):
    """Finding 3. LINE GL 3.(2)②: 「請求情報・支払情報など公金出納事務に必要な範囲で、住民の個人情報が収納代行業者に共有されている」."""
    assert tailor(library, "2", "payment").inputs.personal_data is True
    with pytest.raises(TailoringRefusal, match="共有されている"):
        tailor(library, "2", "payment", personal_data=False)
    with pytest.raises(TailoringRefusal, match="個人情報"):
        tailor(library, "1", "payment")
    assert "PI-COMPLY" in ids(tailor(library, "2", "payment"))


def test_personal_data_at_class_2_is_generated_with_a_check_and_a_city_note(library):
    """Finding 13. 統一基準 (004): 「個人情報は…機密性2情報となる」 (national 機密性2 covers 自治体2/3C/3B), but 図表23 places its
    examples of personal data in 3C (「職員としての属性に基づく個人情報」…) and 3B (「住民情報を含む個人情報ファイル」). Decision: generate,
    with every personal-data clause, a 要確認事項 line and a 発注者側 note asking to confirm the class."""
    spec = tailor(library, "2", "cloud", personal_data=True)
    assert {"PI-COMPLY", "FJ-STAFF", "SJ-RECORD"} <= ids(spec)
    assert "CLS-PD-CLASS-CITY" in notes(spec)
    assert any("格付を確認" in c for c in spec.checks)
    assert "CLS-PD-CLASS-CITY" not in notes(tailor(library, "3C", "cloud"))


def test_personal_data_default_follows_the_class(library):
    """図表23: the examples of 3B/3C are personal data; those of 1/2 are not."""
    assert tailor(library, "3B", "cloud").inputs.personal_data is True
    assert tailor(library, "2", "cloud").inputs.personal_data is False


# ---------------------------------------------------------------- class 1 and 約款型 (findings 10, 11, 12)


@pytest.mark.parametrize("service", ["genai", "cloud", "sns"])
def test_class_1_lists_no_8_3_clause_as_a_bonus_and_requires_the_basics(library, service):
    """Finding 11. 8.3 is 「外部サービス（クラウドサービス）の利用（自治体機密性2以上の情報を取り扱う場合）」; a class-1 spec keeps
    only what still matters without 要機密情報: 目的外利用, the place of processing (「国外にサーバ装置を設置している場合は、現地の法令が
    適用され…利用の可否を判断する際に考慮すべきリスク」), governing law, deletion at the end — all 必須, each with its reason."""
    spec = tailor(library, "1", service)
    g83 = [r for r in spec.requirements if r.source.section.startswith("8.3")]
    assert {r.clause_id for r in g83} == {"G83-3-2-A", "G83-3-2-E2", "G83-3-5", "G83-8-1-I"}
    assert all(r.mandatory for r in g83)
    for r in g83:
        d = decision(spec, r.clause_id)
        assert "本ツールの既定" in d.reason and "全ての調達に共通" not in d.reason
    assert "G83-3-2-U" not in ids(spec) and "機密性2以上" in decision(spec, "G83-3-2-U").reason
    assert "消去証明書" not in req(spec, "G83-8-1-I").text  # 8.3(8) is a class-2 rule
    assert "国・地域" in req(spec, "G83-3-2-E2").text and "日本国内とし" not in req(spec, "G83-3-2-E2").text


def test_3A_prohibition_is_a_stated_premise_not_a_bonus_item(library):
    """Finding 10. 図表23: 3A is handled under 統一基準; 「3A情報を取り扱わない」 is the premise of every spec, stated in 取り扱う情報,
    neither 任意 nor a 加点 row."""
    for dc in ALLOWED[:2]:
        spec = tailor(library, dc, "cloud")
        assert "CLS-3A-NOTE" not in ids(spec)
        assert any(s.clause_id == "CLS-3A-NOTE" for s in spec.scope)
        data = next(s for s in spec.front if s.key == "data")
        assert any("3A" in p for p in data.paragraphs)


@pytest.mark.parametrize("service", ["genai", "cloud", "sns"])
def test_terms_of_service_at_class_1_asks_nothing_that_needs_an_individual_agreement(library, service):
    """Finding 12. LINE GL 3.(2): 約款型「では…行政特有の扱いを求めることができない」; 申合せ: 「利用可能な業務の範囲をあらかじめ特定し、
    …利用者からの申請内容を許可権限者が審査した上で利用の可否を決定し、その利用状況について管理することが必要」."""
    spec = tailor(library, "1", service, terms_of_service=True)
    text = " ".join(r.text for r in spec.requirements)
    for individual in ("日本法とし", "か月前までに", "消去証明書", "監査", "稼働率"):
        assert individual not in text, individual
    assert "利用規約等" in req(spec, "G83-3-5").text and "利用規約等" in req(spec, "G83-8-1-I").text
    assert {"CLS-TOS-CITY", "CLS-1-USE-CITY"} <= notes(spec)
    assert "利用可能な業務の範囲をあらかじめ特定" in next(n.text for n in spec.city_notes if n.clause_id == "CLS-1-USE-CITY")


# ---------------------------------------------------------------- classes 2–3B (findings 2, 7, 8)


@pytest.mark.parametrize("service", SERVICES)
def test_3B_is_at_least_as_strict_as_3C(library, service):
    """Finding 2. 図表23 注: 「自治体機密性3C情報については、…β'モデルにおいてインターネット接続系に求められている対策を実施することで、
    インターネット接続系における取扱いが可能」 — only 3C. A 3B spec keeps every 3C requirement (the β' measures in its own clause),
    states where 3B data is handled, and is never looser."""
    c3, b3 = tailor(library, "3C", service), tailor(library, "3B", service)
    assert ids(c3) - {"CLS-3C-BETA"} <= ids(b3)
    assert "CLS-3B-LGWAN" in ids(b3) and req(b3, "CLS-3B-LGWAN").mandatory
    assert "インターネット接続系では取り扱わない" in req(b3, "CLS-3B-LGWAN").text
    assert "情報資産単位でのアクセス制御" in req(b3, "CLS-3B-LGWAN").text
    assert sum(r.mandatory for r in b3.requirements) >= sum(r.mandatory for r in c3.requirements)


def test_3B_genai_does_not_require_internet_access(library):
    """Finding 2. The sample (1) 「またインターネットからも利用することができること」 is kept for 2/3C; at 3B internet use is optional and
    must be blockable for 3B users."""
    assert "インターネットからも利用することができること" in req(tailor(library, "3C", "genai"), "GAI-01").text
    text = req(tailor(library, "3B", "genai"), "GAI-01").text
    assert "インターネットからも利用することができること" not in text and "禁止する設定" in text


@pytest.mark.parametrize("data_class", ["3B", "3C"])
def test_ismap_is_mandatory_and_liu_not_accepted_for_3B_3C_by_tool_default(library, data_class):
    """図表23: 3B・3C 「ISMAP登録サービスは利用可」. Finding 7: excluding ISMAP-LIU is the tool's reading — labelled and changeable."""
    spec = tailor(library, data_class, "cloud")
    ismap = req(spec, "CLS-ISMAP")
    assert ismap.mandatory and "ISMAP-LIU" not in ismap.text
    assert "params.ismap_lists" in " ".join(spec.rules)
    relaxed = tailor(library, data_class, "cloud", project=Project(params={"ismap_lists": "ISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリスト"}))
    assert "ISMAP-LIU" in req(relaxed, "CLS-ISMAP").text


def test_ismap_for_class_2_cloud_is_an_optional_tool_default(library):
    """Finding 7. 図表23 says only 「可（8.3で規定されるアクセス制御、機密性保護のための暗号化等が必要）」 for class 2."""
    spec = tailor(library, "2", "cloud")
    assert not req(spec, "CLS-ISMAP").mandatory and "ISMAP-LIU" in req(spec, "CLS-ISMAP").text
    assert "本ツールの既定" in decision(spec, "CLS-ISMAP").reason


def test_ismap_for_class_2_genai_cites_the_genai_guideline_as_the_tools_choice(library):
    """Finding 7. GOV-GENAI: 「原則としてISMAPクラウドサービスリスト又はISMAP-LIUクラウドサービスリストから選定」 — a government rule the
    tool applies to a city: 必須, labelled 本ツールの既定, not 図表23."""
    spec = tailor(library, "2", "genai")
    assert req(spec, "CLS-ISMAP").mandatory
    reason = decision(spec, "CLS-ISMAP").reason
    assert "本ツールの既定" in reason and "ISMAP-LIUクラウドサービスリストから選定" in reason


@pytest.mark.parametrize("service", ["sns", "payment"])
def test_one_ismap_requirement_limited_to_the_data_store(library, service):
    """Finding 8. Fujisawa イ(ソ): 「システム提供事業者が提供するクラウドサービスのデータ保存先であるパブリッククラウドは、ISMAP…に登録」.
    One ISMAP row (FJ-ISMAP-STORE merged into CLS-ISMAP), covering the data store and not the SNS / payment platform itself."""
    spec = tailor(library, "2", service, personal_data=True)
    rows = [r for r in spec.requirements if "ISMAP" in r.title]
    assert [r.clause_id for r in rows] == ["CLS-ISMAP"] and "FJ-ISMAP-STORE" in rows[0].merged
    assert "データ保存先" in rows[0].text and "対象としない" in rows[0].text


# ---------------------------------------------------------------- services (findings 1, 4, 14, 15, 22)


@pytest.mark.parametrize("data_class,personal", [("2", False), ("2", True), ("3C", True), ("3B", True)])
def test_line_conditions_apply_at_class_2_or_higher_even_without_personal_data(library, data_class, personal):
    """Finding 1. LINE GL 3.(2) is titled 「機密性を有する情報/住民等の個人情報を取り扱う行政サービスの場合」: ①–④ and the emergency
    exception apply to confidential information as well as personal data."""
    spec = tailor(library, data_class, "sns", personal_data=personal)
    assert {"LINE-OA-1", "LINE-OA-2", "LINE-OA-3", "LINE-OA-4", "LINE-OA-EMERG"} <= ids(spec)
    assert {"LINE-OA-2-CITY", "LINE-OA-4-CITY"} <= notes(spec)
    assert "LINE-NOPD-CITY" not in notes(spec)


def test_published_information_note_only_at_class_1(library):
    """Finding 1. LINE GL 3.(1): 「公表・公開することを前提とする情報や第三者が知り得ても問題のない情報などのみを…取り扱うことが
    明確な場合については、…利用は許容される」 — class 1 only; a class-2 spec must not say it handles published information only."""
    spec = tailor(library, "1", "sns")
    assert "LINE-NOPD-CITY" in notes(spec) and "LINE-OA-1" not in ids(spec)
    assert "LINE-NOPD-CITY" not in notes(tailor(library, "2", "sns"))


def test_genai_foreign_server_caution_is_a_city_note_consistent_with_domestic_only(library):
    """Finding 4. ひな形(1): 「国外にサーバ装置を設置している場合は、現地の法令が適用され…可能性があることに留意すること」 is a caution to
    the user. With domestic storage mandatory, no vendor row may suggest foreign processing is acceptable."""
    for dc in ("1", "2", "3B"):
        spec = tailor(library, dc, "genai")
        assert "GAI-FOREIGN" in notes(spec) and "GAI-FOREIGN" not in ids(spec)
        for r in spec.requirements:
            assert "国外のサーバ装置を用いる場合は" not in r.text
    assert req(tailor(library, "2", "genai"), "G83-3-8-I").mandatory


def test_model_names_default_to_the_four_named_in_the_source_and_are_parameters(library):
    """Finding 14. Sample (6): 「日本国内リージョンでGPT3.5turbo、Gemini1.5 Flash、Claude3Haiku及びGPT-4oが利用できること」;
    (8) names the same split (unlimited vs 500万文字). Defaults are the source's names, changeable, and listed as 要確認事項."""
    spec = tailor(library, "2", "genai")
    assert "GPT3.5turbo、Gemini1.5 Flash、Claude3Haiku及びGPT-4oが利用できること" in req(spec, "GAI-06").text
    assert "等の複数の" not in req(spec, "GAI-06").text
    for word in ("標準モデル", "上位モデル"):
        assert word not in req(spec, "GAI-08").text
    assert any("params.standard_models" in c for c in spec.checks)
    newer = tailor(library, "2", "genai", project=Project(params={"standard_models": "モデルA", "premium_models": "モデルB"}))
    assert "モデルA及びモデルBが利用できること" in req(newer, "GAI-06").text and "モデルBの利用文字数" in req(newer, "GAI-08").text
    assert not any("params.standard_models" in c for c in newer.checks)


def test_checklist_item_applies_to_intellectual_property_without_personal_data(library):
    """Finding 15. 調達チェックシート: 「個人情報、プライバシー、知的財産を取り扱う場合は基本項目として適用」 — IP alone suffices."""
    assert "GAI-CHECK" in ids(tailor(library, "2", "genai", personal_data=False))
    assert "GAI-CHECK" in ids(tailor(library, "1", "genai"))


def test_payment_is_named_neutrally_with_line_pay_as_the_sources_example(library):
    """Finding 22. LINE GL 3.(2)② is 「収納代行業者を介して LINE Pay 社が提供するキャッシュレスサービスを利用する場合」: LINE Pay is the
    example; the service is cashless payment via a payment agent."""
    from specgen.catalog.models import SERVICES as LABELS

    assert LABELS["payment"] == "キャッシュレス決済（収納代行業者経由）"
    spec = tailor(library, "3C", "payment")
    assert {"PAY-1", "PAY-2", "PAY-3"} <= ids(spec) and {"PAY-1-CITY", "PAY-2-CITY", "PAY-3-CITY"} <= notes(spec)
    for r in spec.requirements:
        assert "LINE Pay" not in r.text, r.id
    assert "LINE Pay" in " ".join(spec.rules)


# ---------------------------------------------------------------- personal data and city duties (findings 5, 6)


def test_personal_data_brings_the_compliance_clause(library):
    """Finding 5. Fujisawa イ(チ): 「…藤沢市個人情報保護に関する条例、藤沢市情報システム管理運営規程、藤沢市情報セキュリティポリシー並びに
    データの保護及び秘密の保持等に関する仕様書を遵守し、個人情報保護に努める」, plus the duties of one entrusted with personal data."""
    spec = tailor(library, "3B", "cloud")
    r = req(spec, "PI-COMPLY")
    assert r.mandatory and r.chapter == "personal"
    for needle in ("個人情報の保護に関する法律", "条例", "情報セキュリティポリシー", "個人情報取扱特記事項", "委託を受けた者", "安全管理"):
        assert needle in r.text, needle
    assert "PI-COMPLY" not in ids(tailor(library, "2", "cloud"))


CITY_DUTIES = [  # (city note, vendor counterpart or None, source sentence)
    ("G83-6-4-CITY", "G83-6-4", "8.3(6)④ クラウドサービス管理者は、…構築時に実施状況を確認・記録しなければならない"),
    ("G83-7-5-CITY", "G83-7-5", "8.3(7)⑤ クラウドサービス管理者は、…運用・保守時に実施状況を定期的に確認・記録しなければならない"),
    ("G83-8-2-CITY", "G83-8-2", "8.3(8)② クラウドサービス管理者は、…利用終了時に実施状況を確認・記録しなければならない"),
    ("G83-3-8-CITY", "G83-3-8-A", "8.3(3)⑧ 情報セキュリティ責任者は、…情報の流通経路全般を見渡した形でセキュリティ設計を行った上で"),
    ("G83-3-6-CITY", "G83-3-6", "8.3(3)⑥ …再委託の承認の可否を判断しなければならない"),
    ("G83-3-9-CITY", "G83-3-9", "8.3(3)⑨ 統括情報セキュリティ責任者は、…総合的・客観的に評価し判断しなければならない"),
    ("GAI-PD-MIN", "GAI-12", "ひな形(2)① …必要最小限の利活用又は提供であることを十分に確認すること"),
]


@pytest.mark.parametrize("city,vendor,sentence", CITY_DUTIES)
def test_city_duties_are_notes_and_the_vendor_counterpart_stays(library, city, vendor, sentence):
    """Finding 6: a duty of the city's officers stays the city's (発注者側 note, naming the vendor row it relies on)."""
    spec = tailor(library, "3B", "genai")
    assert city in notes(spec) and city not in ids(spec)
    assert vendor in stated(spec)
    note = next(n for n in spec.city_notes if n.clause_id == city)
    assert req(spec, vendor).id in note.text, (note.text, sentence)


def test_line_and_payment_city_judgements_are_notes(library):
    """Finding 6. LINE GL: 「各行政主体は本ガイドラインに則って、委託先によるLINEサービス利用の可否を判断する」 (①④), 「契約等を通じて、
    収納代行業者とLINE Pay社の間の情報の取り扱いが、上記前提に沿っていることを確認する」 (LINE Pay ①), 「LINE Pay利用の可否を判断する」 (③)."""
    sns = tailor(library, "2", "sns")
    assert "可否を判断" in next(n.text for n in sns.city_notes if n.clause_id == "LINE-OA-4-CITY")
    assert "確認したうえで、委託を行う" in next(n.text for n in sns.city_notes if n.clause_id == "LINE-OA-2-CITY")
    pay = tailor(library, "3C", "payment")
    assert "確認する" in next(n.text for n in pay.city_notes if n.clause_id == "PAY-1-CITY")
    assert "可否を判断" in next(n.text for n in pay.city_notes if n.clause_id == "PAY-3-CITY")


def test_city_only_duties_go_to_the_city_notes_not_the_requirements(library):
    """8.3(3)① and (5)①–③ bind only the city (情報セキュリティ責任者 / 利用申請の許可権限者)."""
    spec = tailor(library, "3B", "cloud")
    assert {"G83-3-1", "G83-5-1", "G83-5-2", "G83-5-3", "G83-7-4"} <= notes(spec)
    assert not notes(spec) & ids(spec)


# ---------------------------------------------------------------- 必須/任意 and their reasons (finding 7)


def test_fujisawa_vendor_attributes_are_optional_tool_defaults(library):
    """Finding 7. Fujisawa イ(シ)(ス)(セ)(ソ) describe the approved vendor (「…を取得している」「…に登録されている」), not a rule for
    every procurement: 任意, labelled 本ツールの既定."""
    spec = tailor(library, "3B", "genai")
    for cid in ("FJ-PMARK", "FJ-PRIVACY-POLICY"):
        assert not req(spec, cid).mandatory
        assert "本ツールの既定" in decision(spec, cid).reason
    assert not req(spec, "G83-3-7").mandatory and "FJ-ISMS" in req(spec, "G83-3-7").merged
    assert "本ツールの既定" in decision(spec, "FJ-STAFF").reason  # 必須 basics are the tool's choice too


@pytest.mark.parametrize("combo", ALL, ids=lambda c: "-".join(map(str, c)))
def test_every_optional_item_has_its_own_reason(specs, combo):
    """Finding 7: the invented 「出典上の推奨・付加機能」 is gone; every 任意 row says why (source or 本ツールの既定)."""
    spec = specs[combo]
    for r in spec.requirements:
        d = decision(spec, r.clause_id)
        assert "出典上の推奨" not in d.reason
        if not r.mandatory:
            # a tool default says so; a source default quotes the source's 【推奨事項】 — which one is the decision's basis
            assert "任意" in d.reason and d.basis in ("tool", "source"), d.reason
            assert ("本ツールの既定" in d.reason) == (d.basis == "tool"), d.reason
            assert ("【推奨事項】" in d.reason) == (d.basis == "source"), d.reason


def test_sample_features_marked_optional_say_the_sample_lists_them_plainly(library):
    """Finding 7. The sample spec states (9) 「…音声認識機能及び画像認識機能があること」 as a requirement like all others."""
    reason = decision(tailor(library, "2", "genai"), "GAI-09").reason
    assert "本ツールの既定" in reason and "必須・任意を区別していない" in reason


def test_recommended_item_is_optional_on_the_sources_word(library):
    """8.3(3)⑦ ends with 「【推奨事項】」."""
    spec = tailor(library, "2", "cloud")
    assert not req(spec, "G83-3-7").mandatory and "【推奨事項】" in decision(spec, "G83-3-7").reason


# ---------------------------------------------------------------- drafting (findings 16, 17, 18, 19, 20)


def test_court_is_named_as_a_parameter(library):
    """Finding 16. 8.3(3)⑤: 「…契約に定める準拠法・裁判管轄を選定条件に含めなければならない」: name the court, not 「日本国内の裁判所」."""
    text = req(tailor(library, "3B", "cloud"), "G83-3-5").text
    assert "本市の所在地を管轄する地方裁判所" in text and "日本国内の裁判所" not in text
    ward = tailor(library, "3B", "cloud", project=Project(city_term="本区", params={"court": "東京地方裁判所"}))
    assert "東京地方裁判所" in req(ward, "G83-3-5").text
    assert "本区の所在地" in req(tailor(library, "3B", "cloud", project=Project(city_term="本区")), "G83-3-5").text


def test_damages_are_left_to_the_contract(library):
    """Finding 16. 8.3(3)②(キ) 「情報セキュリティ対策の履行が不十分な場合の対処方法」: the vendor row asks for remediation; 解除・損害賠償
    belong in the contract (a 発注者側 note), not in a vendor's pre-agreement inside the spec."""
    spec = tailor(library, "3B", "cloud")
    assert "損害賠償" not in req(spec, "G83-3-2-KI").text
    assert "損害賠償" in next(n.text for n in spec.city_notes if n.clause_id == "G83-3-2-KI-CITY")


def test_nationality_information_states_purpose_and_handling(library):
    """Finding 16. 8.3(3)②(エ) asks for 「…国籍に関する情報提供」: say why it is collected and how it is kept."""
    text = req(tailor(library, "2", "cloud"), "G83-3-2-E1").text
    assert "目的にのみ利用" in text and "個人を特定しない形" in text


def test_account_lock_threshold_and_report_frequency_read_right(library):
    """Finding 17. Fujisawa-style 「5回連続で失敗した場合」, not 「5回以上の認証失敗時」; 「毎月」 and 「四半期ごとに」, never 「毎月ごとに」."""
    spec = tailor(library, "3B", "cloud")
    assert "5回連続で認証に失敗した場合" in req(spec, "G83-6-1-A").text
    assert "毎月、履行状況報告書" in req(spec, "G83-3-2-KA").text
    quarterly = tailor(library, "3C", "sns", project=Project(params={"report_interval": "四半期"}))
    assert "四半期ごとに、履行状況報告書" in req(quarterly, "G83-3-2-KA").text
    assert "四半期ごとに、SNSサービスの利用状況" in req(quarterly, "LINE-OA-4").text
    for s in (spec, quarterly):
        assert not any("ごとにごとに" in r.text or "毎月ごとに" in r.text or "四半期報告" in r.text for r in s.requirements)


DUPLICATES = [  # finding 18 (3B genai): each pair is one row
    ("G83-3-8-U", "GAI-03"),       # 24時間365日
    ("G83-6-1-I", "FJ-TLS"),       # TLS
    ("G83-3-2-KA", "G83-7-5"),     # monthly report
    ("G83-3-3", "G83-8-1-A"),      # data return
    ("G83-3-8-I", "G83-3-2-E2"),   # domestic storage
    ("G83-7-1-KU", "FJ-BACKUP"),   # backup
    ("G83-7-1-I", "FJ-TRAINING"),  # training
]


@pytest.mark.parametrize("survivor,merged", DUPLICATES)
def test_duplicated_requirements_are_stated_once(library, survivor, merged):
    """Finding 18: 「A vendor answers each once; the committee scores it once.」 The merged clause's source is cited in the row."""
    spec = tailor(library, "3B", "genai")
    row = req(spec, survivor)
    assert row.clause_id == survivor and merged in row.merged and merged not in ids(spec)
    assert decision(spec, merged).requirement_id == row.id and "統合" in decision(spec, merged).reason
    assert any(c.section for c in row.also)


def test_incident_first_report_deadline_is_stated_once(library):
    """Finding 18: 「1時間以内」 appeared in three rows (SC-14, SC-18, DL-04)."""
    spec = tailor(library, "3B", "genai")
    assert sum("1時間以内" in r.text for r in spec.requirements) == 1
    assert sum("24時間365日" in r.text for r in spec.requirements) == 1


def test_merged_clause_is_stated_alone_when_its_survivor_is_absent(library):
    """A merge only folds rows that are both in the spec: at class 1 the sample item (3) stands on its own."""
    spec = tailor(library, "1", "genai")
    assert "GAI-03" in ids(spec) and "G83-3-8-U" not in ids(spec)


def test_merged_survivors_carry_the_union_of_verify_hints(library):
    """The scorer reads verify hints by clause id: a survivor row must recognise what the merged clauses would have."""
    ku, backup = library.get("G83-7-1-KU"), library.get("FJ-BACKUP")
    assert {c.flag for c in backup.verify.contradicts} <= {c.flag for c in ku.verify.contradicts}
    assert set(backup.verify.expects) <= set(ku.verify.expects)
    ismap, store = library.get("CLS-ISMAP"), library.get("FJ-ISMAP-STORE")
    assert set(store.verify.expects) <= set(ismap.verify.expects)


def test_chapters_follow_the_guideline_order(library):
    """Finding 19: 8.3(3) selection items come before (6)–(8) within a chapter (clauses were sorted by file name)."""
    spec = tailor(library, "3B", "cloud")
    sec = [r.source.section for r in spec.requirements if r.chapter == "security" and r.source.section.startswith("8.3")]
    order = [int(s[4]) for s in sec]
    assert order == sorted(order), sec
    contract = [r.source.section for r in spec.requirements if r.chapter == "contract" and r.source.section.startswith("8.3")]
    assert [int(s[4]) for s in contract] == sorted(int(s[4]) for s in contract), contract


def test_terms_are_defined_and_one_term_is_used_per_role(library):
    """Finding 19: 受注者 / クラウドサービス提供者 / 業務従事者 defined; the sources' 委託先 / 受託事業者 / 関係職員 appear only in the
    definitions that map them."""
    for dc, svc in (("3B", "genai"), ("3C", "sns"), ("3C", "payment")):
        spec = tailor(library, dc, svc)
        terms = dict(spec.terms)
        assert {"受注者", "クラウドサービス提供者", "業務従事者", "再委託先"} <= set(terms)
        for r in [*spec.requirements, *spec.city_notes]:
            for word in ("委託先", "受託事業者", "関係職員", "システム提供事業者"):
                assert word not in r.text.replace("再委託先", ""), (r.id, word)


def test_city_note_on_selection_names_the_requirement_numbers(library):
    """Finding 20: 「以下(ア)〜(キ)」 with nothing below; the note now names the rows that carry (ア)〜(キ)."""
    spec = tailor(library, "3B", "cloud")
    note = next(n for n in spec.city_notes if n.clause_id == "G83-3-2")
    assert "以下(ア)" not in note.text
    for cid in ("G83-3-2-A", "G83-3-2-U", "G83-3-2-KI"):
        assert req(spec, cid).id in note.text


# ---------------------------------------------------------------- citations (finding 21)


def test_citations_name_issuer_title_and_date(library):
    """Finding 21: cite 「総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」（令和7年3月28日改定）8.3(3)②(ア)」."""
    r = req(tailor(library, "3B", "cloud"), "G83-3-2-A")
    assert r.source.document == "総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」（令和7年3月28日改定）"
    assert ".txt" not in r.source.document


def test_genai_without_personal_data_cites_no_line_records(library):
    """Finding 21: a genai spec cited Fujisawa's and Shinjuku's LINE records; they apply only with personal data, and then with
    the reason in the rationale."""
    spec = tailor(library, "2", "genai", personal_data=False)
    cited = {r.source.document for r in spec.requirements} | {c.document for r in spec.requirements for c in r.also}
    assert not any("藤沢市" in d or "新宿区" in d for d in cited)
    pd = tailor(library, "3B", "genai")
    assert "審議会が" in decision(pd, "FJ-STAFF").reason and "例" in decision(pd, "SJ-RECORD").reason


# ---------------------------------------------------------------- project file


def test_project_parameters_are_rendered_into_the_text(library):
    project = Project(params={"concurrent_users": 120, "availability": "99.95%"}, city_term="本区")
    spec = tailor(library, "3B", "genai", project=project)
    assert "同時接続数は120以上" in req(spec, "GAI-05").text
    assert "稼働率99.95%以上" in req(spec, "G83-3-4-I").text
    assert "本区" in req(spec, "G83-3-2-A").text
    assert req(spec, "GAI-05").parameters["concurrent_users"]["value"] == 120


def test_project_add_remove_and_mandatory_overrides_are_explained(library):
    project = Project(add=["LINE-OA-EMERG"], remove=["GAI-10"], mandatory={"GAI-09": True, "FJ-PMARK": True})
    spec = tailor(library, "3B", "genai", project=project)
    assert "LINE-OA-EMERG" in ids(spec) and "GAI-10" not in ids(spec)
    assert req(spec, "GAI-09").mandatory and req(spec, "FJ-PMARK").mandatory
    reasons = {d.clause_id: d.reason for d in spec.decisions}
    assert "add" in reasons["LINE-OA-EMERG"] and "remove" in reasons["GAI-10"] and "mandatory で指定" in reasons["GAI-09"]


def test_removing_a_survivor_brings_back_the_merged_clause_alone(library):
    spec = tailor(library, "3B", "genai", project=Project(remove=["G83-7-1-KU"]))
    assert "FJ-BACKUP" in ids(spec) and "日次7世代以上" in req(spec, "FJ-BACKUP").text


def test_placeholders_and_source_defaults_are_listed_as_checks(library):
    """Finding 25: without a project file 「○○市」「令和○年」 stay; they are listed, not silent."""
    spec = tailor(library, "2", "cloud")
    assert any("○○市" in c for c in spec.checks) and any("令和○年" in c for c in spec.checks)
    filled = tailor(library, "2", "cloud", project=Project(municipality="架空市", period="契約締結日から令和9年3月31日まで"))
    assert not any("○" in c for c in filled.checks)


def test_class_2_genai_ismap_row_cites_the_genai_guideline_not_the_class_table(library):
    """Finding 7: the class-2 genai ISMAP row cited 図表23, which says only 「可」 for class 2."""
    row = req(tailor(library, "2", "genai"), "CLS-ISMAP")
    assert "生成AIの調達・利活用に係るガイドライン" in row.source.document and "図表23" not in row.source.section
    assert "図表23" in req(tailor(library, "3B", "genai"), "CLS-ISMAP").source.section
