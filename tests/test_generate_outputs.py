"""generate writes its outputs as one set: all of them or none, and a failing disk is one line (exit 73)."""

from __future__ import annotations

import errno

import pytest

from specgen import generate as gen
from specgen.errors import EXIT_CANNOT_WRITE, OutputError


def test_a_full_disk_while_writing_the_docx_is_an_output_error_and_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    gen.generate("2", "cloud", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(spec, path, audience):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gen, "build_docx", full)
    with pytest.raises(OutputError, match="spec.docx") as e:
        gen.generate("3B", "cloud", out)
    assert e.value.exit_code == EXIT_CANNOT_WRITE
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging folder left, nothing replaced


def test_combined_output_removes_the_internal_files_of_an_earlier_run(tmp_path):
    out = tmp_path / "out"
    gen.generate("3B", "genai", out)
    assert (out / "spec_internal.docx").exists()
    gen.generate("3B", "genai", out, combined=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(gen.COMBINED_NAMES)
