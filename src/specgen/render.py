"""Render clause texts and user templates with a sandboxed jinja2 environment."""

from __future__ import annotations

from functools import cache

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment


@cache
def environment() -> ImmutableSandboxedEnvironment:
    # Sandboxed even for our own clause files: project files and custom templates come from users.
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@cache
def _compiled(template: str):
    # clause texts repeat across specs: compiling them once makes tailoring several times faster
    return environment().from_string(template)


def render_text(template: str, context: dict) -> str:
    """Render one clause text; raises jinja2.TemplateError on unknown names."""
    return _compiled(template).render(**context).strip()


__all__ = ["render_text", "TemplateError", "environment"]
