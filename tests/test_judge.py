"""Judging rules: marks, hedges, contradictions under ○, Japanese negation, numbers, the requirement's shape.

Every sentence here was written for these tests (not taken from the development set).
"""

from __future__ import annotations

import pytest

from specgen.scoring.align.match import Match, Unit
from specgen.scoring.align.terms import Coverage, terms
from specgen.scoring.analyze.requirement import analyse
from specgen.scoring.judge import Context, judge
from specgen.scoring.model import AnswerRow, Note, Response, SpecItem
from specgen.textnorm import normalize

TRAINING = SpecItem("11", "生成AIに入力した情報が学習に利用されないこと。")
DOMESTIC = SpecItem("20", "入力データ及び出力データは日本国内のデータセンターにのみ保存すること。")
ISMAP = SpecItem("21", "ISMAPクラウドサービスリストに登録されたサービスであること。")
LAW = SpecItem("26", "契約の準拠法は日本法とし、管轄裁判所は日本国内の裁判所とすること。")
CSV = SpecItem("17", "管理者がアカウントごとの利用状況を確認し、CSV等でダウンロードできること。")
HOURS = SpecItem("3", "原則24時間365日（計画停止は除く）利用できること。")


def _judge(item: SpecItem, match: Match, conditions=(), units=(), rows=()):
    cov = Coverage([item.text])
    resp = Response("r.xlsx", "V", rows=list(rows) or ([match.row] if match.row else []), conditions=list(conditions))
    ctx = Context.build(resp, list(units), lambda i, text: cov.score(0, terms(text)))
    return judge(analyse(item), 0, match, ctx)


def answer_row(item: SpecItem, mark: str, remark: str = "", **kw) -> AnswerRow:
    """A row as the readers produce it: text NFKC-normalised (「（SLA）」 → 「(SLA)」)."""
    if "comments" in kw:
        kw["comments"] = [(w, normalize(c)) for w, c in kw["comments"]]
    return AnswerRow(where="S!E2", sheet="S", row=2, requirement=item.text, mark=normalize(mark), remark=normalize(remark),
                     mark_where="S!E2", remark_where="S!F2", **kw)


def row_verdict(item: SpecItem, mark: str, remark: str = "", **kw):
    return _judge(item, Match(item, row=answer_row(item, mark, remark, **kw), row_sim=0.95))


def prose_verdict(item: SpecItem, *sentences: str):
    units = [Unit(f"段落{n}", normalize(s), "", n) for n, s in enumerate(sentences, 3)]
    return _judge(item, Match(item, units=[(u, 0.8) for u in units]), units=units)


@pytest.mark.parametrize("mark", ["○", "◯", "〇", "●", "可", "対応", "標準", "Yes", "対応可（標準機能）"])
def test_clear_yes_marks_without_conditions_are_met(mark):
    v = row_verdict(CSV, mark, "アカウント別の利用状況をCSVで出力できます。")
    assert v.status == "met" and v.flags == []


@pytest.mark.parametrize("mark", ["×", "✕", "✖", "不可", "未対応", "No", "対応不可"])
def test_no_marks_are_unmet(mark):
    v = row_verdict(CSV, mark)
    assert v.status == "unmet" and "refused" in v.flags


@pytest.mark.parametrize("mark,flag", [("△", "partial_mark"), ("▲", "partial_mark"), ("一部可", "partial_mark"),
                                       ("オプション", "partial_mark"), ("カスタマイズ", "partial_mark"), ("代替", "partial_mark")])
def test_partial_marks_are_partial(mark, flag):
    v = row_verdict(CSV, mark)
    assert v.status == "partial" and flag in v.flags


@pytest.mark.parametrize("mark", ["", "－", "-", "ー"])
def test_blank_answers_are_missing(mark):
    v = row_verdict(CSV, mark)
    assert v.status == "missing" and v.flags == ["blank_answer"]


@pytest.mark.parametrize("remark,flag", [
    ("CSV出力は別途費用となります。", "extra_cost"),
    ("有償オプションで対応します。", "extra_cost"),
    ("次期バージョンで対応予定です。", "planned"),
    ("原則としてCSVで出力できます。", "hedged"),
    ("基本的には対応可能です。", "hedged"),
    ("場合により対応できないことがあります。", "hedged"),
    ("カスタマイズにより対応します。", "customization"),
    ("運用で対応します（手動で集計）。", "alternative"),
])
def test_circle_with_a_weakening_comment_is_partial_with_conflict(remark, flag):
    v = row_verdict(CSV, "○", remark)
    assert v.status == "partial"
    assert flag in v.flags and "mark_comment_conflict" in v.flags


@pytest.mark.parametrize("remark", ["追加費用なしで提供します。", "別途費用は発生しません。", "別途費用はかかりません。"])
def test_negated_cost_is_not_an_extra_cost(remark):
    assert row_verdict(CSV, "○", remark).status == "met"


HOURS_HEDGED = SpecItem("4", "原則として24時間365日（計画停止は除く）利用できること。")
HOURS_PLAIN = SpecItem("5", "24時間365日（計画停止は除く）利用できること。")


@pytest.mark.parametrize("item", [HOURS, HOURS_HEDGED], ids=["stem-in-requirement", "word-in-requirement"])
def test_requirement_wording_is_not_a_hedge_in_the_answer(item):
    """「原則」 is what the spec asks; repeating it is no hedge. (The answer's 「原則として」 is a hedge word — see the
    control below — so this fails if the exemption in statements.read is lost; 「原則24時間」 alone never was one.)"""
    v = row_verdict(item, "可", "原則として24時間365日利用可能です。")
    assert (v.status, v.flags) == ("met", []), v.reason


