"""The 質問書: one question per result the tool cannot settle, none for a clear 充足; worded per kind of finding;
the .docx letter and the .xlsx with an unlocked 回答 column."""

from __future__ import annotations

import io
import json

from docx import Document
from openpyxl import load_workbook

from specgen.feedback import SpecInfo, build_questions
from specgen.feedback import questions_docx_bytes as questions_docx
from specgen.feedback import questions_xlsx_bytes as questions_xlsx
from specgen.feedback.questions_xlsx import ANSWER_COL, HEADER_ROW, ID_COL, VENDOR_COL
from specgen.scoring.model import Evidence, ResponseResult, Result


def res(rid, status, flags=(), reason="", evidence=(), mandatory=True, needs_review=False, details=None, requirement=None):
    return Result(rid, status, 0.9, list(flags), [Evidence(*e) for e in evidence], reason, mandatory,
                  requirement=requirement or f"要件{rid}の本文であること。", needs_review=needs_review, details=details or {})


MARK = ("回答書!C5", "○", 1.0, "mark")


def cases() -> ResponseResult:
    return ResponseResult("v.xlsx", "株式会社テスト", [
        res("1", "met", reason="○（対応可）と回答", evidence=[MARK]),                                              # clear met: none
        res("2", "partial", ["value_partly_below", "value_below_requirement", "extra_cost"],
            "要件「500万文字」に対し「300万文字」、要件の値はオプションで対応（「上位モデルは月300万文字まで標準。」）",
            [MARK, ("回答書!D6", "上位モデルは月300万文字まで標準。", 1.0, "answer")], details={"required": "500万文字", "stated": "300万文字"}),
        res("3", "partial", ["comment_condition"], "○と回答しているが、条件付き（「ただし本市の負担とする」）",
            [MARK, ("回答書!D7", "ただし本市の負担とする。", 1.0, "comment")], needs_review=True),
        res("4", "unmet", ["data_stored_abroad", "mark_comment_conflict"], "○と回答しているが、国外に保存（「シンガポールに保存します」）",
            [MARK, ("回答書!D8", "データはシンガポールに保存します。", 1.0, "answer")], needs_review=True),
        res("5", "partial", ["unclear"], "記載はあるが、対応の可否が明確でない", [("段落3", "柔軟に検討いたします。", 0.5, "prose")], needs_review=True),
        res("6", "missing", ["not_addressed"], "該当する回答が見つからない", mandatory=True),
        res("7", "missing", ["not_addressed"], "該当する回答が見つからない", mandatory=False),                  # optional missing: none
        res("8", "unmet", ["refused"], "×（対応不可）と回答（×）", [("回答書!C12", "×", 1.0, "mark")]),         # clear unmet: none
        res("9", "partial", ["cross_document_conflict"], "a.xlsxでは「○」、b.docxでは「一部のみ」と食い違い",
            [("a.xlsx: 回答書!D13", "一部の部署のみ対応します。", 1.0, "answer")], needs_review=True),
        res("10", "partial", ["table_prose_conflict", "hedged"], "○と回答しているが、留保（「原則として国内で保存」）",
            [("表1 行3", "○", 1.0, "mark"), ("段落9", "原則として国内で保存します。", 0.8, "prose")], needs_review=True),
        res("11", "met", [], "対応する旨の記載あり（「対応します」）", [("段落4", "対応します。", 0.45, "prose")], needs_review=True),
        res("12", "partial", ["planned"], "将来の対応予定（「次期バージョンで対応予定です」）", [("回答書!D16", "次期バージョンで対応予定です。", 1.0, "answer")]),
    ])


def test_one_question_per_result_that_needs_one_and_none_for_a_clear_met():
    vq = build_questions(cases(), SpecInfo("テスト市", "生成AIサービス導入業務"))
    asked = {q.req_id: q for q in vq.questions}
    assert set(asked) == {"2", "3", "4", "5", "6", "9", "10", "11", "12"}
    assert [q.number for q in vq.questions] == list(range(1, len(vq.questions) + 1))
    kinds = {rid: q.kind for rid, q in asked.items()}
    assert kinds == {"2": "value", "3": "condition", "4": "mark_conflict", "5": "unclear", "6": "missing",
                     "9": "two_documents", "10": "mark_conflict", "11": "confirm", "12": "planned"}
    for q in vq.questions:
        assert q.text.startswith(f"要件{q.req_id}「要件{q.req_id}の本文であること。」について、") and q.text.endswith("御教示ください。")
    assert "「上位モデルは月300万文字まで標準。」と記載されていますが、要件の「500万文字」を満たすことができるか" in asked["2"].text
    assert "この条件は本契約に適用されるか" in asked["3"].text and "「ただし本市の負担とする」" in asked["3"].text
    assert "対応可否は「○」と回答されていますが、「シンガポールに保存します」とも記載" in asked["4"].text
    assert "回答の記載を確認できませんでした" in asked["6"].text
    assert asked["2"].where == "回答書!D6"


