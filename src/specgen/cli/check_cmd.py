"""specgen check: a vendor pre-checks one response; exit 0 only when every mandatory requirement is met."""

from __future__ import annotations

from pathlib import Path

import typer


def check(
    spec: Path = typer.Option(..., "--spec", help="The spec you answer (spec.json, requirements.xlsx or the city's list)."),
    response: list[Path] = typer.Option(..., "--response", "-r", help="Your answer sheet and/or proposal (both merge as one bid)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the findings as JSON."),
    encoder: str | None = typer.Option(None, "--encoder", "-e"),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", help="ISMAP cloud service list to verify your registration claim."),
) -> None:
    """For every answer that is not met: what the committee will see and what would make it compliant."""
    import json

    from ..atomic import write_text_atomic
    from ..errors import InputFileError
    from ..scoring import advice_for, score as run

    report = run(spec, response, encoder, ["__self__"], ismap_list=ismap_list)
    if not report.responses:
        raise InputFileError("; ".join(s["error"] for s in report.skipped) or "no response could be read")
    resp = report.to_dict()["responses"][0]
    findings = []
    for r in resp["results"]:
        if r["status"] == "met":
            continue
        tips = advice_for(r["flags"], r["id"])
        findings.append({"id": r["id"], "mandatory": r["mandatory"], "status": r["status"], "flags": r["flags"],
                         "committee_sees": r["reason"], "fix": tips, "where": [e["where"] for e in r["evidence"][:2]]})
    label = {"partial": "一部", "unmet": "不充足", "missing": "記載なし"}
    for f in sorted(findings, key=lambda f: (not f["mandatory"], f["status"] != "unmet")):
        typer.echo(f"[{'必須' if f['mandatory'] else '任意'}・{label[f['status']]}] {f['id']}: {f['committee_sees']}")
        for tip in f["fix"]:
            typer.echo(f"    → {tip}")
    failed = [f for f in findings if f["mandatory"] and f["status"] != "met"]
    s = resp["summary"]
    typer.echo(f"充足 {s['met']} / 一部 {s['partial']} / 不充足 {s['unmet']} / 記載なし {s['missing']}（必須で未充足 {len(failed)} 件）")
    for note in report.notes:
        typer.echo(note)
    if json_out:
        write_text_atomic(json_out, json.dumps({"summary": s, "findings": findings, "encoder": report.encoder}, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)
