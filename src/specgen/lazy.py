"""Lazy public APIs: a package names what it exports and where; a module is imported on first use only, so that
importing a table of statuses does not load the readers, the encoders or python-docx."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_api(package: str, where: dict[str, tuple[str, ...]], rename: Callable[[str], str] = str) -> tuple[list[str], Callable]:
    """(`__all__`, `__getattr__`) for `package`: `where` maps a submodule to the names it provides;
    `rename` gives the attribute's name inside the submodule when it differs from the exported one."""
    home = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str):
        if name in home:
            return getattr(importlib.import_module(f"{package}.{home[name]}"), rename(name))
        raise AttributeError(name)

    return sorted(home), __getattr__
