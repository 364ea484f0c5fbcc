"""specgen clauses: list the clause library with ids, 必須/任意 defaults and sources."""

from __future__ import annotations

import typer

from .common import data_class_option, service_option


def clauses(
    service: str | None = typer.Option(None, "--service", "-s", callback=service_option, help="このサービス種別の条項のみ（genai, cloud, sns, payment）/ only clauses for this service."),
    data_class: str | None = typer.Option(None, "--data-class", "-c", callback=data_class_option,
                                          help="この区分に適用される条項のみ（「３Ｂ」「機密性3B」も可）/ only clauses for this data class."),
    personal_data: bool | None = typer.Option(None, "--personal-data/--no-personal-data",
                                              help="個人情報の有無（省略時は generate と同じ既定）/ personal data (default as in generate)."),
    terms_of_service: bool = typer.Option(False, "--terms-of-service", help="約款型サービス / standard terms of service."),
    as_json: bool = typer.Option(False, "--json", help="機械可読の出力 / machine-readable output."),
) -> None:
    """条項ライブラリの一覧：id、必須/任意/条件/発注者/前提、表題、出典。区分を指定すると generate と同じ規則で絞り込みます / List clauses."""
    import json

    from ..catalog.load import load_library
    from ..errors import TailoringRefusal
    from ..resolve.rules import applicable, default_personal_data, refusal_reason

    if data_class:
        pd = personal_data if personal_data is not None else (default_personal_data(data_class, service) if service else False)
        reason = refusal_reason(data_class, terms_of_service, pd if (service or personal_data is not None) else False, service)
        if reason:
            raise TailoringRefusal(reason)
    lib = load_library()
    rows = applicable(lib, data_class, service, personal_data, terms_of_service)

    def who(c) -> str:
        if c.party != "vendor":
            return {"city": "発注者", "scope": "前提"}[c.party]
        if isinstance(c.mandatory, bool):
            return "必須"
        values = {r.mandatory for r in c.mandatory}
        return "条件" if len(values) > 1 else ("必須" if values.pop() else "任意")

    if as_json:
        typer.echo(json.dumps([{
            "id": c.id, "title": c.title, "party": c.party, "chapter": c.chapter, "category": c.category, "default": who(c),
            "mandatory_rules": [] if isinstance(c.mandatory, bool) else [r.model_dump(exclude_defaults=True) for r in c.mandatory],
            "merged_into": c.merged_into,
            "source": {"document": lib.meta.sources[c.source.ref].citation(), "section": c.source.section,
                       "seed": lib.meta.sources[c.source.ref].seed}} for c in rows], ensure_ascii=False, indent=2))
        return
    for c in rows:
        merged = f"  → {c.merged_into} に統合" if c.merged_into else ""
        typer.echo(f"{c.id:<22} {who(c):<4} {c.title}  [{lib.meta.sources[c.source.ref].short} {c.source.section}]{merged}")
    typer.echo(f"-- {len(rows)} 条項（条項ライブラリ {lib.meta.version}）。条件 = 必須/任意が格付等で変わる（specgen generate の付録に理由）"
               f" / {len(rows)} clauses")
