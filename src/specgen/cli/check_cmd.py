"""specgen check: a vendor pre-checks one bid; exit 0 when every mandatory requirement is met, 3 otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import typer

LABEL = {"partial": "一部", "unmet": "不充足", "missing": "記載なし"}


def check(
    spec: Path = typer.Option(..., "--spec", metavar="FILE", help="回答する仕様（spec.json、requirements.xlsx 又は自治体の要件一覧）/ the spec you answer."),
    response: list[Path] = typer.Option(..., "--response", "-r", metavar="FILE", help="自社の要件確認書・提案書（両方なら1つの回答として統合）/ your answer sheet and/or proposal."),
    json_out: Path | None = typer.Option(None, "--json", metavar="FILE", help="結果を JSON にも書き出す / also write the findings as JSON."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", metavar="NAME", help="照合方式（specgen score と同じ）/ matching encoder."),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", metavar="FILE", help="ISMAPクラウドサービスリストで登録の記載を確認 / verify your ISMAP claim."),
    contract_end: str | None = typer.Option(None, "--contract-end", metavar="DATE", help="ISMAP登録がこの日まで有効か確認（例 2028-03-31）/ contract end date."),
) -> None:
    """提出前の自己点検：充足でない回答ごとに、委員会に見える内容と、充足にするための書き方 / Pre-check your answers."""
    import json

    from specgen.files.atomic import OutputSet
    from ..errors import EXIT_GAPS, InputFileError
    from ..scoring import advice_for
    from .common import check_outputs, err, expand_responses, parse_date, score_with_progress

    check_outputs(json_out)
    until = parse_date(contract_end, "--contract-end") if contract_end else None
    responses = expand_responses(response)
    report = score_with_progress(spec, responses, encoder, ["__self__"], ismap_list, until, False)
    if not report.responses:
        raise InputFileError("; ".join(s["error"] for s in report.skipped) or "回答を読めませんでした / no response could be read")
    for s in report.skipped:
        err(f"specgen: 除外しました / skipped: {s['error']}")
    resp = report.to_dict()["responses"][0]
    findings = []
    for r in resp["results"]:
        if r["status"] == "met":
            continue
        tips = _advice(advice_for(r["flags"], r["id"]), r["mandatory"], r["status"])
        findings.append({"id": r["id"], "requirement": r.get("requirement", ""), "mandatory": r["mandatory"], "status": r["status"],
                         "flags": r["flags"], "committee_sees": r["reason"], "fix": tips, "where": [e["where"] for e in r["evidence"][:2]]})
    for f in sorted(findings, key=lambda f: (not f["mandatory"], f["status"] == "partial")):
        text = f["requirement"] if len(f["requirement"]) <= 40 else f["requirement"][:40] + "…"
        typer.echo(f"[{'必須' if f['mandatory'] else '任意'}・{LABEL[f['status']]}] {f['id']} {text}")
        typer.echo(f"    委員会に見える判定理由：{f['committee_sees']}")
        for tip in f["fix"]:
            typer.echo(f"    → {tip}")
    s = resp["summary"]
    failed = [f for f in findings if f["mandatory"] and f["status"] in ("unmet", "missing")]
    pending = [f for f in findings if f["mandatory"] and f["status"] == "partial"]
    typer.echo(f"充足 {s['met']}・一部 {s['partial']}・不充足 {s['unmet']}・記載なし {s['missing']}。"
               f"必須要件のうち 不充足・記載なし {len(failed)} 件（このままでは失格候補）、一部 {len(pending)} 件（委員会の判断になります）")
    for note in report.notes:
        typer.echo(note)
    if json_out:
        with OutputSet([json_out]) as out:
            out.write_text(json_out, json.dumps({"summary": s, "mandatory_failed": len(failed), "mandatory_partial": len(pending),
                                                 "findings": findings, "encoder": report.encoder}, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(EXIT_GAPS if failed or pending else 0)


def _advice(tips: list[str], mandatory: bool, status: str) -> list[str]:
    """The scorer's advice, with what it means for this requirement: a 必須 gap disqualifies, an 任意 one costs points."""
    out = []
    for tip in tips:
        if not mandatory:  # a sentence about mandatory requirements does not apply to an optional one
            tip = "".join(s for s in re.split(r"(?<=。)", tip) if "必須" not in s).strip()
        if tip:
            out.append(tip)
    if mandatory and status in ("unmet", "missing"):
        out.append("必須要件のため、このままでは失格候補になります。")
    elif mandatory:
        out.append("必須要件の一部充足は、委員会が個別に判断します。")
    else:
        out.append("任意要件のため失格にはなりませんが、得点が下がります。")
    return out
