"""specgen generate: write spec.docx, requirements.xlsx, spec.json and spec.md for one data class × service."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer


class DataClassOpt(str, Enum):
    c1 = "1"
    c2 = "2"
    c3C = "3C"
    c3B = "3B"
    c3A = "3A"


class ServiceOpt(str, Enum):
    genai = "genai"
    cloud = "cloud"
    sns = "sns"
    payment = "payment"


def generate(
    data_class: DataClassOpt = typer.Option(..., "--data-class", "-c", help="自治体機密性: 1, 2, 3C, 3B, 3A", case_sensitive=False),
    service: ServiceOpt = typer.Option(..., "--service", "-s", help="genai 生成AI / cloud クラウド / sns LINE等SNS / payment 収納代行(LINE Pay等)"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (created if missing)."),
    project: Path | None = typer.Option(None, "--project", "-p", help="Project file (YAML); see `specgen init`."),
    personal_data: bool | None = typer.Option(None, "--personal-data/--no-personal-data", help="個人情報の取扱い (default: yes for 3C/3B, no otherwise)."),
    terms_of_service: bool = typer.Option(False, "--terms-of-service", help="約款型サービス (standard terms of service, no individual contract)."),
    md_template: Path | None = typer.Option(None, "--md-template", help="Your own jinja2 template for spec.md (rendered in a sandbox)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
) -> None:
    """Generate a tailored 調達仕様書 and its answer sheet. A refusal (3A, 約款型 with class ≥ 2) exits 2 and writes nothing."""
    from ..generate import generate as run

    t0 = time.perf_counter()
    dc = data_class.value.upper()
    result = run(dc, service.value, out, personal_data, terms_of_service, project, md_template)
    if not quiet:
        spec = result.spec
        mandatory = sum(r.mandatory for r in spec.requirements)
        typer.echo(
            f"{len(spec.requirements)} requirements ({mandatory} 必須), {len(spec.city_notes)} 発注者側 notes, "
            f"{sum(not d.included for d in spec.decisions)} clauses excluded with reasons "
            f"[class {dc}, {service.value}, personal data {'yes' if spec.inputs.personal_data else 'no'}] "
            f"in {time.perf_counter() - t0:.2f}s"
        )
        for f in result.files:
            typer.echo(f"  {f}")
