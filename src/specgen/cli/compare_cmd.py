"""specgen compare: the committee's evaluation workbook from a spec and several bids (or a score JSON)."""

from __future__ import annotations

from pathlib import Path

import typer


def compare(
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="出力フォルダ：evaluation.xlsx・evaluation.md・score.json・committee.json・図 / output folder."),
    spec: Path | None = typer.Option(None, "--spec", metavar="FILE", help="仕様（specgen score と同じ）/ the spec."),
    response: list[Path] = typer.Option([], "--response", "-r", metavar="FILE", help="事業者の回答。繰り返し指定、フォルダ・ワイルドカードも可 / vendor responses."),
    score_json: Path | None = typer.Option(None, "--score-json", metavar="FILE", help="採点し直さず specgen score の JSON を使う / use an existing score JSON."),
    vendor: list[str] = typer.Option([], "--vendor", metavar="NAME", help="事業者名（specgen score と同じ）/ vendor name(s)."),
    price: list[str] = typer.Option([], "--price", metavar="NAME=YEN", help="入札価格「事業者名=金額」（繰り返し）。例 株式会社A=12,000,000 / 1,200万。一度入れた価格は記録され、再実行でも残ります / bid price VENDOR=YEN."),
    method: str | None = typer.Option(None, "--method", metavar="add|div", help="add（加算方式）又は div（除算方式）。既定は評価規則 / scoring method."),
    rules: Path | None = typer.Option(None, "--rules", metavar="FILE", help="評価規則 YAML（scoring/evaluation.yaml と同じ形）/ evaluation rules."),
    overrides: list[Path] = typer.Option([], "--overrides", metavar="FILE", help="委員が記入した評価ワークブック（繰り返し指定で複数の委員分を統合）/ members' workbooks (repeat)."),
    chair: str | None = typer.Option(None, "--chair", metavar="NAME", help="委員長の氏名：委員間で判断が分かれた項目はこの委員の判断で確定 / the chair settles disputes."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", metavar="NAME", help="照合方式（specgen score と同じ）/ matching encoder."),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", metavar="FILE", help="ISMAPクラウドサービスリスト（Excel/CSV）/ ISMAP list."),
    contract_end: str | None = typer.Option(None, "--contract-end", metavar="DATE", help="ISMAP登録がこの日まで有効か確認（例 2028-03-31。既定：仕様の履行期間、なければ今日）/ contract end date."),
    answers: list[Path] = typer.Option([], "--answers", metavar="FILE", help="事業者が回答を記入して返送した質問書（.xlsx、繰り返し可）：回答を根拠に加えて判定し直す / returned 質問書 workbooks."),
    annotate: Path | None = typer.Option(None, "--annotate", metavar="DIR", help="回答ファイルの注記付きの写しをこのフォルダに保存（原本は変更しません）/ annotated copies of the responses."),
    questions: Path | None = typer.Option(None, "--questions", metavar="DIR", help="質問書（事業者ごとの .docx と 質問書.xlsx）をこのフォルダに作成 / clarification questions per vendor."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="結果の要約を表示しない / print nothing on success."),
) -> None:
    """委員会評価：必須要件の判定、配点、総合評価（加算・除算方式）、順位。委員の判断と価格は記録され、再実行でも失われません / Committee evaluation."""
    from specgen.files.atomic import check_folder
    from ..errors import UsageError
    from ..evaluation.compare import load_score_json, parse_prices, run_compare
    from .common import check_names, err, expand_responses, merged_vendor_lines, parse_date, score_with_progress

    check_folder(out)
    for folder in (annotate, questions):
        if folder is not None:
            check_folder(folder)
    if method and method not in ("add", "div"):
        raise UsageError(f"--method {method}: add（加算方式）又は div（除算方式）を指定してください / use add or div")
    prices = parse_prices(price)
    chair_name = check_names([chair], "--chair")[0] if chair is not None else None
    vendors = check_names(vendor, "--vendor")
    if score_json:
        extra = [opt for opt, v in (("--spec", spec), ("--response", response), ("--encoder", encoder), ("--ismap-list", ismap_list),
                                    ("--contract-end", contract_end), ("--vendor", vendor)) if v]
        if extra:
            raise UsageError(f"--score-json は採点済みの結果を使うため、{'・'.join(extra)} とは一緒に使えません（採点し直すときは --score-json を外してください）/ "
                             f"{', '.join(extra)} cannot be used with --score-json")
        score = load_score_json(score_json)
        inputs = [score_json]
    else:
        if not spec or not response:
            raise UsageError("--spec と --response、又は --score-json を指定してください / give --spec and --response, or --score-json")
        until = parse_date(contract_end, "--contract-end") if contract_end else None
        responses = expand_responses(response)
        report = score_with_progress(spec, responses, encoder, vendors, ismap_list, until, quiet)  # skipped files are said
        for line in merged_vendor_lines(report, len(responses)):
            err(f"specgen: {line}")
        score = report.to_dict()
        inputs = [spec, *responses] + ([ismap_list] if ismap_list else [])
    title = Path(str(score["spec"].get("source", ""))).name

    def waiting() -> None:
        err(f"specgen: {out} は別の specgen が使用中です。終わるのを待っています… / waiting for another run in this folder")

    result = run_compare(out, score, inputs, rules, prices, method, None, title, overrides_files=overrides, chair=chair_name,
                         on_wait=waiting, answers=answers)
    if annotate or questions:
        from ..feedback import SpecInfo, responses_from_score, write_feedback

        info = SpecInfo.of(report.spec) if not score_json else SpecInfo.from_path(score["spec"].get("source"))
        feedback = write_feedback(responses_from_score(result.score), info, annotate, questions)
        for w in feedback.warnings:
            err(f"specgen: 注記付きの写しを作成できませんでした / not annotated: {w}")
        result.files += feedback.files
    if quiet:
        return
    ev = result.evaluation
    for v in sorted(ev.vendors, key=lambda v: (v.rank or v.provisional_rank or 10**6, v.vendor)):
        total = f"、{'総合評価点' if ev.rules.method == 'add' else '評価値'} {v.total:.2f}" if v.total is not None else ""
        typer.echo(f"{v.rank_label:>4}  {v.vendor}：{v.gate}、技術点 {v.tech_score:.2f}{total}")
    if not ev.final:
        typer.echo("（順位は暫定です：" + ("入札価格が未入力の事業者があります" if ev.missing_prices else "要判断の事業者があります") + "）")
    for n in result.notes:
        typer.echo(n)
    typer.echo(f"実行ID {result.run_id}")
    for f in result.files:
        typer.echo(f"  {f}")