def test_the_same_answer_is_hedged_where_the_requirement_has_no_such_word():
    v = row_verdict(HOURS_PLAIN, "可", "原則として24時間365日利用可能です。")
    assert v.status == "partial" and "hedged" in v.flags, v.reason


@pytest.mark.parametrize("remark,status", [
    ("入力データは学習に利用しません。", "met"),
    ("入力データを学習に利用することはありません。", "met"),
    ("入力内容がAIの学習に使われることはありません。", "met"),
    ("入力データを学習に利用する場合があります。", "unmet"),
    ("サービス品質向上のために利用します。", "unmet"),
    ("オプトアウトしない場合は学習に利用されます。", "unmet"),
])
def test_training_use_negation(remark, status):
    v = row_verdict(TRAINING, "○", remark)
    assert v.status == status, v.reason
    if status == "unmet":
        assert "training_use_not_excluded" in v.flags and "mark_comment_conflict" in v.flags


@pytest.mark.parametrize("remark,status,flag", [
    ("東京・大阪のデータセンターにのみ保存します。", "met", None),
    ("データはシンガポールのデータセンターに保存します。", "unmet", "data_stored_abroad"),
    ("バックアップは米国リージョンに保存されます。", "unmet", "data_stored_abroad"),
    ("国外に保存することはありません。", "met", None),
])
def test_data_location(remark, status, flag):
    v = row_verdict(DOMESTIC, "○", remark)
    assert v.status == status, v.reason
    if flag:
        assert flag in v.flags


@pytest.mark.parametrize("remark,status,flag", [
    ("ISMAPクラウドサービスリストに登録済みです（C23-0001-1）。", "met", None),
    ("現在ISMAP登録を申請中です。", "unmet", "ismap_applied_only"),
    ("ISMAPには登録されていません。", "unmet", "ismap_not_registered"),
    ("来年度にISMAPの取得予定です。", "unmet", "ismap_applied_only"),
    ("基盤のAWSはISMAPに登録されています。", "partial", "ismap_infrastructure_only"),
])
def test_ismap_claims(remark, status, flag):
    v = row_verdict(ISMAP, "○", remark)
    assert v.status == status, v.reason
    if flag:
        assert flag in v.flags


def test_foreign_governing_law_is_unmet_even_under_circle():
    v = row_verdict(LAW, "可", "準拠法は米国カリフォルニア州法とします。")
    assert v.status == "unmet" and "foreign_governing_law" in v.flags


def test_prose_commitment_is_met_and_prose_refusal_unmet():
    assert prose_verdict(CSV, "利用状況はアカウント別に集計し、CSV形式でダウンロードできます。").status == "met"
    v = prose_verdict(CSV, "CSVでのダウンロードには対応しておりません。")
    assert v.status == "unmet" and "refused" in v.flags


def test_prose_planned_is_partial():
    v = prose_verdict(CSV, "CSVダウンロード機能は今後のバージョンアップで提供予定です。")
    assert v.status == "partial" and "planned" in v.flags


def test_nothing_found_is_missing_with_reason():
    v = _judge(CSV, Match(CSV))
    assert v.status == "missing" and v.flags == ["not_addressed"] and v.reason


def test_evidence_names_the_cell():
    v = row_verdict(CSV, "○", "CSVで出力できます。")
    assert v.evidence[0].where == "S!E2"
    assert 0.0 <= v.confidence <= 1.0


# --- Numbers and parameters: a weaker value is unmet; short only with a paid option is partial -------------------

AVAIL = SpecItem("40", "月間稼働率99.9%以上を保証すること。")
LOGS = SpecItem("41", "操作ログを取得し、1年以上保存すること。")
REPORT = SpecItem("42", "セキュリティインシデントを認知した場合は、1時間以内に第一報を本市へ報告すること。")
BACKUP = SpecItem("43", "バックアップを日次で取得し、7世代以上保管すること。")
ERASE = SpecItem("44", "契約終了後30日以内に本市のデータを消去し、消去証明書を提出すること。")
NOTICE = SpecItem("45", "サービスの仕様変更は6か月前までに本市へ通知すること。")
TLS = SpecItem("46", "通信はTLS1.2以上で暗号化すること。")


@pytest.mark.parametrize("item,remark,status", [
    (AVAIL, "稼働率99.5%を保証値とするSLAを締結します。", "unmet"),
    (AVAIL, "稼働率99.95%を保証します。", "met"),
    (LOGS, "ログは180日間保管いたします。", "unmet"),
    (LOGS, "ログは6か月保存します。", "unmet"),
    (LOGS, "ログは2年間保存します。", "met"),
    (REPORT, "認知後72時間以内にご報告します。", "unmet"),
    (REPORT, "認知から30分以内に電話で第一報を入れます。", "met"),
    (BACKUP, "週次でバックアップを取得し4世代保持します。", "unmet"),
    (BACKUP, "毎日深夜に取得し、10世代保管します。", "met"),
    (ERASE, "契約終了後90日以内に消去します。", "unmet"),
    (NOTICE, "仕様変更は3か月前までにお知らせします。", "unmet"),
    (TLS, "TLS1.0以上で通信を暗号化します。", "unmet"),
    (TLS, "TLS1.2及び1.3に対応しています。", "met"),
])
def test_numbers_are_compared_with_direction_and_unit(item, remark, status):
    v = row_verdict(item, "○", remark)
    assert v.status == status, v.reason
    if status == "unmet":
        assert "value_below_requirement" in v.flags and v.details["required"]


