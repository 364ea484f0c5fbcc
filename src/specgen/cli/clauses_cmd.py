"""specgen clauses: list the clause library with ids, 必須/任意 defaults and sources."""

from __future__ import annotations

import typer

from .common import data_class_option


def clauses(
    service: str | None = typer.Option(None, "--service", "-s", help="Only clauses for this service (genai, cloud, sns, payment)."),
    data_class: str | None = typer.Option(None, "--data-class", "-c", callback=data_class_option,
                                          help="この区分に適用される条項のみ（「３Ｂ」「機密性3B」も可）/ only clauses for this data class."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List clauses: id, who it binds (必須 / 任意 / 条件 / 発注者 / 前提), title, source section and merges."""
    import json

    from ..errors import SpecgenError
    from specgen.catalog.load import load_library
    from specgen.catalog.models import SERVICES, class_rank

    lib = load_library()
    if service and service not in SERVICES:
        raise SpecgenError(f"サービス種別「{service}」はありません。{'・'.join(SERVICES)} のいずれか / unknown service '{service}'")
    rows = []
    for c in lib.clauses:
        a = c.applies
        if service and a.services is not None and service not in a.services:
            continue
        if data_class:
            dc = data_class
            if a.data_classes is not None and dc not in a.data_classes:
                continue
            if a.min_class and class_rank(dc) < class_rank(a.min_class):
                continue
            if a.max_class and class_rank(dc) > class_rank(a.max_class):
                continue
        rows.append(c)

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
    typer.echo(f"-- {len(rows)} clauses (library {lib.meta.version}); 条件 = 必須/任意が格付等で変わる（specgen generate の付録に理由）")
