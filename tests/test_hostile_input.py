"""Hostile and broken input: one readable line, no traceback, nothing executed, nothing modified."""

from __future__ import annotations

import errno
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DATA, SAMPLES, run_cli
from specgen.errors import InputFileError, OutputError
from specgen.files.safety import Limits, check_zip, sniff

HOSTILE = DATA / "hostile"
SPEC = SAMPLES / "spec_city_genai.xlsx"

EXPECTED = {
    "empty.xlsx": "empty",
    "encrypted.xlsx": "encrypted",
    "legacy.xls": "legacy",
    "legacy.doc": "legacy",
    "rtf_named.docx": "RTF",
    "html_saved_as.xls": "HTML",
    "pdf_named.xlsx": "PDF",
    "plain_zip.docx": "plain ZIP",
    "truncated.xlsx": "truncated",
    "workbook_named.docx": "not docx",
    "zip_bomb.xlsx": "compression ratio",
    "entity_bomb.xlsx": "entity",
    "external_entity.docx": "entity",
    "huge_dimension.xlsx": "sheet too large",
    "no_answer_table.xlsx": "no answer table",
    "no_text.docx": "no text",
    "secret.txt": "not an Office Open XML file",
}


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("name,needle", sorted(EXPECTED.items()))
def test_each_failure_mode_gets_its_own_clear_line(tmp_path, name, needle):
    path = HOSTILE / name
    before = sha(path)
    code, _out, err = run_cli(["score", "--spec", SPEC, "-r", path, "--json", tmp_path / "o.json"])
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 2 and name in lines[0] and needle in lines[0], lines  # skipped line + nothing-to-score line
    assert sha(path) == before
    assert not (tmp_path / "o.json").exists()  # nothing could be scored: no report at all


@pytest.mark.parametrize("name", ["macro_enabled.xlsm", "macro_enabled.docm"])
def test_macro_enabled_files_are_read_as_data(tmp_path, name):
    path = HOSTILE / name
    before = sha(path)
    code, out, err = run_cli(["score", "--spec", SPEC, "-r", path, "--json", tmp_path / "o.json"])
    assert code == 0, err
    assert sha(path) == before
    with zipfile.ZipFile(path) as z:
        assert any("vbaProject" in n for n in z.namelist())  # the macro is there, and was never loaded


def test_openpyxl_itself_refuses_entity_expansion():
    """Below our own DTD check: openpyxl must parse through defusedxml (fails if that path is lost)."""
    import specgen  # noqa: F401  sets OPENPYXL_DEFUSEDXML
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
    import io

    from defusedxml import EntitiesForbidden

    # openpyxl wraps the parser's error in a ValueError of its own; the cause must be defusedxml's refusal
    with pytest.raises(ValueError, match="Unable to read workbook") as e:
        load_workbook(io.BytesIO((HOSTILE / "entity_bomb.xlsx").read_bytes()))
    cause = e.value.__cause__ or e.value.__context__
    assert isinstance(cause, EntitiesForbidden) and cause.name == "lol", repr(cause)  # defusedxml refused the DTD entities


def test_python_docx_itself_does_not_resolve_external_entities():
    import docx

    import io

    # python-docx reads the document (it does not refuse it) and leaves the entity unresolved: the line that held
    # 「提案者：&xxe;」 reads 「提案者：」, and the secret file's text appears nowhere
    paragraphs = [p.text for p in docx.Document(io.BytesIO((HOSTILE / "external_entity.docx").read_bytes())).paragraphs]
    assert paragraphs[1] == "提案者："
    assert not any("TOP-SECRET-ON-DISK" in t for t in paragraphs)


def test_formula_injection_is_neutralised_in_reports(tmp_path):
    code, _o, err = run_cli(["score", "--spec", SPEC, "-r", HOSTILE / "formula_injection.xlsx", "--json", tmp_path / "o.json", "--xlsx", tmp_path / "r.xlsx"])
    assert code == 0, err
    wb = load_workbook(tmp_path / "r.xlsx")
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("HYPERLINK" in v for v in values)
    for v in values:
        assert not v.startswith(("=", "+", "-", "@")), v
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_safe_cell_cuts_long_text_with_a_marker():
    from specgen.writers.cellsafe import safe_cell

    assert safe_cell("=1+1") == "'=1+1" and safe_cell("\tx") == "'\tx" and safe_cell("普通の文") == "普通の文"
    long = safe_cell("あ" * 5000)
    assert len(long) == 2000 and long.endswith("（以下省略）")


def test_limits_are_configurable():
    tight = Limits(max_members=3)
    with pytest.raises(InputFileError, match="too many parts"):
        check_zip(SAMPLES / "responses" / "vendor_a_alpha.xlsx", "xlsx", tight)
    with pytest.raises(InputFileError, match="too large"):
        sniff(SAMPLES / "responses" / "vendor_a_alpha.xlsx", Limits(max_file_bytes=100))


def test_sandboxed_user_template(tmp_path):
    evil = tmp_path / "evil.md.j2"
    evil.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path / "out", "--md-template", evil])
    assert code == 1 and "sandbox" in err and not (tmp_path / "out").exists()
    good = tmp_path / "mine.md.j2"
    good.write_text("# {{ title }}\n{% for r in requirements %}- {{ r.id }}\n{% endfor %}", encoding="utf-8")
    code, _o, err = run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path / "out2", "--md-template", good])
    assert code == 0, err
    assert (tmp_path / "out2" / "spec.md").read_text(encoding="utf-8").startswith("# クラウドサービス利用業務")


def test_failed_output_leaves_no_half_written_file(tmp_path, monkeypatch):
    from specgen.files.atomic import write_atomic

    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous")

    def boom(p):
        p.write_bytes(b"partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_generate_failure_midway_leaves_outputs_untouched(tmp_path, monkeypatch):
    from specgen import generate as gen

    run_cli(["generate", "-c", "2", "-s", "cloud", "-o", tmp_path])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def fail(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gen, "build_answer_sheet", fail)
    with pytest.raises(OutputError) as e:  # one line, exit 73 (was an OSError escaping as exit 70)
        gen.generate("3B", "genai", tmp_path)
    assert str(e.value) == f"{tmp_path / 'requirements.xlsx'}: ディスクの空き容量が不足しています / no space left on device"
    assert e.value.exit_code == 73
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
