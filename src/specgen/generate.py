"""Generate a tailored spec and write its documents.

Default: the vendor-facing spec (spec.docx, spec.md), the internal document with the 発注者側 notes and the
rationale (spec_internal.docx, spec_internal.md), the answer sheet (requirements.xlsx) and spec.json.
combined=True writes today's single spec.docx / spec.md with everything, and no internal files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog.load import load_library
from .files.atomic import OutputSet
from .profile.project import Project, load_project
from .resolve.tailor import tailor
from .spec.formats import COMBINED_NAMES, OUTPUT_NAMES
from .spec.json_io import spec_json_text
from .spec.model import Spec
from .writers.docx_spec import build_docx
from .writers.markdown import render_markdown
from .writers.xlsx_answer_sheet import build_answer_sheet


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
    """Write every output staged, then move them into `out_dir` together (nothing half-written; a full disk or a
    read-only folder is one OutputError line, exit 73). In combined mode the internal files of an earlier run are
    removed with the same move, so the folder never mixes two runs."""
    out_dir = Path(out_dir)
    main = "combined" if combined else "vendor"
    # markdown first: a broken user template fails before anything is written
    markdown = {"spec.md": render_markdown(spec, md_template, main)}
    if not combined:
        markdown["spec_internal.md"] = render_markdown(spec, md_template, "internal")
    targets = [out_dir / name for name in (COMBINED_NAMES if combined else OUTPUT_NAMES)]
    stale = [out_dir / name for name in OUTPUT_NAMES if name not in COMBINED_NAMES] if combined else []
    with OutputSet(targets, remove=stale) as out:
        out.write_with(out_dir / "spec.docx", lambda p: build_docx(spec, p, main))
        if not combined:
            out.write_with(out_dir / "spec_internal.docx", lambda p: build_docx(spec, p, "internal"))
        out.write_with(out_dir / "requirements.xlsx", lambda p: build_answer_sheet(spec, p))
        out.write_text(out_dir / "spec.json", spec_json_text(spec))
        for name, text in markdown.items():
            out.write_text(out_dir / name, text)
    return tuple(targets)


def generate(data_class: str, service: str, out_dir: Path, personal_data: bool | None = None,
             terms_of_service: bool = False, project_file: Path | None = None, md_template: Path | None = None,
             combined: bool = False) -> GenerateResult:
    """Tailor the clause library and write the outputs. A refusal writes nothing."""
    spec = build_spec(data_class, service, personal_data, terms_of_service, project_file)
    return GenerateResult(spec, write_outputs(spec, out_dir, md_template, combined))