def test_value_reached_only_with_a_paid_option_is_partial():
    v = row_verdict(LOGS, "○", "標準では90日保存です。1年以上の保存は有償オプションで承ります。")
    assert v.status == "partial" and "value_partly_below" in v.flags and "extra_cost" in v.flags


def test_target_is_not_a_guarantee():
    v = row_verdict(AVAIL, "○", "稼働率99.9%を目標として運用しております。")
    assert v.status == "unmet" and "target_not_guarantee" in v.flags


def test_weekday_service_hours_break_24_365():
    v = prose_verdict(HOURS, "サービスの提供時間は平日9時から20時までで、土日祝日は停止いたします。")
    assert v.status == "unmet" and "service_hours_limited" in v.flags


# --- Negation scope, both ways -------------------------------------------------------------------------------

@pytest.mark.parametrize("item,text", [
    (DOMESTIC, "海外のデータセンターへ保管することはございません。"),
    (DOMESTIC, "推論処理のために国外へデータを送信することはいたしません。"),
    (TRAINING, "入力いただいた内容をモデルの改善に流用することは一切ございません。"),
    (SpecItem("47", "端末への専用ソフトウェアのインストールを必要としないこと。"), "端末へのソフト導入は必要ありません。"),
    (SpecItem("48", "申請内容はLINE側に残さず、受託者のデータベースに直接格納すること。"),
     "入力内容はトーク画面を経由せず、当社データベースへ直接登録されます。"),
])
def test_compliant_negations_are_met(item, text):
    v = prose_verdict(item, text)
    assert v.status == "met", v.reason


AUDIT = SpecItem("50", "本市又は本市が指定する第三者による情報セキュリティ監査を受け入れること。")
STAFF = SpecItem("51", "従事者の所属、資格及び国籍に関する情報を提供すること。")


@pytest.mark.parametrize("text", [
    "従事者個人に関する情報の開示は差し控えております。",
    "恐れ入りますが、ご要望には沿いかねます。",
    "本件は本提案の範囲外とさせていただきます。",
    "従事者の国籍等の情報提供は現時点では想定しておりません。",
    "当該情報の提供は実施しておりません。",
])
def test_polite_refusals_are_unmet(text):
    v = prose_verdict(STAFF, text)
    assert v.status == "unmet" and "refused" in v.flags, v.reason


def test_refusal_of_part_with_a_commitment_to_the_rest_is_partial():
    v = prose_verdict(ERASE, "契約終了後30日以内に復元できない方法で消去いたします。", "なお、消去証明書の発行は行っておりません。")
    assert v.status == "partial" and "refused_in_part" in v.flags


def test_third_party_audit_refusal_is_not_a_benign_negation():
    v = prose_verdict(AUDIT, "第三者による監査はお受けしておりません。")
    assert v.status == "unmet"


# --- Evidence locality: a statement counts only against its own subject ------------------------------------------

def test_contradiction_elsewhere_counts_only_for_its_subject():
    units = [Unit("段落3", "アカウント一覧はCSVで出力できます。", "", 0),
             Unit("段落9", "アクセスログは米国リージョンで分析しております。", "", 1)]
    ctx_match = Match(CSV, units=[(units[0], 0.9)])
    assert _judge(CSV, ctx_match, units=units).status == "met"
    v = _judge(DOMESTIC, Match(DOMESTIC, units=[(Unit("段落2", "データは東京リージョンに保存します。", "", 2), 0.9)]), units=units)
    assert v.status == "unmet" and "data_stored_abroad" in v.flags


# --- The requirement's shape decides --------------------------------------------------------------------------

SUBCONTRACT = SpecItem("60", "業務の一部を再委託する場合は、事前に再委託先を書面で提出し、本市の承認を得ること。")
NO_3A = SpecItem("61", "自治体機密性3Aの情報を取り扱う機能を提供しないこと。")
RISK = SpecItem("62", "本市の情報に国内法以外の法令が適用されるリスクについて説明すること。")
EITHER = SpecItem("63", "プライバシーマーク又はISO/IEC 27001（ISMS）認証を取得していること。")
INFRA_OK = SpecItem("64", "本サービス又は本サービスが稼働するクラウド基盤がISMAPクラウドサービスリストに登録されていること。")


def test_no_subcontracting_meets_a_conditional_requirement():
    assert row_verdict(SUBCONTRACT, "×", "再委託は行いません。").status == "met"


def test_subcontracting_without_approval_is_unmet():
    v = row_verdict(SUBCONTRACT, "○", "再委託先は当社の判断で選定し、事後にご報告します。")
    assert v.status == "unmet" and "subcontract_without_approval" in v.flags


def test_cross_mark_with_a_negative_statement_meets_a_prohibition():
    assert row_verdict(NO_3A, "×", "対応不可（3A情報を扱う機能は提供しません）").status == "met"


def test_explaining_foreign_law_risk_is_what_is_asked():
    v = row_verdict(RISK, "○", "当社の親会社は米国法人であり、米国CLOUD Actにより開示を求められるリスクがあります。対策として暗号鍵を貴市専用で管理します。")
    assert v.status == "met", v.reason


def test_one_alternative_held_is_enough():
    v = row_verdict(EITHER, "○", "ISO/IEC 27001認証を取得済みです（プライバシーマークは取得しておりません）。")
    assert v.status == "met", v.reason


