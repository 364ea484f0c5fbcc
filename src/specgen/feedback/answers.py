"""The vendor's replies in a returned 質問書 workbook, read back as evidence and re-judged.

Each reply is bound to its requirement by the hidden question id (and the vendor by the hidden vendor column),
then judged by the scorer's own judge as the vendor's answer to that requirement — an answer row carrying
specgen's id, the way the hidden id column of requirements.xlsx binds an answer. The reply settles what the
question asked, so its verdict replaces the earlier one, except when it commits to nothing (too short, or read
as 「unclear」): then the earlier status stays and the result is marked for review. Either way the reply is kept
as evidence (role 'qa'), the flag `qa_answer` is set and `details.qa` records the earlier status and reason.
Blank replies change nothing; an unknown vendor or question id stops the run with one line naming the cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputFileError
from .notes import short

QA_FLAG = "qa_answer"


@dataclass(frozen=True)
class Reply:
    vendor: str
    req_id: str
    text: str
    where: str        # 「質問書.xlsx: シート!G7」
    id_cell: str      # the hidden id cell, named in errors
    vendor_cell: str


def _columns(header: list[str]) -> dict[str, int] | None:
    from .questions_xlsx import ANSWER_HEADER, ID_HEADER, VENDOR_HEADER

    cols = {}
    for c, v in enumerate(header):
        v = (v or "").strip()
        for key, name in (("id", ID_HEADER), ("vendor", VENDOR_HEADER), ("answer", ANSWER_HEADER)):
            if v == name and key not in cols:
                cols[key] = c
    return cols if len(cols) == 3 else None


def read_answers(path: Path) -> list[Reply]:
    """Every non-blank reply of a returned 質問書 (.xlsx); InputFileError when it is not one."""
    from ..files.safety import sniff
    from ..scoring.read.workbook import col_letter, guarded, open_workbook, read_sheet

    path = Path(path)
    if sniff(path) != "xlsx":
        raise InputFileError(f"{path.name}: --answers には specgen の質問書（.xlsx）を指定してください / --answers takes the returned 質問書 workbook")

    @guarded
    def read(p: Path) -> list[Reply]:
        out: list[Reply] = []
        found = False
        for ws in open_workbook(p).worksheets:
            grid = read_sheet(ws).grid
            at = next(((r, cols) for r, line in enumerate(grid[:15]) if (cols := _columns(line))), None)
            if at is None:
                continue
            found = True
            hr, cols = at
            for r in range(hr + 1, len(grid)):
                line = grid[r]
                text = line[cols["answer"]].strip() if cols["answer"] < len(line) else ""
                if not text:
                    continue
                qid = line[cols["id"]].strip() if cols["id"] < len(line) else ""
                vendor = line[cols["vendor"]].strip() if cols["vendor"] < len(line) else ""
                ref = lambda c: f"{ws.title}!{col_letter(c)}{r + 1}"  # noqa: E731
                if not qid or not vendor:
                    raise InputFileError(f"{p.name} {ref(cols['id'] if not qid else cols['vendor'])}: 回答に対応する質問ID・事業者がありません"
                                         "（行を追加・移動せず、specgen が作成した質問書に記入してください）/ a reply without its question id")
                out.append(Reply(vendor, qid, text, f"{p.name}: {ref(cols['answer'])}", ref(cols["id"]), ref(cols["vendor"])))
        if not found:
            raise InputFileError(f"{p.name}: specgen の質問書ではありません（質問ID・回答の列がありません）/ not a specgen 質問書 workbook")
        return out

    return read(path)


def _rejudge(results: list[dict], index: int, reply: Reply):
    """The scorer's judge on the reply alone, bound to the requirement by its id."""
    from ..scoring.align.match import Match
    from ..scoring.align.terms import Coverage, terms
    from ..scoring.analyze.requirement import analyse
    from ..scoring.judge import Context, judge
    from ..scoring.model import AnswerRow, Response, SpecItem
    from ..scoring.vocab import lexicon

    r = results[index]
    item = SpecItem(id=str(r["id"]), text=str(r.get("requirement") or r["id"]), mandatory=r.get("mandatory", True) is not False,
                    clause_id=r.get("clause_id"), weight=r.get("weight"))
    sheet, _, cell = reply.where.split(": ", 1)[-1].rpartition("!")
    mark = reply.text if lexicon().mark_status(reply.text) is not None else ""  # 「はい」「○」「はい、対応可能です」
    row = AnswerRow(where=reply.where, sheet=sheet, row=0, id=item.id, mark=mark, remark="" if mark else reply.text,
                    mark_where=reply.where if mark else "", remark_where=reply.where, exact_id=True)
    cov = Coverage([str(x.get("requirement") or x["id"]) for x in results])
    ctx = Context.build(Response(source=reply.where, vendor=reply.vendor, rows=[row]), [], lambda i, text: cov.score(index, terms(text)))
    return judge(analyse(item), index, Match(item, row=row, row_sim=1.0, by_id=True), ctx)


