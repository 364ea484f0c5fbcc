"""The exact lines a user sees on stderr, and the exit code, for the messages of the command line.

Substring checks let a message lose its Japanese half, its file name or its hint and stay green; these compare the
whole output. Most run in-process through the console entry point (conftest.run_cli); two go through a real
process to check the code the shell gets.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, ROOT, SAMPLES, run_cli
from specgen.resolve.tailor import refusal_reason

SPEC = SAMPLES / "spec_city_genai.xlsx"
ALPHA = SAMPLES / "responses" / "vendor_a_alpha.xlsx"
HOSTILE = DATA / "hostile"
NOTHING_SCORED = "specgen: 採点できる回答がありません / no response could be scored"


@pytest.mark.parametrize("args,why", [
    (["-c", "3A", "-s", "genai"], ("3A", False, False, "genai")),
    (["-c", "3B", "-s", "genai", "--terms-of-service"], ("3B", True, True, "genai")),
    (["-c", "1", "-s", "payment"], ("1", False, True, "payment")),
    (["-c", "2", "-s", "payment", "--no-personal-data"], ("2", False, False, "payment")),
    (["-c", "1", "-s", "cloud", "--personal-data"], ("1", False, True, "cloud")),
], ids=["3A", "terms-of-service", "payment-class-1", "payment-without-personal-data", "personal-data-class-1"])
def test_generate_refusals(tmp_path, args, why):
    code, out, err = run_cli(["generate", *args, "-o", tmp_path / "g"])
    assert (code, out, err) == (2, "", f"specgen: {refusal_reason(*why)}\n")
    assert not (tmp_path / "g").exists()  # nothing written


def test_the_refusal_texts_themselves():
    """The sentence a refused officer reads (the parametrised test above takes it from the rules)."""
    assert refusal_reason("3B", True, True, "genai") == (
        "約款型サービス（定型約款・規約への同意のみで利用できるサービス）では、自治体機密性2以上の情報を原則として取り扱えないため、"
        "仕様書を作成しません（セキュリティポリシーに関するガイドライン 8.3【趣旨】、LINEガイドライン 3.(2)）。非約款型（個別契約）で調達するか、"
        "取り扱う情報を自治体機密性1に限ってください。")
    assert refusal_reason("1", False, True, "cloud") == (
        "個人情報は不開示情報に当たるため自治体機密性1には分類できません（統一基準：個人情報は機密性2情報）。個人情報を扱う場合は --data-class 2 以上"
        "（住民情報のファイルなら 3B、職員の属性情報やオンライン申請の一時保管データなら 3C）を指定してください。")


USAGE = "（使い方：specgen generate --help）"


@pytest.mark.parametrize("args,line", [
    (["-c", "4", "-s", "genai"], "specgen: '--data-class' / '-c' の値が正しくありません / Invalid value for '--data-class' / '-c': 「4」は"
                                 "自治体機密性の区分ではありません。1・2・3C・3B・3A のいずれか（「３Ｂ」「機密性3B」も可）/ not a data class; use 1, 2, "
                                 "3C, 3B or 3A" + USAGE),
    (["-c", "3B", "-s", "bank"], "specgen: '--service' / '-s' の値が正しくありません / Invalid value for '--service' / '-s': サービス種別「bank」"
                                 "はありません。genai（生成AIサービス）・cloud（クラウドサービス）・sns（LINE等SNS公式アカウント連携システム）・payment"
                                 "（キャッシュレス決済（収納代行業者経由）） のいずれか / choose one of genai, cloud, sns, payment" + USAGE),
    (["-s", "genai"], "specgen: 必要な指定がありません：'--data-class' / '-c' / Missing option '--data-class' / '-c'." + USAGE),
    (["-c", "3B", "-s", "genai", "--bogus"], "specgen: 不明なオプションです：--bogus（--out のことですか？） / No such option: --bogus "
                                             "(Possible options: --out)" + USAGE),
], ids=["bad-class", "bad-service", "missing-option", "unknown-option"])
def test_generate_usage_errors(tmp_path, args, line):
    code, out, err = run_cli(["generate", *args, "-o", tmp_path / "g"])
    assert (code, out, err) == (64, "", line + "\n")


def test_data_class_as_people_write_it_is_accepted(tmp_path):
    code, _out, err = run_cli(["generate", "-c", "機密性３ｂ", "-s", "cloud", "-o", tmp_path / "g"])
    assert code == 0 and "usage" not in err.lower()


def test_missing_project_file(tmp_path):
    missing = tmp_path / "missing.yaml"
    code, out, err = run_cli(["generate", "-c", "3B", "-s", "genai", "-o", tmp_path / "g", "-p", missing])
    assert (code, out, err) == (1, "", f"specgen: {missing}: ファイルが見つかりません / file not found ({missing})\n")


def test_missing_spec_file(tmp_path):
    nope = tmp_path / "nope.json"
    code, out, err = run_cli(["score", "--spec", nope, "-r", ALPHA, "--json", tmp_path / "o.json"])
    assert (code, out, err) == (1, "", f"specgen: nope.json: ファイルが見つかりません / file not found ({nope})\n")


@pytest.mark.parametrize("name,why", [
    ("encrypted.xlsx", "パスワードで保護（暗号化）されています。保護を解除して保存し直してください / encrypted (password-protected) file"),
    ("truncated.xlsx", "ファイルが壊れています（ZIP として読めません。途中で切れている可能性）/ corrupt or truncated file"),
])
def test_an_unreadable_response_is_skipped_and_named(tmp_path, name, why):
    code, out, err = run_cli(["score", "--spec", SPEC, "-r", HOSTILE / name, "--json", tmp_path / "o.json"])
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"specgen: 除外しました / skipped: {name}: {why}", NOTHING_SCORED]


def test_a_missing_response_is_skipped_and_named(tmp_path):
    missing = tmp_path / "missing.xlsx"
    code, _out, err = run_cli(["score", "--spec", SPEC, "-r", missing, "--json", tmp_path / "o.json"])
    assert code == 1
    assert err.splitlines() == [f"specgen: 除外しました / skipped: missing.xlsx: ファイルが見つかりません / file not found ({missing})",
                                NOTHING_SCORED]


def test_an_encrypted_spec_is_one_line(tmp_path):
    code, out, err = run_cli(["score", "--spec", HOSTILE / "encrypted.xlsx", "-r", ALPHA, "--json", tmp_path / "o.json"])
    assert (code, out, err) == (1, "", "specgen: encrypted.xlsx: パスワードで保護（暗号化）されています。保護を解除して保存し直してください"
                                       " / encrypted (password-protected) file\n")


def test_check_with_a_corrupt_response(tmp_path):
    code, out, err = run_cli(["check", "--spec", SPEC, "-r", HOSTILE / "truncated.xlsx"])
    assert (code, out, err) == (1, "", "specgen: truncated.xlsx: ファイルが壊れています（ZIP として読めません。途中で切れている可能性）"
                                       "/ corrupt or truncated file\n")


def test_score_without_a_response_is_usage(tmp_path):
    code, out, err = run_cli(["score", "--spec", SPEC, "--json", tmp_path / "o.json"])
    assert (code, out, err) == (64, "", "specgen: 必要な指定がありません：'--response' / '-r' / Missing option '--response' / '-r'."
                                        "（使い方：specgen score --help）\n")


def test_compare_messages(tmp_path):
    none = tmp_path / "none.json"
    code, out, err = run_cli(["compare", "--score-json", none, "--out", tmp_path / "e"])
    assert (code, out, err) == (1, "", f"specgen: none.json: 採点結果 JSON ファイルが見つかりません / file not found ({none})\n")
    code, out, err = run_cli(["compare", "--score-json", none, "--out", tmp_path / "e", "--method", "both"])
    assert (code, out, err) == (64, "", "specgen: --method both: add（加算方式）又は div（除算方式）を指定してください / use add or div\n")


def test_unknown_command_lists_the_commands():
    code, out, err = run_cli(["frobnicate"])
    assert (code, out) == (64, "")
    # other commands are added over time: the form is fixed, the list holds at least these
    head, tail = "specgen: そのコマンドはありません（", "） / No such command 'frobnicate'.（使い方：specgen --help）\n"
    assert err.startswith(head) and err.endswith(tail), err
    assert {"generate", "clauses", "init", "score", "compare", "check"} <= set(err[len(head):-len(tail)].split("・"))


@pytest.mark.parametrize("args,code,line", [
    (["generate", "-c", "3A", "-s", "genai"], 2, f"specgen: {refusal_reason('3A', False, False, 'genai')}"),
    (["generate", "-c", "9", "-s", "genai"], 64, None),
], ids=["refusal", "usage"])
def test_a_real_process_gets_the_documented_exit_code(tmp_path, args, code, line):
    p = subprocess.run([sys.executable, "-m", "specgen", *args, "-o", str(tmp_path / "g")], capture_output=True, text=True,
                       timeout=120, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert p.returncode == code and p.stdout == "" and len(p.stderr.splitlines()) == 1, p.stderr
    if line:
        assert p.stderr == line + "\n"