def test_infrastructure_registration_meets_a_service_or_infrastructure_requirement():
    assert row_verdict(INFRA_OK, "○", "ISMAP登録済みのAzure上で稼働します。").status == "met"


def test_plan_attached_to_a_delivery_date_does_not_weaken():
    item = SpecItem("65", "運用開始前までにインシデント対応手順書を作成し提出すること。")
    assert row_verdict(item, "○", "運用開始までに作成予定です。").status == "met"


# --- Sheets: compound marks, vendor codes, notes sheets, comments, cross-references, rows ------------------------

@pytest.mark.parametrize("mark,status", [
    ("Yes（オプション）", "partial"), ("可（SSOはオプション）", "partial"), ("標準（有償）", "partial"),
    ("○（標準機能）", "met"), ("✓", "met"), ("済", "met"), ("対応可（一部）", "partial"),
])
def test_compound_marks(mark, status):
    assert row_verdict(CSV, mark).status == status


def test_vendor_codes_from_its_legend():
    from specgen.scoring.vocab import lexicon
    legend = lexicon().legend_from_text("実現区分：A：標準 B：オプション(有償) C：カスタマイズ D：対応不可")
    assert legend == {"a": "met", "b": "partial", "c": "partial", "d": "unmet"}
    row = answer_row(CSV, "D")
    resp = Response("r.xlsx", "V", rows=[row], mark_legend=legend)
    cov = Coverage([CSV.text])
    v = judge(analyse(CSV), 0, Match(CSV, row=row, row_sim=0.9), Context.build(resp, [], lambda i, t: cov.score(0, terms(t))))
    assert v.status == "unmet"


def test_notes_sheet_condition_overrides_a_circle():
    notes = [Note("前提条件!B4", "操作ログの保存期間は標準で6か月とし、1年以上の保存は有償オプションとなります。")]
    v = _judge(LOGS, Match(LOGS, row=answer_row(LOGS, "○", "操作ログを取得します。"), row_sim=0.95), conditions=notes)
    assert v.status == "partial" and "notes_sheet_condition" in v.flags


def test_unrelated_notes_do_not_bind():
    notes = [Note("前提条件!B5", "本見積の有効期限は提出日から3か月とします。")]
    v = _judge(CSV, Match(CSV, row=answer_row(CSV, "○", "CSVで出力できます。"), row_sim=0.95), conditions=notes)
    assert v.status == "met"


def test_cell_comment_holds_the_deciding_fact():
    v = row_verdict(AVAIL, "○", "SLAを締結します。", comments=[("S!F2", "保証値は99.5%です。")])
    assert v.status == "unmet" and "comment_condition" in v.flags


def test_cross_reference_reads_the_other_answer():
    other = AnswerRow(where="S!E9", sheet="S", row=9, id="12", requirement="ログの保存", mark="△",
                      remark="ログ保存は6か月まで", remark_where="S!F9")
    row = answer_row(LOGS, "○", "No.12の回答をご覧ください。")
    v = _judge(LOGS, Match(LOGS, row=row, row_sim=0.95), rows=[row, other])
    # the referenced answer is △ with a shorter period: partial (README: a lower value answered △ is partial)
    assert v.status == "partial" and {"cross_reference", "value_below_requirement"} <= set(v.flags), v.flags
    assert [(e.role, e.where) for e in v.evidence if e.role == "reference"] == [("reference", "S!F9")]


def test_split_rows_for_one_requirement_are_read_together():
    first = answer_row(BACKUP, "○", "日次でバックアップを取得します。")
    second = AnswerRow(where="S!E3", sheet="S", row=3, mark="△", remark="7世代の保管は有償オプションです。", follows=first)
    v = _judge(BACKUP, Match(BACKUP, row=first, row_sim=0.95, more_rows=[second]), rows=[first, second])
    assert v.status == "partial"


def test_table_says_circle_but_the_prose_is_weaker():
    row = answer_row(LOGS, "○", "")
    unit = Unit("段落20", "操作ログは90日間保存いたします。", "5. 運用", 0)
    v = _judge(LOGS, Match(LOGS, row=row, row_sim=0.95, units=[(unit, 0.85)]), units=[unit])
    assert v.status == "unmet" and "table_prose_conflict" in v.flags


def test_terms_of_service_allowing_unilateral_change():
    item = SpecItem("70", "本市の仕様書及び特記事項を反映した個別の契約を締結し、約款の一方的な変更を認めないこと。")
    v = prose_verdict(item, "第12条 当社は、事前の通知なく本規約を変更できるものとし、変更後の本規約が適用されます。")
    assert v.status == "unmet" and "unilateral_terms_change" in v.flags


# --- More of the requirement's shape and of how vendors write -------------------------------------------------

COURT = SpecItem("80", "契約の準拠法は日本法とし、第一審の専属的合意管轄裁判所は千葉地方裁判所とすること。")
SERVICE_ONLY = SpecItem("81", "本サービス自体がISMAPクラウドサービスリストに登録されていること。基盤となるIaaS等のみが登録されている場合は、本要件を満たさないものとする。")
FLOW = SpecItem("82", "決裁ルートを設定でき、合議、代決、後閲及び差戻しに対応すること。")
PAYOUT = SpecItem("83", "収納金の本市指定口座への入金は、月2回以上とすること。")
ABROAD_IF = SpecItem("84", "国外のサーバ装置を用いる場合は、その国・地域及び適用される法令のリスクへの対策を示すこと。")


