"""The package's folders follow the data flow and nothing imports backwards: a module may import only from its own
layer or the layers before it (type-checking-only imports excepted)."""

from __future__ import annotations

import ast
from pathlib import Path

import specgen

ROOT = Path(specgen.__file__).parent
# earlier layers first; modules of one layer may import each other
LAYERS = [
    {"__init__", "errors", "textnorm", "statuses", "resources", "progress", "lazy", "axes"},
    {"files"},
    {"templating"},
    {"catalog"},
    {"profile"},
    {"spec"},
    {"resolve"},
    {"writers"},
    {"generate"},
    {"scoring"},
    {"feedback"},
    {"evaluation"},
    {"audit"},
    {"web"},
    {"cli", "__main__"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _top(module: Path) -> str:
    rel = module.relative_to(ROOT).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level specgen package) of every runtime import in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):  # `if TYPE_CHECKING:` blocks are for type checkers only
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skip |= {id(n) for b in node.body for n in ast.walk(b)}
    pkg = path.relative_to(ROOT.parent).with_suffix("").parts[:-1] if path.name != "__init__.py" else path.relative_to(ROOT.parent).parts[:-1]
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(pkg[: len(pkg) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                if len(target) == 1:  # `from .. import x`: x is the module
                    target += [a.name for a in node.names][:1]
            elif node.module and node.module.split(".")[0] == "specgen":
                target = node.module.split(".")
            else:
                continue
            if len(target) > 1:
                out.append((node.lineno, target[1]))
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "specgen" and len(parts) > 1:
                    out.append((node.lineno, parts[1]))
    return out


def test_every_package_is_placed_in_a_layer():
    names = {p.stem if p.is_file() else p.name for p in ROOT.iterdir() if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert names - set(RANK) == set()


def test_nothing_imports_a_later_layer():
    backwards = []
    for path in sorted(ROOT.rglob("*.py")):
        here = _top(path)
        for line, target in _imports(path):
            if target in RANK and RANK[target] > RANK[here]:
                backwards.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert backwards == []


def test_the_command_line_starts_without_the_heavy_libraries():
    """An officer's first run waits for every import: the CLI and its option checks load none of these."""
    import subprocess
    import sys

    heavy = ["pydantic", "openpyxl", "docx", "numpy", "jinja2", "yaml", "specgen.scoring.pipeline", "specgen.web.app"]
    code = ("import sys; from specgen.cli import app; from specgen.cli.common import data_class_option, service_option; "
            "data_class_option('３Ｂ'); service_option('genai'); "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
