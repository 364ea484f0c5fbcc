"""specgen generate: write the vendor-facing spec, the internal document, the answer sheet and spec.json."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from ..spec.formats import OUTPUT_NAMES
from .common import data_class_option, refuse_overwrite, service_option


def generate(
    data_class: str = typer.Option(..., "--data-class", "-c", callback=data_class_option,
                                   help="自治体機密性: 1, 2, 3C, 3B, 3A（「３Ｂ」「機密性3B」も可）"),
    service: str = typer.Option(..., "--service", "-s", callback=service_option, help="genai 生成AI / cloud クラウド / sns LINE等SNS / payment キャッシュレス決済（収納代行業者経由）"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if missing)."),
    project: Path | None = typer.Option(None, "--project", "-p", help="Project file (YAML); see `specgen init`."),
    personal_data: bool | None = typer.Option(None, "--personal-data/--no-personal-data", help="個人情報の取扱い (default: yes for 3C/3B and payment, no otherwise)."),
    terms_of_service: bool = typer.Option(False, "--terms-of-service", help="約款型サービス (standard terms of service, no individual contract)."),
    md_template: Path | None = typer.Option(None, "--md-template", help="Your own jinja2 template for spec.md (rendered in a sandbox)."),
    combined: bool = typer.Option(False, "--combined", help="One spec.docx/spec.md with the 発注者側 notes and rationale (no separate internal document)."),
    force: bool = typer.Option(False, "--force", help="既存の出力を上書きする / overwrite outputs already in --out (hand edits are lost)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
) -> None:
    """Generate a tailored 調達仕様書 (vendor-facing and internal) and its answer sheet.

    A refusal (3A, 約款型 with class ≥ 2, personal data at class 1) exits 2 and writes nothing. Values still to be
    set (○○市, 令和○年, model names from the source) are listed as 注意 lines on stderr and in the internal document."""
    from ..catalog.models import SERVICES
    from ..generate import generate as run

    t0 = time.perf_counter()
    dc = data_class
    refuse_overwrite(out, OUTPUT_NAMES, force)  # a spec edited by hand in Word is not overwritten silently
    result = run(dc, service, out, personal_data, terms_of_service, project, md_template, combined)
    if not quiet:
        for check in result.spec.checks:
            typer.echo(f"注意: {check}", err=True)
        spec = result.spec
        mandatory = sum(r.mandatory for r in spec.requirements)
        merged = sum(d.basis == "merged" for d in spec.decisions)
        typer.echo(
            f"要件{len(spec.requirements)}件（必須{mandatory}件）、発注者側の留意事項{len(spec.city_notes)}件、"
            f"統合した条項{merged}件、対象外の条項{sum(not d.included for d in spec.decisions)}件（理由は内部検討用資料の付録）"
            f"［自治体機密性{dc}・{SERVICES[service]}・個人情報{'あり' if spec.inputs.personal_data else 'なし'}］"
            f" {time.perf_counter() - t0:.2f}秒"
        )
        for f in result.files:
            typer.echo(f"  {f}")