def test_a_court_other_than_the_one_named_is_unmet():
    v = row_verdict(COURT, "○", "準拠法は日本法、管轄は東京地方裁判所とさせていただきます。")
    assert v.status == "unmet" and "different_court" in v.flags
    assert row_verdict(COURT, "○", "日本法に準拠し、千葉地方裁判所を管轄裁判所とします。").status == "met"


def test_registration_of_the_platform_only_is_unmet_where_the_requirement_excludes_it():
    v = row_verdict(SERVICE_ONLY, "可", "本サービスは、ISMAPクラウドサービスリストに登録済みのAWS上で稼働しております。")
    assert v.status == "unmet" and "ismap_infrastructure_only" in v.flags


def test_terse_denial_of_one_asked_item_is_partial():
    v = row_verdict(FLOW, "○", "合議・代決・差戻し可。後閲なし")
    assert v.status == "partial" and "refused_in_part" in v.flags


def test_polite_refusal_refuses_the_whole_requirement():
    v = prose_verdict(AVAIL, "稼働実績は99.97%です。", "稼働率の保証値の設定につきましては、ご要望には沿いかねます。")
    assert v.status == "unmet"


def test_counts_per_period_are_compared():
    assert row_verdict(PAYOUT, "可", "月1回（月末締め・翌月15日入金）").status == "unmet"
    assert row_verdict(PAYOUT, "可", "15日締めと末日締めの月2回お振込みします。").status == "met"


def test_the_condition_never_arising_settles_a_conditional_requirement():
    assert row_verdict(ABROAD_IF, "○", "推論・保存とも国外のサーバ装置は使用しません。").status == "met"


def test_a_number_about_another_subject_is_not_compared():
    item = SpecItem("85", "計画停止は1週間前までに通知すること。障害時の復旧目標時間(RTO)を示すこと。")
    assert row_verdict(item, "○", "計画停止は10日前に通知します。RTOは4時間です。").status == "met"


def test_disabled_protocol_versions_are_not_offered_values():
    assert row_verdict(TLS, "○", "TLS1.2以上のみ許可し、TLS1.0/1.1は無効化済みです。").status == "met"


def test_english_vendor_comments_are_read():
    v = row_verdict(DOMESTIC, "Yes", "Backups are replicated to our Singapore region for disaster recovery.")
    assert v.status == "unmet" and "data_stored_abroad" in v.flags


def test_a_refusal_in_a_neighbouring_sentence_about_something_else_does_not_count():
    best = Unit("段落3", "利用状況はアカウント別にCSVで出力できます。", "", 0)
    other = Unit("段落4", "アカウントごとの利用状況は管理者が確認しますが、スマートフォン向けアプリは提供しておりません。", "", 0)
    v = _judge(CSV, Match(CSV, units=[(best, 0.8), (other, 0.7)]), units=[best, other])
    assert v.status == "met", v.reason


def test_shorter_opening_hours_are_partial():
    desk = SpecItem("86", "開庁日の8時30分から17時15分まで、職員からの問合せに対応するヘルプデスクを設けること。")
    v = row_verdict(desk, "○", "ヘルプデスクを設置します。", comments=[("S!G2", "電話受付は9:00~17:00です。")])
    assert v.status == "partial" and "value_partly_below" in v.flags
    assert row_verdict(desk, "○", "平日8:30～17:15に電話とメールで受け付けます。").status == "met"


def test_no_guarantee_written_with_a_bracket_is_no_sla():
    item = SpecItem("87", "稼働率99.9%以上を保証するSLAを提示すること。")
    v = row_verdict(item, "可", "稼働率の保証（SLA）は設けておりません。")
    assert v.status == "unmet" and "no_sla" in v.flags


# --- how a committee member reads (each: a vendor sentence written for the test, and the verdict) ---

INCIDENT = SpecItem("90", "障害を検知した場合は、2時間以内に第一報を行い、復旧後に報告書を提出すること。")
MANUAL = SpecItem("91", "運用開始前までに、運用マニュアルを作成し提出すること。")
ERASE_CERT = SpecItem("92", "契約終了時にデータを復元不可能な方法で消去し、消去証明書を提出すること。")
CARDS = SpecItem("93", "クレジットカード（VISA、Mastercard、JCB、American Express）に対応すること。")
RISK = SpecItem("94", "外国の法令が適用されるリスクの有無及びその対策を説明すること。")
FEES = SpecItem("95", "初期費用、月額費用その他の費用の内訳を提案書に明示すること。")


def test_an_ordinal_day_is_not_a_notice_period():
    # 「第2日曜」 names a day of the month, not two days' notice
    item = SpecItem("96", "計画停止は5日前までに通知すること。")
    assert row_verdict(item, "○", "計画停止は毎月第2日曜の夜間とし、実施14日前までに通知します。").status == "met"


def test_a_later_deadline_for_another_deliverable_is_not_compared():
    v = row_verdict(INCIDENT, "○", "検知から2時間以内に第一報を行い、復旧後5営業日以内に報告書を提出します。")
    assert v.status == "met", v.reason


def test_a_polite_request_to_accept_less_is_partial():
    staff = SpecItem("89", "業務に従事する者の氏名、所属及び国籍を本市に提出すること。")
    v = row_verdict(staff, "○", "氏名と所属を提出します。国籍は外国籍者の人数のみのご提示とさせていただければ幸いです。")
    assert v.status == "partial" and "conditional" in v.flags
    # a value short of the requirement stays unmet however politely it is asked for
    assert row_verdict(INCIDENT, "○", "第一報は翌営業日にまとめてご連絡させていただければ幸いです。").status == "unmet"


