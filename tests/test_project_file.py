"""A broken or hostile project file ends in one clear line naming the file, key and line."""

from __future__ import annotations

import time

import pytest

from conftest import run_cli
from specgen.errors import ProjectFileError
from specgen.profile.project import load_project


def write(tmp_path, text: str):
    p = tmp_path / "project.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("text,needles", [
    ("municipality: 架空市\ncolour: red\n", ["colour", "line 2", "unknown key"]),
    ("params:\n  concurent_users: 10\n", ["concurent_users", "line 2", "unknown parameter"]),
    ("remove:\n  - GAI-99\n", ["GAI-99", "line 2", "unknown clause"]),
    ("mandatory:\n  NOPE-1: true\n", ["NOPE-1", "line 2"]),
    ("period:\n  start: 2027-04-01\n  ende: 2028-03-31\n", ["period", "ende"]),
    ("title: [unclosed\n", ["invalid YAML", "line"]),
    ("- just\n- a list\n", ["mapping"]),
    ("!!python/object/apply:os.system ['echo pwned']\n", ["invalid YAML"]),
    ("weights:\n  GAI-11: lots\n", ["weights.GAI-11"]),
    ("period:\n  start: 2028-04-01\n  end: 2027-03-31\n", ["period", "line 1", "開始日", "より後です"]),
    ("calendar: 皇紀\n", ["calendar", "line 1"]),
])
def test_bad_project_files_get_a_precise_error(tmp_path, library, text, needles):
    with pytest.raises(ProjectFileError) as e:
        load_project(write(tmp_path, text), library)
    msg = str(e.value)
    assert "\n" not in msg and str(tmp_path) in msg
    for n in needles:
        assert n in msg, msg


def _bomb(levels: int) -> str:
    """A billion-laughs YAML: each level is a list of nine aliases of the level before (9 × levels aliases)."""
    return "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(levels))


def test_yaml_bomb_with_many_aliases_is_refused_before_parsing(tmp_path, library):
    path = write(tmp_path, _bomb(12))  # 108 aliases
    t = time.perf_counter()
    with pytest.raises(ProjectFileError) as e:
        load_project(path, library)
    assert str(e.value) == f"{path}: エイリアス（*名前）が多すぎます（100 個まで）/ too many aliases"
    assert time.perf_counter() - t < 2


def test_yaml_bomb_under_the_alias_limit_is_not_expanded(tmp_path, library):
    """Three more levels (729 times the leaves if expanded) may cost a little more to parse, not hundreds of times more.
    Compared with the same file at 3 levels, so the check holds on a fast machine and a slow one."""
    def seconds(levels: int) -> float:
        path = write(tmp_path, _bomb(levels))
        t = time.perf_counter()
        with pytest.raises(ProjectFileError) as e:
            load_project(path, library)
        assert str(e.value) == f"{path} line 1: a: 不明なキーです / unknown key"
        return time.perf_counter() - t

    small = min(seconds(3) for _ in range(3))
    assert seconds(6) < 20 * small + 0.05


def test_not_utf8_and_missing_files(tmp_path, library):
    p = tmp_path / "sjis.yaml"
    p.write_bytes("municipality: 架空市\n".encode("shift_jis"))
    with pytest.raises(ProjectFileError, match="UTF-8"):
        load_project(p, library)
    with pytest.raises(ProjectFileError, match="見つかりません|cannot read"):
        load_project(tmp_path / "missing.yaml", library)


def test_cli_reports_project_errors_in_one_line_and_exit_1(tmp_path):
    p = write(tmp_path, "municipality: 架空市\nbogus: 1\n")
    code, _, stderr = run_cli(["generate", "-c", "2", "-s", "cloud", "-p", p, "-o", tmp_path / "o"])
    assert code == 1 and stderr.count("\n") == 1 and "bogus" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "o").exists()


def test_template_injection_in_project_values_is_not_evaluated(tmp_path, library):
    from specgen.resolve.tailor import tailor

    p = write(tmp_path, "city_term: \"{{ ''.__class__.__mro__ }}\"\nparams:\n  concurrent_users: \"{{ 7*7 }}\"\n")
    spec = tailor(library, "2", "genai", project=load_project(p, library))
    text = next(r.text for r in spec.requirements if r.clause_id == "GAI-05")
    assert "{{ 7*7 }}" in text and "49" not in text


def test_calendar_choice_prints_the_period_in_that_style(tmp_path, library):
    """Finding 24: 令和 by default (as in the 件名), 西暦 on request; the first year of an era is 元年."""
    p = write(tmp_path, "period:\n  start: 2019-05-01\n  end: 2020-03-31\n")
    assert load_project(p, library).period_text() == "令和元年5月1日から令和2年3月31日まで"
    p = write(tmp_path, "calendar: 西暦\nperiod:\n  start: 2027-04-01\n  end: 2028-03-31\n")
    assert load_project(p, library).period_text() == "2027年4月1日から2028年3月31日まで"


def test_a_title_longer_than_word_properties_allow_is_kept_in_the_body(tmp_path):
    """Word's core properties hold 255 characters; a longer 件名 must not end the run with an internal error."""
    from docx import Document

    p = tmp_path / "p.yaml"
    p.write_text("municipality: 長野県テスト市\ntitle: " + "あ" * 300 + "\n", encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "-p", p, "-o", tmp_path / "o", "-q"])
    assert code == 0, err
    doc = Document(str(tmp_path / "o" / "spec.docx"))
    assert len(doc.core_properties.title) <= 255
    assert any("あ" * 300 in par.text for par in doc.paragraphs)


def test_type_errors_in_the_project_file_are_japanese_first(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("municipality: テスト市\nparams: 3\n", encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "-p", p, "-o", tmp_path / "o"])
    assert code != 0 and "line 2" in err and "params" in err
    assert err.split("params: ", 1)[1].startswith("キーと値の組")
