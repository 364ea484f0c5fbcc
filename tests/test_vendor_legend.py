"""A vendor's own codes (A/B/C/D, ◎○△－) read from its legend, in the lexicon and through a whole answer sheet."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from builders import SPEC_ROWS, spec_xlsx
from conftest import run_cli
from specgen.scoring.vocab import lexicon

LEGEND = "実現区分：A：標準 B：オプション(有償) C：カスタマイズ D：対応不可"


@pytest.mark.parametrize("text,expected", [
    (LEGEND, {"a": "met", "b": "partial", "c": "partial", "d": "unmet"}),
    ("凡例 ○：設定 △：追加開発 ×：対応不可", {"○": "met", "△": "partial", "×": "unmet"}),
    ("A=対応可能、B=運用で対応、C=対象外", {"a": "met", "b": "partial", "c": "unmet"}),
    ("A：標準", {}),  # one entry is no legend (a sentence that happens to hold 「A：」)
])
def test_legend_lines_are_read(text, expected):
    assert lexicon().legend_from_text(text) == expected


def test_double_circle_and_circle_keep_their_own_meanings():
    lex = lexicon()
    legend = lex.legend_from_text("◎：標準 ○：オプション △：カスタマイズ ×：対応不可")
    assert (lex.mark_status("◎", legend), lex.mark_status("○", legend)) == ("met", "partial")


def _sheet(path, legend: str | None, marks: list[str]):
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "事業者名", "凡例テスト株式会社"
    ws["A2"] = legend
    ws.append(["No.", "要件内容", "実現区分", "備考"])
    for (rid, _cat, text), mark in zip(SPEC_ROWS, marks):
        ws.append([rid, text, mark, ""])
    wb.save(path)
    return path


def _statuses(tmp_path, legend):
    spec = spec_xlsx(tmp_path / "spec.xlsx")
    sheet = _sheet(tmp_path / "answer.xlsx", legend, ["A", "B", "C", "D", "A", "D"])
    code, _o, err = run_cli(["score", "--spec", spec, "-r", sheet, "--json", tmp_path / "o.json", "-e", "fuzzy", "-q"])
    assert code == 0, err
    results = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["responses"][0]["results"]
    return [r["status"] for r in results]


def test_codes_on_an_answer_sheet_follow_the_vendors_legend(tmp_path):
    assert _statuses(tmp_path, LEGEND) == ["met", "partial", "partial", "unmet", "met", "unmet"]


def test_the_same_codes_with_the_legend_saying_otherwise(tmp_path):
    """The legend decides, not the letter: here D is the standard and A is not offered."""
    assert _statuses(tmp_path, "区分：A：対応不可 B：一部対応 C：有償 D：標準") == ["unmet", "partial", "partial", "met", "unmet", "met"]