def test_delivery_after_the_event_the_requirement_sets_as_deadline_is_partial():
    v = row_verdict(MANUAL, "○", "運用マニュアルは運用開始後1か月以内に整備してご提出いたします。")
    assert v.status == "partial" and "later_than_required" in v.flags
    assert row_verdict(MANUAL, "○", "運用マニュアルは運用開始の2週間前までに提出します。").status == "met"


def test_the_notes_sheet_the_answer_points_to_binds_it():
    notes = [Note("前提条件!A7", "消去証明書は1通ごとに別途費用を申し受けます。")]
    row = answer_row(ERASE_CERT, "A", "終了時に全データを消去し証明書を発行します。", extra=[("S!G2", "証明書は前提条件を参照")])
    v = _judge(ERASE_CERT, Match(ERASE_CERT, row=row, row_sim=0.95), conditions=notes)
    assert v.status == "partial" and "extra_cost" in v.flags


def test_a_price_for_the_certificate_is_an_extra_cost():
    v = row_verdict(ERASE_CERT, "○", "終了時にデータを消去します。消去証明書の発行は1通22,000円(税込)で承ります。")
    assert v.status == "partial" and "extra_cost" in v.flags


def test_a_completion_email_is_not_a_certificate():
    v = row_verdict(ERASE_CERT, "○", "終了時にデータを消去し、完了した旨を電子メールでご報告します。")
    assert v.status == "partial" and "no_erasure_certificate" in v.flags
    assert row_verdict(ERASE_CERT, "○", "消去後、消去証明書を提出します。完了はメールでもお知らせします。").status == "met"


def test_a_mark_written_at_the_head_of_the_answer_text_counts():
    v = row_verdict(CSV, "", "一部可 利用状況の画面表示は可能ですが、出力は月単位の集計のみです。")
    assert v.status == "partial"


def test_a_negative_fact_is_the_explanation_a_disclosure_asks_for():
    v = row_verdict(RISK, "×", "×:外国の法令の適用なし(国内資本・国内DCのみで運用)")
    assert v.status == "met", v.reason
    assert row_verdict(FEES, "", "初期費用・月額費用・その他の費用はいただきません。").status == "met"


def test_a_risk_that_cannot_be_ruled_out_is_part_of_the_explanation():
    v = prose_verdict(RISK, "当社は国内法人ですが、基盤の提供元は米国企業のため、外国の法令に基づく開示要求の可能性を完全には否定できません。",
                      "このため、開示要求を受けた場合は事前に通知を受ける旨を基盤事業者と契約しています。")
    assert v.status == "met", v.reason


def test_refusing_the_approval_itself_under_a_triangle_is_unmet():
    item = SpecItem("97", "再委託する場合は、事前に本市の承認を得ること。")
    v = row_verdict(item, "△", "再委託先は当社サイトで公開しますが、個別の事前承認には対応していません。")
    assert v.status == "unmet" and "subcontract_without_approval" in v.flags


def test_certification_only_scheduled_is_unmet():
    item = SpecItem("98", "受託者はPCI DSSに準拠していること。")
    v = prose_verdict(item, "PCI DSSについては来年度中の認定取得を予定しております。")
    assert v.status == "unmet" and "certification_planned" in v.flags


def test_a_part_named_as_a_whole_is_not_a_partial_refusal():
    item = SpecItem("99", "本仕様書を契約書に添付し、契約の一部とすること。")
    v = row_verdict(item, "○", "本仕様書を契約書の一部として添付することは、ご要望には沿いかねます。")
    assert v.status == "unmet", v.reason


def test_training_kept_to_the_citys_own_environment_is_no_training_use():
    v = prose_verdict(TRAINING, "入力データを当社のAI学習に用いることはございません。",
                      "FAQの学習に使用するのは貴市からご提供いただいた資料のみで、貴市専用の環境の中でのみ利用いたします。")
    assert v.status == "met", v.reason


def test_only_through_the_browser_is_how_it_is_used_not_a_limit():
    item = SpecItem("100", "管理画面は端末へのソフトウェア導入なしでWebブラウザから利用できること。")
    assert row_verdict(item, "○", "Webブラウザだけでご利用いただけ、端末への導入は不要です。").status == "met"


def test_a_shorter_value_for_part_of_the_scope_in_the_same_paragraph_is_partial():
    item = SpecItem("101", "操作ログ及びアクセスログを取得し、1年以上保存すること。")
    main = Unit("段落5", "管理画面の操作ログは1年間保存します。", "", 0)
    aside = Unit("段落5（2文目）", "なお、Webサーバのアクセスログは容量の都合上、90日間でローテーションします。", "", 0)
    v = _judge(item, Match(item, units=[(main, 0.8), (aside, 0.5)]), units=[main, aside])
    assert v.status == "partial" and "value_partly_below" in v.flags


def test_the_appendix_sla_table_binds_the_value_of_the_same_subject():
    item = SpecItem("102", "契約終了後30日以内に、本市のデータを復元不可能な方法で消去すること。")
    prose = Unit("段落8", "契約終了後、貴市のデータは復元できない方法で消去します。", "", 0)
    sla = [Unit("表2 行4", "計画停止の事前通知 / 14日前まで", "別紙 SLA", 1, appendix=True),
           Unit("表2 行5", "契約終了時のデータ消去 / 契約終了後60日以内", "別紙 SLA", 1, appendix=True)]
    v = _judge(item, Match(item, units=[(prose, 0.8)]), units=[prose, *sla])
    assert v.status == "unmet" and "value_below_requirement" in v.flags


