"""Safe YAML loading with line numbers for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import yaml

from .errors import SpecgenError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_BYTES = 2_000_000  # a project file or clause file is a few KB; refuse anything absurd


def load_yaml(path: Path, error: type[SpecgenError]) -> tuple[Any, str]:
    """Read `path` with a safe loader (libyaml when present); return the data and the text (for `compose`)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise error(f"{path}: 読み込めません / cannot read ({e.strerror})") from None
    if len(raw) > MAX_YAML_BYTES:
        raise error(f"{path}: ファイルが大きすぎます / too large ({len(raw)} bytes, limit {MAX_YAML_BYTES})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: UTF-8 ではありません / not UTF-8 text; save the file as UTF-8") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # safe loader: no Python object tags
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{path}{where}: YAML として読めません / invalid YAML ({problem})") from None
    return data, text


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, composed only when an error message needs line numbers."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """1-based line of the value at `loc` (keys / indexes) in a composed YAML tree, or the deepest known parent."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == str(part):
                    line = k.start_mark.line + 1
                    nxt = v
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    if node is not None and line is None:
        line = node.start_mark.line + 1
    return line
