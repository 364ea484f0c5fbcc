"""Generate a tailored spec and write its documents.

Default: the vendor-facing spec (spec.docx, spec.md), the internal document with the 発注者側 notes and the
rationale (spec_internal.docx, spec_internal.md), the answer sheet (requirements.xlsx) and spec.json.
combined=True writes today's single spec.docx / spec.md with everything, and no internal files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError
from specgen.catalog.load import load_library
from specgen.spec.model import Spec
from specgen.profile.project import Project, load_project
from specgen.spec.json_io import spec_json_text
from specgen.resolve.tailor import tailor
from .writers.docx_spec import build_docx
from .writers.markdown import render_markdown
from .writers.xlsx_answer_sheet import build_answer_sheet

OUTPUT_NAMES = ("spec.docx", "spec_internal.docx", "requirements.xlsx", "spec.json", "spec.md", "spec_internal.md")
COMBINED_NAMES = ("spec.docx", "requirements.xlsx", "spec.json", "spec.md")


@dataclass(frozen=True)
class GenerateResult:
    spec: Spec
    files: tuple[Path, ...]


def build_spec(data_class: str, service: str, personal_data: bool | None = None, terms_of_service: bool = False,
               project_file: Path | None = None, library_dir: Path | None = None) -> Spec:
    """Resolve a spec without writing anything (raises TailoringRefusal / ProjectFileError)."""
    library = load_library(library_dir)
    project = load_project(project_file, library) if project_file else Project()
    return tailor(library, data_class, service, personal_data, terms_of_service, project)


def write_outputs(spec: Spec, out_dir: Path, md_template: Path | None = None, combined: bool = False) -> tuple[Path, ...]:
    """Write every output into a temporary folder, then move them into `out_dir` (nothing half-written)."""
    out_dir = Path(out_dir)
    main = "combined" if combined else "vendor"
    # markdown first: a broken user template fails before anything is written
    markdown = {"spec.md": render_markdown(spec, md_template, main)}
    if not combined:
        markdown["spec_internal.md"] = render_markdown(spec, md_template, "internal")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".specgen-", dir=out_dir))
    except OSError as e:
        raise OutputError(f"{out_dir}: 出力先を作成できません / cannot create output folder ({e.strerror})") from None
    try:
        build_docx(spec, staging / "spec.docx", main)
        if not combined:
            build_docx(spec, staging / "spec_internal.docx", "internal")
        build_answer_sheet(spec, staging / "requirements.xlsx")
        (staging / "spec.json").write_text(spec_json_text(spec), encoding="utf-8")
        for name, text in markdown.items():
            (staging / name).write_text(text, encoding="utf-8")
        targets = []
        for name in COMBINED_NAMES if combined else OUTPUT_NAMES:
            os.replace(staging / name, out_dir / name)
            targets.append(out_dir / name)
        return tuple(targets)
    finally:
        for leftover in staging.glob("*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        with contextlib.suppress(OSError):
            staging.rmdir()


def generate(data_class: str, service: str, out_dir: Path, personal_data: bool | None = None,
             terms_of_service: bool = False, project_file: Path | None = None, md_template: Path | None = None,
             combined: bool = False) -> GenerateResult:
    """Tailor the clause library and write the outputs. A refusal writes nothing."""
    spec = build_spec(data_class, service, personal_data, terms_of_service, project_file)
    return GenerateResult(spec, write_outputs(spec, out_dir, md_template, combined))