def test_a_value_sold_as_an_option_is_not_the_standard_offer():
    v = row_verdict(LOGS, "○", "操作ログの保存期間は180日です(1年以上の保存はログ長期保管オプション)。")
    assert v.status == "partial" and "extra_cost" in v.flags


# --- harmless notes: what a committee member would not hold against a ○ ---

AUDIT_ONSITE = SpecItem("103", "本市による監査(実地監査を含む)を受け入れること。")
SUB = SpecItem("104", "再委託する場合は、事前に本市の承認を得ること。")


@pytest.mark.parametrize("item, remark", [
    (LOGS, "操作ログを取得し、1年間保存します。ただし、保存期間の延長も追加費用なしで対応可能です。"),
    (AVAIL, "月間稼働率99.9%以上をSLAとして保証いたします（計画停止を除く）。"),
    (AUDIT_ONSITE, "貴市による実地監査を受け入れます。日程は事前にご相談させていただきます。"),
    (AUDIT_ONSITE, "貴市による実地監査を受け入れます。監査が難しい場合は、第三者監査報告書の提出でも対応いたします。"),
    (SUB, "本業務の再委託は予定しておりません。"),
    (CSV, "利用状況は管理者ご自身で画面から確認でき、CSVでダウンロードいただけます。"),
    (CSV, "CSVでダウンロードできます。手動でのダウンロードに加え、定期的な自動出力も可能です。"),
])
def test_a_note_that_takes_nothing_away_leaves_the_answer_met(item, remark):
    v = row_verdict(item, "○", remark)
    assert v.status == "met", (v.flags, v.reason)


def test_a_note_that_limits_is_still_a_condition():
    v = row_verdict(LOGS, "○", "操作ログを1年間保存します。ただし、管理者操作のみが対象となります。")
    assert v.status == "partial"
    v = row_verdict(AUDIT_ONSITE, "○", "実地監査はお受けできません。書面での確認に代えさせていただきます。")
    assert v.status == "partial" and "refused_in_part" in v.flags


def test_no_such_thing_prepared_is_a_refusal():
    item = SpecItem("105", "自治体業務向けのプロンプトテンプレートを提供すること。")
    assert prose_verdict(item, "自治体業務に特化したプロンプトテンプレートのご用意は、現時点ではございません。").status == "unmet"


def test_prose_naming_nothing_of_the_requirement_does_not_answer_it():
    item = SpecItem("106", "自治体機密性3Aの情報は本サービスで取り扱わない運用とすること。")
    other = Unit("段落9", "お預かりした情報を本業務以外の目的に使うことはございません。", "", 0)
    v = _judge(item, Match(item, units=[(other, 0.45)]), units=[other])
    assert v.status == "missing", v.reason


def test_the_service_named_in_brackets_is_itself_registered():
    item = SpecItem("107", "本サービス自体がISMAPに登録されていること。基盤となるIaaS等のみが登録されている場合は、本要件を満たさないものとする。")
    v = row_verdict(item, "済", "本サービス「ミナトDocs」はISMAPクラウドサービスリストに登録済みです。基盤のAWSも登録されています。")
    assert v.status == "met", v.reason


def test_paper_only_audit_where_on_site_is_asked_is_partial():
    assert row_verdict(AUDIT_ONSITE, "○", "書面のみ").status == "partial"


def test_some_of_the_named_brands_left_out_is_partial():
    item = SpecItem("108", "クレジットカード（VISA、Mastercard、JCB、American Express）に対応すること。")
    v = prose_verdict(item, "対応カード：VISA・Mastercard・JCB")
    assert v.status == "partial" and "limited_scope" in v.flags
    assert prose_verdict(item, "対応カード：VISA・Mastercard・JCB・American Expressに対応します。").status == "met"
    # a list to choose from is not a list of musts
    pick = SpecItem("109", "スマートフォン決済（PayPay、d払い、au PAY、楽天ペイのうち2種類以上）に対応すること。")
    assert prose_verdict(pick, "PayPay・楽天ペイに対応します。").status == "met"


@pytest.mark.parametrize("item, remark", [
    (SpecItem("110", "将来の制度改正に対応できること。"), "制度改正には、今後もバージョンアップで対応いたします。"),
    (SpecItem("111", "カスタマイズを行わずに、標準機能で要件を満たすこと。"), "カスタマイズなしで、標準機能のみで要件を満たします。"),
    (SpecItem("112", "テンプレートを作成し、他の利用者と共有できること。"), "テンプレートを作成・共有できます。画面の表示項目はカスタマイズ可能です。"),
])
def test_a_commitment_kept_going_or_a_setting_the_city_can_change_is_met(item, remark):
    v = row_verdict(item, "○", remark)
    assert v.status == "met", (v.flags, v.reason)


def test_customisation_needed_is_still_partial():
    item = SpecItem("113", "帳票を本市の様式で出力できること。")
    assert row_verdict(item, "○", "本市様式の帳票はカスタマイズにより対応します。").status == "partial"


def test_a_statement_anywhere_that_the_condition_never_arises_settles_it():
    # the matcher found nothing for the requirement; the proposal says elsewhere that nothing is subcontracted
    other = Unit("段落12", "本業務は再委託を行わず、すべて当社社員が担当します。", "体制", 4)
    v = _judge(SUB, Match(SUB), units=[other])
    assert v.status == "met", v.reason
    # … but it does not answer a requirement that merely names subcontractors among others
    change = SpecItem("114", "提供者、再委託先その他の者による意図しない変更を防ぐ管理体制を示すこと。")
    assert _judge(change, Match(change), units=[other]).status == "missing"


