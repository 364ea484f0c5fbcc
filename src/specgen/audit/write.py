"""Write audit.md, audit.xlsx and audit.docx together (all or nothing, `files.atomic.OutputSet`)."""

from __future__ import annotations

from pathlib import Path

from .model import AuditResult

OUTPUT_NAMES = ("audit.md", "audit.xlsx", "audit.docx")


def write_reports(result: AuditResult, out_dir: Path) -> tuple[Path, ...]:
    from specgen.files.atomic import OutputSet

    from .report_docx import build_docx
    from .report_md import render_md
    from .report_xlsx import build_xlsx

    out_dir = Path(out_dir)
    targets = [out_dir / n for n in OUTPUT_NAMES]
    # everything rendered before anything is staged: a failure leaves the folder as it was
    md, xlsx, docx = render_md(result), build_xlsx(result), build_docx(result)
    with OutputSet(targets) as out:
        out.write_text(targets[0], md)
        out.write_bytes(targets[1], xlsx)
        out.write_bytes(targets[2], docx)
    return tuple(targets)
