"""Render clause texts and user templates with a sandboxed jinja2 environment."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# {{ city }} / {{ p.name }}: most clause texts use nothing else
_SIMPLE = re.compile(r"{{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*}}")


@cache
def environment() -> ImmutableSandboxedEnvironment:
    # Sandboxed even for our own clause files: project files and custom templates come from users.
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@cache
def _compiled(template: str):
    # clause texts repeat across specs: compiling them once makes tailoring several times faster
    return environment().from_string(template)


def _lookup(context: dict, dotted: str) -> str:
    head, _, attr = dotted.partition(".")
    if head not in context:
        raise UndefinedError(f"'{head}' is undefined")
    value = context[head]
    if attr:
        if not isinstance(value, dict) or attr not in value:
            raise UndefinedError(f"'{dotted}' is undefined")
        value = value[attr]
    return str(value)


def render_text(template: str, context: dict) -> str:
    """Render one clause text; raises jinja2.TemplateError on unknown names.

    Plain texts and texts with only {{ name }} / {{ p.name }} are filled without compiling a template (same output,
    a fraction of the cold-start time); anything else goes through the sandboxed jinja2 environment."""
    if "{" not in template:
        return template.strip()
    if "{%" not in template and "{#" not in template and "{{" not in _SIMPLE.sub("", template):
        return _SIMPLE.sub(lambda m: _lookup(context, m.group(1)), template).strip()
    return _compiled(template).render(**context).strip()


__all__ = ["render_text", "TemplateError", "environment"]
