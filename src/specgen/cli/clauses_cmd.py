"""specgen clauses: list the clause library with ids and sources."""

from __future__ import annotations

import typer


def clauses(
    service: str | None = typer.Option(None, "--service", "-s", help="Only clauses for this service (genai, cloud, sns, payment)."),
    data_class: str | None = typer.Option(None, "--data-class", "-c", help="Only clauses that apply to this data class."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """List clauses: id, 必須/任意 default, title and source section."""
    import json

    from ..errors import SpecgenError
    from ..library import load_library
    from ..models import DATA_CLASSES, SERVICES, class_rank

    lib = load_library()
    if service and service not in SERVICES:
        raise SpecgenError(f"unknown service '{service}'; choose one of {', '.join(SERVICES)}")
    if data_class and data_class.upper() not in DATA_CLASSES:
        raise SpecgenError(f"unknown data class '{data_class}'; choose one of {', '.join(DATA_CLASSES)}")
    rows = []
    for c in lib.clauses:
        a = c.applies
        if service and a.services is not None and service not in a.services:
            continue
        if data_class:
            dc = data_class.upper()
            if a.data_classes is not None and dc not in a.data_classes:
                continue
            if a.min_class and class_rank(dc) < class_rank(a.min_class):
                continue
            if a.max_class and class_rank(dc) > class_rank(a.max_class):
                continue
        rows.append(c)
    if as_json:
        typer.echo(json.dumps([{"id": c.id, "title": c.title, "party": c.party, "chapter": c.chapter, "category": c.category,
                                "source": {"document": lib.meta.sources[c.source.ref].title, "section": c.source.section,
                                           "seed": lib.meta.sources[c.source.ref].seed}} for c in rows], ensure_ascii=False, indent=2))
        return
    for c in rows:
        who = "発注者" if c.party == "city" else ("必須" if c.mandatory else "任意")
        typer.echo(f"{c.id:<22} {who:<4} {c.title}  [{c.source.ref} {c.source.section}]")
    typer.echo(f"-- {len(rows)} clauses (library {lib.meta.version})")