def test_a_value_in_the_answering_paragraph_under_another_name_binds():
    item = SpecItem("115", "操作履歴を確認できること。操作履歴は1年以上保存すること。")
    said = Unit("段落19", "誰がいつどの操作を行ったかを記録する監査ログは、管理画面からご参照いただけます。", "", 7)
    kept = Unit("段落19（2文目）", "監査ログの保持期間は90日間でございます。", "", 7)
    v = _judge(item, Match(item, units=[(said, 0.6)]), units=[said, kept])
    assert v.status == "unmet" and "value_below_requirement" in v.flags


def test_a_notice_period_is_not_a_deadline():
    item = SpecItem("116", "契約終了後30日以内に本市のデータを消去すること。")
    erase = Unit("段落20", "契約終了後30日以内にデータを消去します。", "", 8)
    notice = Unit("段落20（2文目）", "サービス提供の終了は、少なくとも半年前にお知らせいたします。", "", 8)
    assert _judge(item, Match(item, units=[(erase, 0.7)]), units=[erase, notice]).status == "met"


def test_two_values_of_one_subject_one_short_is_partial():
    v = row_verdict(LOGS, "○", "操作ログは、ログイン記録は1年間保存しておりますが、コマンド操作の記録は6か月間の保存です。")
    assert v.status == "partial", v.reason


def test_a_terms_article_allowing_unasked_changes_breaks_no_unintended_changes():
    item = SpecItem("117", "本市の意図しない変更がサービス及びデータに加えられないための管理体制を示すこと。")
    art = Unit("段落41", "第5条(本規約の変更)当社は、当社が必要と判断した場合には、お客様の承諾を得ることなく、本規約及び本サービスの内容をいつでも変更できるものとします。", "利用規約", 9)
    v = _judge(item, Match(item, units=[(art, 0.5)]), units=[art])
    assert v.status == "unmet" and "unilateral_terms_change" in v.flags


@pytest.mark.parametrize("req, remark", [
    ("計画停止は1週間前までに通知すること。", "計画停止の予定は、実施の2週間前までにメールで通知します。"),
    ("年1回、脆弱性診断を実施すること。", "年1回、第三者機関による脆弱性診断を実施し、結果と対応予定を報告します。"),
    ("障害時は速やかに報告すること。", "障害発生時は、復旧の見込み時刻を含めて速やかに報告します。"),
    ("利用者数の増加に対応できること。", "利用者数が増加した場合も、追加費用なくスケールアウトで対応できます。"),
])
def test_a_schedule_noun_or_a_cost_that_is_absent_is_no_weakening(req, remark):
    v = row_verdict(SpecItem("118", req), "○", remark)
    assert v.status == "met", (v.flags, v.reason)


def test_a_plan_in_the_predicate_is_still_planned():
    item = SpecItem("119", "RAGにより庁内文書を参照した回答ができること。")
    assert row_verdict(item, "○", "RAG機能は来年度に提供予定です。").status == "partial"


def test_plain_form_endings_commit():
    item = SpecItem("120", "管理者ログインに多要素認証を適用できること。")
    assert row_verdict(item, "", "管理者は多要素認証でログインする。").status == "met"


@pytest.mark.parametrize("req, remark", [
    ("管理画面はPCのブラウザで利用できること。", "PCのブラウザで利用できます。一部の機能はスマートフォンからもご利用いただけます。"),
    ("アクセスログを取得すること。", "アクセスログを取得します。ログの閲覧は管理者権限を持つ職員に限ります。"),
])
def test_an_extra_reach_or_an_access_limit_is_no_shortfall(req, remark):
    v = row_verdict(SpecItem("121", req), "○", remark)
    assert v.status == "met", (v.flags, v.reason)
    assert row_verdict(SpecItem("122", req), "○", "一部の機能はご利用いただけません。").status != "met"


def test_paper_checks_instead_of_an_audit_and_as_an_extra():
    assert prose_verdict(AUDIT_ONSITE, "監査につきましては、書類による確認に誠実にご協力いたします。").status == "partial"
    assert row_verdict(AUDIT_ONSITE, "○", "実地監査を受け入れます。書面による確認にも対応します。").status == "met"


def test_a_refusal_on_another_subject_in_a_neighbouring_sentence_does_not_count():
    said = Unit("段落11", "貴市による実地監査を受け入れます。", "", 3)
    other = Unit("段落11（2文目）", "運用はすべて当社の社員が担い、第三者へ業務を出すことはいたしません。", "", 3)
    item = SpecItem("123", "本市又は本市が指定する第三者による監査(実地監査を含む)を受け入れること。")
    v = _judge(item, Match(item, units=[(said, 0.6), (other, 0.4)]), units=[said, other])
    assert v.status == "met", v.reason


def test_days_of_daily_copies_are_generations():
    item = SpecItem("124", "バックアップを日次で取得し、7世代以上保持すること。")
    assert row_verdict(item, "○", "毎晩全データを複製し、直近5日分を保持しております。").status == "unmet"
    assert row_verdict(item, "○", "毎日バックアップを取得し、直近14日分を保持します。").status == "met"


def test_not_applicable_to_a_subcontracting_condition_is_met_elsewhere_missing():
    assert row_verdict(SUB, "該当なし").status == "met"
    assert row_verdict(CSV, "該当なし").status == "missing"
