"""specgen compare: the committee's evaluation workbook from a spec and several bids (or a score JSON)."""

from __future__ import annotations

from pathlib import Path

import typer


def compare(
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: evaluation.xlsx, evaluation.md, score.json, PNG charts."),
    spec: Path | None = typer.Option(None, "--spec", help="Spec (as for `specgen score`)."),
    response: list[Path] = typer.Option([], "--response", "-r", help="Vendor responses (repeat)."),
    score_json: Path | None = typer.Option(None, "--score-json", help="Use an existing `specgen score` JSON instead of scoring again."),
    vendor: list[str] = typer.Option([], "--vendor", help="Vendor name(s), as for `specgen score`."),
    price: list[str] = typer.Option([], "--price", help="入札価格: VENDOR=YEN (repeat)."),
    method: str | None = typer.Option(None, "--method", help="add (加算方式) or div (除算方式); default from the rules."),
    rules: Path | None = typer.Option(None, "--rules", help="Evaluation rules YAML (see scoring/evaluation.yaml)."),
    overrides: Path | None = typer.Option(None, "--overrides", help="Evaluation workbook with members' decisions (sheet 判定)."),
    encoder: str | None = typer.Option(None, "--encoder", "-e"),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", help="ISMAP cloud service list (Excel/CSV)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """必須 gate, weighted points, 総合評価 (加算/除算) and ranking; members' overrides are kept and recomputed."""
    from ..errors import InputFileError
    from ..evaluation.compare import load_score_json, parse_prices, run_compare

    if method and method not in ("add", "div"):
        raise InputFileError(f"--method {method}: add（加算方式）又は div（除算方式）を指定してください")
    prices = parse_prices(price)
    if score_json:
        score = load_score_json(score_json)
        inputs = [score_json]
    else:
        if not spec or not response:
            raise InputFileError("--spec と --response、又は --score-json を指定してください / give --spec and --response, or --score-json")
        from ..scoring import score as run_score

        report = run_score(spec, response, encoder, vendor or None, ismap_list=ismap_list)
        if not report.responses:
            raise InputFileError("採点できる回答がありません / no response could be scored: " + "; ".join(s["error"] for s in report.skipped))
        score = report.to_dict()
        inputs = [spec, *response] + ([ismap_list] if ismap_list else [])
        for s in report.skipped:
            typer.echo(f"specgen: skipped {s['error']}", err=True)
    unknown = set(prices) - {r["vendor"] for r in score["responses"]}
    if unknown:
        raise InputFileError(f"--price: 事業者名 {', '.join(sorted(unknown))} が回答にありません / unknown vendor; known: {', '.join(r['vendor'] for r in score['responses'])}")
    title = Path(str(score["spec"]["source"])).name
    result = run_compare(out, score, inputs, rules, prices, method, overrides, title)
    if not quiet:
        for v in sorted(result.evaluation.vendors, key=lambda v: (v.rank is None, v.rank or 0)):
            typer.echo(f"{v.rank or '-'}  {v.vendor}: {v.gate}, 技術点 {v.tech_score}" + (f", 総合 {v.total}" if v.total is not None else ""))
        for n in result.notes:
            typer.echo(n)
        for f in result.files:
            typer.echo(f"  {f}")