def test_long_vendor_words_are_shortened_and_their_brackets_kept_readable():
    long = "当社は「標準プラン」において" + "様々な機能を提供し、" * 20 + "対応予定です。"
    r = ResponseResult("v.xlsx", "V", [res("1", "partial", ["planned"], "予定", [("回答書!D5", long, 1.0, "answer")])])
    q = build_questions(r).questions[0]
    assert len(q.quote) <= 61 and q.quote.endswith("…") and "『標準プラン』" in q.quote


def test_questions_docx_names_the_city_and_title_or_stays_neutral():
    vq = build_questions(cases(), SpecInfo("テスト市", "生成AIサービス導入業務"))
    d = Document(io.BytesIO(questions_docx(vq, SpecInfo("テスト市", "生成AIサービス導入業務"))))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "株式会社テスト　御中" in text and "テスト市" in text and "件名：生成AIサービス導入業務" in text
    assert "「生成AIサービス導入業務」に係る貴社の提案" in text and text.rstrip().endswith("以上")
    table = d.tables[0]
    assert len(table.rows) == 1 + len(vq.questions) and table.rows[1].cells[2].text == vq.questions[0].text
    neutral = Document(io.BytesIO(questions_docx(vq, SpecInfo())))
    ntext = "\n".join(p.text for p in neutral.paragraphs)
    assert "件名" not in ntext and "貴社から提出された回答書・提案書について" in ntext


def test_questions_xlsx_unlocks_only_the_answer_column_and_hides_the_ids():
    vq = build_questions(cases())
    other = build_questions(ResponseResult("w.xlsx", "=CMD|' /C calc'!A0", [res("1", "partial", ["hedged"], "留保（「原則として」）",
                                                                          [("回答書!D5", "=HYPERLINK(\"x\")原則として対応", 1.0, "answer")])]))
    wb = load_workbook(io.BytesIO(questions_xlsx([vq, other])))
    ws = wb[wb.sheetnames[0]]
    assert ws.protection.sheet and not ws.protection.password
    first = HEADER_ROW + 1
    assert ws.cell(row=HEADER_ROW, column=ANSWER_COL).value == "回答"
    assert ws.cell(row=first, column=ANSWER_COL).protection.locked is False
    assert ws.cell(row=first, column=6).protection.locked is True
    assert ws.cell(row=first, column=ID_COL).value == vq.questions[0].req_id
    assert ws.cell(row=first, column=VENDOR_COL).value == "株式会社テスト"
    from openpyxl.utils import get_column_letter

    assert ws.column_dimensions[get_column_letter(ID_COL)].hidden and ws.column_dimensions[get_column_letter(VENDOR_COL)].hidden
    assert ws.max_row == HEADER_ROW + len(vq.questions)
    hostile = wb[wb.sheetnames[1]]
    for row in hostile.iter_rows():
        for c in row:
            assert not (isinstance(c.value, str) and c.value[:1] in "=+-@"), c.coordinate
    assert hostile.cell(row=first, column=VENDOR_COL).value == "'=CMD|' /C calc'!A0"


def test_spec_info_reads_the_city_from_spec_json(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"title": "LINE予約システム構築業務", "municipality": "藤沢市",
                                "requirements": [{"id": "R1", "text": "ログを1年以上保存すること。"}]}, ensure_ascii=False), "utf-8")
    info = SpecInfo.from_path(spec)
    assert info == SpecInfo("藤沢市", "LINE予約システム構築業務")
    spec.write_text(json.dumps({"title": "件名", "municipality": "○○市", "requirements": [{"id": "R1", "text": "ログを保存すること。"}]},
                               ensure_ascii=False), "utf-8")
    assert SpecInfo.from_path(spec).municipality == ""          # a placeholder city is not named
    assert SpecInfo.from_path(tmp_path / "gone.json") == SpecInfo()


def test_an_excel_list_heading_gives_the_subject_or_nothing():
    from specgen.scoring.model import ScoringSpec

    def info(title: str) -> SpecInfo:
        return SpecInfo.of(ScoringSpec(source="list.xlsx", items=[], title=title))

    assert info("生成AIサービス導入業務 機能・非機能要件一覧") == SpecInfo("", "生成AIサービス導入業務")
    assert info("要件一覧（テスト市）") == SpecInfo()
