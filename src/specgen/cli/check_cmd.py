"""specgen check: a vendor pre-checks one bid; exit 0 when every mandatory requirement is met, 3 otherwise."""

from __future__ import annotations

from pathlib import Path

import typer


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

    from ..evaluation.precheck import precheck
    from ..files.atomic import OutputSet
    from .common import check_outputs, err, expand_responses, parse_date, terminal_progress

    check_outputs(json_out)
    until = parse_date(contract_end, "--contract-end") if contract_end else None
    responses = expand_responses(response)
    with terminal_progress(quiet=False) as stage:
        result = precheck(spec, responses, encoder, ismap_list, until, progress=stage)
    for s in result.skipped:
        err(f"specgen: 除外しました / skipped: {s['error']}")
    for f in result.findings:
        typer.echo(f.headline())
        typer.echo(f"    委員会に見える判定理由：{f.committee_sees}")
        for tip in f.fix:
            typer.echo(f"    → {tip}")
    typer.echo(result.summary_line())
    for note in result.notes:
        typer.echo(note)
    if json_out:
        with OutputSet([json_out]) as out:
            out.write_text(json_out, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(result.exit_code)
