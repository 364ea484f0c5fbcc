"""spec.md: the spec as Markdown, for review and diffs."""

from __future__ import annotations

from functools import cache

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..models import SERVICES, Spec
from ..resources import data_dir
from ..tailoring import CLASS_LABEL


@cache
def _template():
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(data_dir("templates"))), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    return env.get_template("spec.md.j2")


def render_markdown(spec: Spec) -> str:
    by_chapter = {k: [r for r in spec.requirements if r.chapter == k] for k in spec.chapters}
    return _template().render(
        title=spec.extra["title"],
        purpose=spec.extra["purpose"],
        period=spec.extra["period"],
        municipality=spec.project["municipality"],
        department=spec.project.get("department"),
        tool_version=spec.tool_version,
        library_version=spec.library_version,
        generated_at=spec.generated_at,
        class_label=CLASS_LABEL[spec.inputs.data_class],
        service_label=SERVICES[spec.inputs.service],
        inputs=spec.inputs,
        chapters=spec.chapters,
        by_chapter=by_chapter,
        requirements=spec.requirements,
        city_notes=spec.city_notes,
        rules=spec.rules,
        decisions=spec.decisions,
    )