def apply_answers(score: dict, replies: list[Reply]) -> tuple[dict, list[str]]:
    """The score with each reply added as evidence and its requirement re-judged; notes in Japanese.

    `score` is a checked score JSON (`evaluation.scorejson.check_score`); it is changed in place and returned.
    """
    from ..textnorm import vendor_key
    from ..scoring.model import STATUS_JA, summarize
    from .results import result_from_dict

    by_vendor = {vendor_key(r["vendor"]): r for r in score["responses"]}
    changed, unsettled, same = [], [], 0
    for rep in replies:
        resp = by_vendor.get(vendor_key(rep.vendor))
        if resp is None:
            raise InputFileError(f"{rep.vendor_cell}（{rep.where.split(': ', 1)[0]}）: 事業者「{short(rep.vendor, 40)}」は採点結果にありません / "
                                 f"unknown vendor; known: {', '.join(r['vendor'] for r in score['responses'])}")
        results = resp["results"]
        index = next((i for i, x in enumerate(results) if str(x["id"]) == rep.req_id), None)
        if index is None:
            raise InputFileError(f"{rep.id_cell}（{rep.where.split(': ', 1)[0]}）: 質問ID「{short(rep.req_id, 30)}」の要件は"
                                 f"{resp['vendor']}の採点結果にありません / unknown question id")
        r = results[index]
        details = r.get("details") if isinstance(r.get("details"), dict) else {}
        history = details.get("qa") if isinstance(details.get("qa"), list) else []
        if any(isinstance(h, dict) and h.get("answer") == rep.text for h in history):
            same += 1  # the same reply given again (the workbook passed twice, or a re-run): already counted
            continue
        judged = _rejudge(results, index, rep)
        before, before_reason = r["status"], r.get("reason", "")
        settles = judged.status != "missing" and "unclear" not in judged.flags
        ev = {"where": rep.where, "text": rep.text[:400], "similarity": 1.0, "role": "qa"}
        entry = {"question": rep.req_id, "answer": rep.text[:2000], "where": rep.where,
                 "previous_status": before, "previous_reason": before_reason}
        if settles:
            r.update(status=judged.status, confidence=round(judged.confidence, 3), needs_review=judged.needs_review,
                     flags=list(dict.fromkeys(judged.flags + [QA_FLAG])),
                     reason=f"質問への回答：{judged.reason}（回答前：{STATUS_JA.get(before, before)}）")
        else:
            r.update(needs_review=True, flags=list(dict.fromkeys(list(r.get("flags", [])) + [QA_FLAG])),
                     reason=f"{before_reason}。質問への回答「{short(rep.text, 40)}」では対応の可否が明確でない")
            unsettled.append(f"{resp['vendor']} / 要件{rep.req_id}")
        r["evidence"] = [ev] + [e for e in r.get("evidence", []) if isinstance(e, dict)]
        r["details"] = dict(details, qa=history + [entry])
        if r["status"] != before:
            changed.append(f"{resp['vendor']} / 要件{rep.req_id}：{STATUS_JA.get(before, before)} → {STATUS_JA.get(r['status'], r['status'])}")
        resp["summary"] = summarize([result_from_dict(x) for x in results])
    notes = []
    if replies:
        notes.append(f"質問への回答 {len(replies) - same} 件を根拠に加えて判定し直した（判定が変わった要件 {len(changed)} 件"
                     + (f"：{'、'.join(changed[:10])}{' ほか' if len(changed) > 10 else ''}" if changed else "") + "）。")
    if unsettled:
        notes.append(f"回答では対応の可否が明確でない要件（判定は据え置き、要確認）：{'、'.join(unsettled[:10])}。")
    if same:
        notes.append(f"既に反映済みの回答 {same} 件は重ねて数えていません。")
    return score, notes


def apply_answer_files(score: dict, paths: list[Path]) -> tuple[dict, list[str]]:
    """`apply_answers` for each returned workbook, in the order given (a later reply to the same question decides)."""
    notes: list[str] = []
    for p in paths:
        score, n = apply_answers(score, read_answers(Path(p)))
        notes += [f"{Path(p).name}：{x}" for x in n]
    return score, notes
