"""The generate / clauses / init contract, through the real console entry point."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


@pytest.mark.parametrize("use_cli", [True, False])
def test_generate_writes_four_files_both_ways(tmp_path, use_cli):
    out = tmp_path / "out"
    if use_cli:
        code, stdout, _ = run_cli(["generate", "--data-class", "3C", "--service", "sns", "--out", out])
        assert code == 0 and "要件" in stdout and "必須" in stdout
    else:
        from specgen.generate import generate

        generate("3C", "sns", out)
    data = json.loads((out / "spec.json").read_text(encoding="utf-8"))
    assert data["inputs"]["service"] == "sns"
    assert {p.name for p in out.iterdir()} == {"spec.docx", "spec_internal.docx", "requirements.xlsx", "spec.json", "spec.md",
                                               "spec_internal.md"}


def test_combined_flag_writes_one_spec_with_everything(tmp_path):
    """Finding 23: an option keeps today's combined form (no separate internal document)."""
    code, _, _ = run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path, "--combined"])
    assert code == 0
    assert {p.name for p in tmp_path.iterdir()} == {"spec.docx", "requirements.xlsx", "spec.json", "spec.md"}
    assert "発注者側の留意事項" in (tmp_path / "spec.md").read_text(encoding="utf-8")


def test_placeholders_are_warned_on_the_console(tmp_path):
    """Finding 25: without --project, 「○○市」「令和○年」 are not silent."""
    code, _, stderr = run_cli(["generate", "-c", "2", "-s", "genai", "-o", tmp_path])
    assert code == 0
    assert "注意" in stderr and "○○市" in stderr and "令和○年" in stderr and "params.standard_models" in stderr
    code, stdout, stderr = run_cli(["generate", "-c", "2", "-s", "genai", "-o", tmp_path / "quiet", "-q"])
    assert code == 0 and stdout == "" and stderr == ""


def test_lowercase_data_class_is_accepted(tmp_path):
    code, _, _ = run_cli(["generate", "-c", "3b", "-s", "cloud", "-o", tmp_path])
    assert code == 0


@pytest.mark.parametrize("args,needle", [
    (["--data-class", "3A", "--service", "genai"], "3A"),
    (["--data-class", "2", "--service", "genai", "--terms-of-service"], "約款型"),
    (["--data-class", "1", "--service", "sns", "--personal-data"], "個人情報"),
    (["--data-class", "2", "--service", "payment", "--no-personal-data"], "収納代行業者"),
])
def test_refusals_exit_2_with_reason_and_write_nothing(tmp_path, args, needle):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(["generate", *args, "--out", out])
    assert code == 2
    assert needle in stderr and stderr.count("\n") == 1
    assert not out.exists()


def test_existing_outputs_survive_a_refusal(tmp_path):
    run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path])
    before = (tmp_path / "spec.json").read_bytes()
    code, _, _ = run_cli(["generate", "-c", "3A", "-s", "cloud", "-o", tmp_path, "--force"])  # even allowed to overwrite
    assert code == 2 and (tmp_path / "spec.json").read_bytes() == before


def test_clauses_lists_ids_and_sources():
    code, stdout, _ = run_cli(["clauses", "--service", "genai", "--data-class", "3B"])
    assert code == 0
    assert "GAI-11" in stdout and "8.3(3)②(ア)" in stdout and "LINE-OA-1" not in stdout


def test_clauses_json():
    code, stdout, _ = run_cli(["clauses", "--json"])
    rows = json.loads(stdout)
    assert code == 0 and all(r["source"]["seed"].endswith(".txt") for r in rows)


def test_clauses_rejects_unknown_service():
    code, _, stderr = run_cli(["clauses", "--service", "fax"])
    assert code == 64 and "サービス種別「fax」はありません" in stderr and "genai（生成AIサービス）" in stderr  # a usage error listing the choices


def test_init_writes_a_template_that_generates(tmp_path):
    project = tmp_path / "project.yaml"
    code, _, _ = run_cli(["init", "--out", project])
    assert code == 0 and "municipality" in project.read_text(encoding="utf-8")
    code, _, _ = run_cli(["init", "--out", project])
    assert code == 1  # never overwrites without --force
    code, _, stderr = run_cli(["generate", "-c", "3B", "-s", "genai", "-p", project, "-o", tmp_path / "o"])
    assert code == 0, stderr
    md = (tmp_path / "o" / "spec.md").read_text(encoding="utf-8")
    assert "令和9年4月1日から令和10年3月31日まで" in md  # finding 24: 和暦 by default
    assert "令和○年" not in stderr and "○○市" in stderr  # the template sets the period; the municipality is still to fill


def test_help_and_version_are_instant_and_clean():
    code, stdout, _ = run_cli(["--help"])
    assert code == 0 and "generate" in stdout
    code, stdout, _ = run_cli(["--version"])
    assert code == 0 and stdout.startswith("specgen ")


@pytest.mark.parametrize("spelling", ["３Ｂ", "機密性3B", "3b"])
def test_data_class_as_people_write_it(tmp_path, spelling):
    code, _o, _e = run_cli(["generate", "--data-class", spelling, "--service", "cloud", "--out", tmp_path / "o", "-q"])
    assert code == 0
    assert json.loads((tmp_path / "o" / "spec.json").read_text(encoding="utf-8"))["inputs"]["data_class"] == "3B"


def test_generate_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "o"
    assert run_cli(["generate", "-c", "2", "-s", "cloud", "--out", out, "-q"])[0] == 0
    edited = (out / "spec.md").read_text(encoding="utf-8") + "\n手で追記した行\n"
    (out / "spec.md").write_text(edited, encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "--out", out, "-q"])
    assert code != 0 and "--force" in err and (out / "spec.md").read_text(encoding="utf-8") == edited
    assert run_cli(["generate", "-c", "2", "-s", "cloud", "--out", out, "-q", "--force"])[0] == 0
    assert "手で追記した行" not in (out / "spec.md").read_text(encoding="utf-8")
