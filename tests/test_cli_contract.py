"""The command line as a user meets it: exit codes, Japanese messages, inputs as people give them, outputs."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import subprocess
import sys

import pytest

from committee_helpers import result, score_of
from conftest import ROOT, SAMPLES, run_cli

SPEC = SAMPLES / "spec_city_genai.xlsx"
RESP = SAMPLES / "responses"


def score_file(tmp_path, **vendors):
    p = tmp_path / "s.json"
    p.write_text(json.dumps(score_of(**(vendors or {"A": [result("1", "met")]})), ensure_ascii=False), encoding="utf-8")
    return p


# --- exit codes ---------------------------------------------------------------------------------------------

def test_option_typo_is_a_usage_error_in_japanese_first(tmp_path):
    code, _o, err = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", tmp_path / "o", "--prise", "A=1"])
    assert code == 64 and err.count("\n") == 1
    assert err.startswith("specgen: 不明なオプションです：--prise（--price") and "No such option" in err


def test_missing_option_is_a_usage_error(tmp_path):
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx"])
    assert code == 64 and "必要な指定がありません：'--json'" in err and err.count("\n") == 1


def test_refusal_usage_and_bad_input_have_distinct_codes(tmp_path):
    assert run_cli(["generate", "-c", "3A", "-s", "genai", "-o", tmp_path / "g"])[0] == 2
    assert run_cli(["generate", "-c", "3A", "-s", "genai", "-o", tmp_path / "g", "--no-such"])[0] == 64
    code, _o, err = run_cli(["score", "--spec", tmp_path / "nope.json", "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path / "o.json"])
    assert code == 1 and "ファイルが見つかりません" in err


def test_no_arguments_shows_help_and_succeeds():
    code, out, _e = run_cli([])
    assert code == 0 and "調達仕様書の生成と事業者回答の評価" in out


def test_help_is_japanese_first():
    import re

    option = re.compile(r"^\s+(?:-\w, )?(--[\w-]+)(?:\s+[A-Z=]+)?\s{2,}(\S.*)$")
    for cmd in ("score", "compare", "check"):
        code, out, _e = run_cli([cmd, "--help"])
        assert code == 0
        described = [m.groups() for m in map(option.match, out.splitlines()) if m and m.group(1) != "--help"]
        assert len(described) >= 5, out
        for name, text in described:
            assert any("\u3040" <= ch <= "\u9fff" for ch in text[:12]), (cmd, name, text)
        assert any("\u3040" <= ch <= "\u9fff" for ch in out.split("Options")[0]), out  # the command's own description


def test_output_folder_that_is_a_file_and_json_that_is_a_folder_are_named(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    code, _o, err = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", f])
    assert code == 73 and "--out には出力先のフォルダ" in err
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path])
    assert code == 73 and "フォルダです。ファイル名を指定" in err


def test_busy_folder_waits_then_exits_75(tmp_path, monkeypatch):
    from specgen.files.atomic import folder_lock

    monkeypatch.setenv("SPECGEN_LOCK_TIMEOUT", "0.3")
    with folder_lock(tmp_path / "o", timeout=1):
        code, _o, err = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", tmp_path / "o"])
    assert code == 75 and "別の specgen が書き込み中" in err


def test_a_bug_is_one_line_exit_70(tmp_path, monkeypatch):
    from specgen.evaluation import compare

    monkeypatch.setattr(compare, "evaluate", lambda *a, **k: 1 / 0)
    code, _o, err = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", tmp_path / "o"])
    assert code == 70 and err.count("\n") == 1 and "ZeroDivisionError" in err


def test_control_character_in_vendor_is_a_usage_error(tmp_path):
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path / "o.json", "--vendor", "A\x07社"])
    assert code == 64 and "制御文字（U+0007）" in err


# --- inputs as people give them ---------------------------------------------------------------------------

def test_a_folder_and_an_unexpanded_wildcard_are_read(tmp_path):
    code, out, err = run_cli(["score", "--spec", SPEC, "-r", RESP, "--json", tmp_path / "a.json", "-e", "fuzzy"])
    assert code == 0, err
    assert len(json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["responses"]) == 5
    code, out, err = run_cli(["score", "--spec", SPEC, "-r", str(RESP / "*.xlsx"), "--json", tmp_path / "b.json", "-e", "fuzzy"])
    assert code == 0, err
    assert len(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["responses"]) == 3
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", str(tmp_path / "*.docx"), "--json", tmp_path / "c.json"])
    assert code == 1 and "一致する回答ファイル" in err


@pytest.mark.parametrize("text,expected", [("3B", "3B"), ("３Ｂ", "3B"), ("機密性3B", "3B"), ("3b", "3B"), ("自治体機密性３ｃ", "3C"),
                                           ("ⅢB", "3B"), (" 2 ", "2"), ("機密性１", "1"), ("4", None), ("3D", None), ("", None)])
def test_data_class_spellings(text, expected):
    from specgen.cli.common import normalize_data_class

    assert normalize_data_class(text) == expected


def test_refuse_overwrite_without_force(tmp_path):
    from specgen.cli.common import refuse_overwrite
    from specgen.errors import SpecgenError

    refuse_overwrite(tmp_path, ("spec.docx",), False)  # nothing there yet
    (tmp_path / "spec.docx").write_bytes(b"hand edited")
    with pytest.raises(SpecgenError, match="--force"):
        refuse_overwrite(tmp_path, ("spec.docx", "spec.md"), False)
    refuse_overwrite(tmp_path, ("spec.docx",), True)


def test_contract_end_is_an_option_of_compare(tmp_path):
    base = ["compare", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--ismap-list", SAMPLES / "ismap_list_sample.csv", "-e", "fuzzy"]
    code, _o, err = run_cli(base + ["--out", tmp_path / "now"])
    assert code == 0, err
    code, _o, err = run_cli(base + ["--out", tmp_path / "later", "--contract-end", "令和12年3月31日"])
    assert code == 0, err

    def flags(folder):
        data = json.loads((folder / "score.json").read_text(encoding="utf-8"))
        return {f for r in data["responses"][0]["results"] for f in r["flags"]}

    assert "ismap_verified" in flags(tmp_path / "now") and "ismap_expired" in flags(tmp_path / "later")
    code, _o, err = run_cli(["compare", "--score-json", tmp_path / "now" / "score.json", "--out", tmp_path / "x", "--contract-end", "2030-03-31"])
    assert code == 64 and "--contract-end" in err
    code, _o, err = run_cli(base + ["--out", tmp_path / "bad", "--contract-end", "2030-02-30"])
    assert code == 64 and "存在しない日付" in err


def test_a_spec_given_as_a_response_is_set_aside(tmp_path):
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path / "o.json", "-e", "fuzzy"])
    assert code == 0, err
    assert "回答ではなく仕様書" in err
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert len(data["responses"]) == 1 and "仕様書" in data["skipped"][0]["error"]


def test_two_files_with_one_vendor_name_are_merged_with_a_message(tmp_path):
    from builders import SPEC_ROWS, answer_xlsx, spec_xlsx

    rows = [(rid, text, "○", "対応します") for rid, _c, text in SPEC_ROWS]
    a = answer_xlsx(tmp_path / "a.xlsx", rows, vendor="同名株式会社")
    b = answer_xlsx(tmp_path / "b.xlsx", rows, vendor="同名株式会社")
    code, _o, err = run_cli(["score", "--spec", spec_xlsx(tmp_path / "s.xlsx"), "-r", a, "-r", b, "--json", tmp_path / "o.json", "-e", "fuzzy"])
    assert code == 0 and "同じ事業者名「同名株式会社」の 2 ファイルを1者の回答として統合しました" in err


# --- what is printed --------------------------------------------------------------------------------------

def test_score_console_is_japanese(tmp_path):
    code, out, _e = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_d_delta.xlsx", "--json", tmp_path / "o.json", "-e", "fuzzy"])
    assert code == 0
    assert "株式会社デルタAI：充足 " in out and "（必須の不充足・記載なし " in out and "照合：文字列の類似度のみ（fuzzy）" in out
    assert "met " not in out and "partial " not in out and "requirements" not in out


def test_check_wording_and_counts_match_score(tmp_path):
    code, out, _e = run_cli(["check", "--spec", SPEC, "-r", RESP / "vendor_d_delta.xlsx", "-e", "fuzzy", "--json", tmp_path / "c.json"])
    assert code == 3
    score_code, score_out, _ = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_d_delta.xlsx", "--json", tmp_path / "s.json", "-e", "fuzzy"])
    failed = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["responses"][0]["summary"]["mandatory_failed"]
    assert f"不充足・記載なし {failed} 件" in out and f"（必須の不充足・記載なし {failed}）" in score_out
    blocks = out.split("\n充足 ")[0].split("\n[")
    for block in blocks:
        if block.lstrip("[").startswith("任意"):
            assert "必須要件" not in block.split("\n", 1)[1], block  # no disqualification warning on an optional item
    first = next(b for b in blocks if "必須・不充足" in b)
    # the requirement text beside its number, cut at 40 characters with 「…」
    assert first.splitlines()[0] == "[必須・不充足] 1 LGWAN-ASPで提供されるサービスであること。またインターネットからも利用す…"
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["mandatory_failed"] == failed


def test_progress_shows_on_a_terminal_only():
    from specgen import progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        with progress.use(progress.TerminalReporter(stream)):
            progress.report("採点しています", 2, 5, "vendor_c.docx")
    assert "採点しています 2/5：vendor_c.docx" in tty.getvalue() and tty.getvalue().startswith("\r")
    assert pipe.getvalue() == ""
    progress.report("誰も聞いていない")  # no reporter installed: nothing happens


def test_no_progress_characters_when_stderr_is_not_a_terminal(tmp_path):
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path / "o.json", "-e", "fuzzy"])
    assert code == 0 and "\r" not in err and "秒]" not in err


def test_matplotlib_is_quiet_when_home_is_not_writable(tmp_path):
    s = score_file(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"} | {"HOME": str(tmp_path / "missing"), "PYTHONPATH": str(ROOT / "src")}
    p = subprocess.run([sys.executable, "-m", "specgen", "compare", "--score-json", str(s), "--out", str(tmp_path / "o"), "-q"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    assert (tmp_path / "o" / "totals.png").exists()


# --- outputs ------------------------------------------------------------------------------------------------

def test_outputs_have_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        assert run_cli(["compare", "--score-json", score_file(tmp_path), "--out", tmp_path / "o", "-q"])[0] == 0
        assert run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", tmp_path / "s.json", "-e", "fuzzy", "-q"])[0] == 0
    finally:
        os.umask(old)
    for p in list((tmp_path / "o").glob("*.*")) + [tmp_path / "s.json"]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p


def test_symlinked_and_device_outputs_are_refused(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", link])
    assert code == 73 and "シンボリックリンク" in err and target.read_text() == "keep" and link.is_symlink()
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", RESP / "vendor_a_alpha.xlsx", "--json", "/dev/null"])
    assert code == 73 and "通常のファイルではありません" in err and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_failed_run_leaves_the_previous_set_whole(tmp_path, monkeypatch):
    s = score_file(tmp_path, A=[result("1", "met")], B=[result("1", "partial")])
    out = tmp_path / "o"
    assert run_cli(["compare", "--score-json", s, "--out", out, "-q"])[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    from specgen.evaluation import report_md

    monkeypatch.setattr(report_md, "render_md", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    code, _o, err = run_cli(["compare", "--score-json", s, "--out", out, "--price", "A=100"])
    assert code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".specgen-")]


def test_a_full_disk_is_one_output_line_without_a_zipfile_traceback(tmp_path, monkeypatch):
    from specgen.files import atomic

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_file", full)
    code, _o, err = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", tmp_path / "o"])
    assert code == 73 and "ディスクの空き容量が不足しています" in err and err.count("\n") == 1 and "Exception ignored" not in err
    assert not (tmp_path / "o" / "evaluation.xlsx").exists()


def test_leftovers_of_a_killed_run_are_cleaned_up(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    dead = 2**22 + 12345  # above the default pid range: no such process
    (out / f".evaluation.xlsx.{dead}-abc123.tmp").write_bytes(b"")
    (out / f".specgen-{dead}-xyz").mkdir()
    (out / f".specgen-{dead}-xyz" / "evaluation.md").write_text("half")
    (out / "notes.txt").write_text("mine")  # not ours: left alone
    assert run_cli(["compare", "--score-json", score_file(tmp_path), "--out", out, "-q"])[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".specgen-")] and "notes.txt" in names


def test_every_output_of_a_run_carries_its_run_id(tmp_path):
    out = tmp_path / "o"
    code, stdout, _e = run_cli(["compare", "--score-json", score_file(tmp_path), "--out", out])
    run_id = stdout.split("実行ID ")[1].split()[0]
    assert json.loads((out / "score.json").read_text(encoding="utf-8"))["evaluation_run"] == run_id
    assert json.loads((out / "committee.json").read_text(encoding="utf-8"))["last_run"] == run_id
    assert run_id in (out / "evaluation.md").read_text(encoding="utf-8")
    assert f"specgen run {run_id}".encode() in (out / "totals.png").read_bytes()
