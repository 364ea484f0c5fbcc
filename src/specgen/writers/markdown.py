"""spec.md: the spec as Markdown, for review and diffs."""

from __future__ import annotations

from pathlib import Path

from ..catalog.models import SERVICES
from ..errors import ProjectFileError
from ..resources import data_dir
from ..spec.model import Spec
from ..spec.wording import document_text
from ..templating import bundled_template, render_user_template


def render_markdown(spec: Spec, template: Path | None = None, audience: str = "vendor") -> str:
    """Render spec.md with the bundled template, or a user-supplied one (rendered in the jinja2 sandbox).

    audience: vendor (to bidders), internal (with 発注者側 notes and the rationale) or combined (both in one)."""
    if template is None:
        return bundled_template(str(data_dir("templates")), "spec.md.j2").render(**_context(spec, audience))
    # a user's template: bounded sandbox (no include/import, loop and output limits, a time limit), one-line errors
    return render_user_template(Path(template), _context(spec, audience), ProjectFileError)


def _context(spec: Spec, audience: str) -> dict:
    by_chapter = {k: [r for r in spec.requirements if r.chapter == k] for k in spec.chapters}
    return dict(
        audience=audience,
        internal=audience != "vendor",
        doc=document_text(),
        front=spec.front,
        back=spec.back,
        scope=spec.scope,
        checks=spec.checks,
        sources=spec.sources,
        title=spec.extra["title"],
        purpose=spec.extra["purpose"],
        period=spec.extra["period"],
        municipality=spec.project["municipality"],
        department=spec.project.get("department"),
        tool_version=spec.tool_version,
        library_version=spec.library_version,
        generated_at=spec.generated_at,
        class_label=spec.extra["class_label"],
        service_label=SERVICES[spec.inputs.service],
        inputs=spec.inputs,
        chapters=spec.chapters,
        by_chapter=by_chapter,
        requirements=spec.requirements,
        city_notes=spec.city_notes,
        rules=spec.rules,
        decisions=spec.decisions,
    )
