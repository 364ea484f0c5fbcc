"""Safe YAML loading with line numbers for error messages.

Before the loader builds anything, the file is read with a size cap from a regular file only, and its event
stream (libyaml's parser is iterative) is checked for nesting depth and alias count: 100,000 nested 「[」 would
otherwise overflow the C stack of the composer (a segmentation fault), and aliases can multiply work. Values the
constructor cannot build (「2024-02-30」, 「!!timestamp 2024-13-45」, huge integers) and control characters in
strings are reported with the file and line instead of an internal error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import yaml

from ..errors import SpecgenError, one_line

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Parser = _Loader
MAX_YAML_BYTES = 2_000_000  # a project file or clause file is a few KB; refuse anything absurd
MAX_DEPTH = 64
MAX_ALIASES = 100
# YAML escapes that produce such characters inside double quotes: \0 \a \b \v \f \e \N \x01 \u0007 …
_ESCAPED_CONTROL = re.compile(r"\\[0abvfeN]|\\x(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f\ud800-\udfff\ufffe\uffff]")


def load_yaml(path: Path, error: type[SpecgenError]) -> tuple[Any, str]:
    """Read `path` with a safe loader (libyaml when present); return the data and the text (for `compose`)."""
    from ..errors import InputFileError
    from .safety import read_bytes_capped

    path = Path(path)
    try:
        raw = read_bytes_capped(path, MAX_YAML_BYTES)
    except InputFileError as e:
        raise error(f"{path}: {str(e).split(': ', 1)[-1]}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: UTF-8 ではありません / not UTF-8 text; save the file as UTF-8") from None
    check_structure(text, path, error)
    try:
        data = yaml.load(text, Loader=_Loader)  # safe loader: no Python object tags
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{path}{where}: YAML として読めません / invalid YAML ({one_line(problem, 160)})") from None
    except (ValueError, OverflowError, TypeError, RecursionError) as e:
        # the constructor failed on a value: 2024-02-30, !!timestamp 2024-13-45, !!int of 5,000 digits …
        line = _line_of_bad_value(text)
        where = f" line {line}" if line else ""
        raise error(f"{path}{where}: 値を読み取れません（存在しない日付など）/ invalid value ({one_line(e, 120)})") from None
    bad = _control_in(data)
    if bad is not None:
        line = next((n for n, ln in enumerate(text.splitlines(), 1) if _ESCAPED_CONTROL.search(ln)), None)
        where = f" line {line}" if line else ""
        raise error(f"{path}{where}: 制御文字（{bad}）が含まれています。削除してください / control character in a value")
    return data, text


def check_structure(text: str, path: Path, error: type[SpecgenError]) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH or with more than MAX_ALIASES aliases, without composing it."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise error(f"{path}{f' line {line}' if line else ''}: 入れ子が深すぎます（{MAX_DEPTH} 段まで）/ nested too deeply")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise error(f"{path}: エイリアス（*名前）が多すぎます（{MAX_ALIASES} 個まで）/ too many aliases")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise error(f"{path}{where}: YAML として読めません / invalid YAML ({one_line(problem, 160)})") from None


def _control_in(data: Any, depth: int = 0, seen: set[int] | None = None) -> str | None:
    """The first control character (other than tab and line break) in any string of `data`, as U+XXXX.

    YAML aliases make one object appear many times: each container is visited once (an alias bomb within the
    alias limit would otherwise take exponential time)."""
    if depth > MAX_DEPTH + 2:
        return None
    if isinstance(data, str):
        s = data.replace("\t", "").replace("\n", "").replace("\r", "")
        m = _CONTROL.search(s)
        return f"U+{ord(m.group()):04X}" if m else None
    if not isinstance(data, (dict, list)):
        return None
    seen = set() if seen is None else seen
    if id(data) in seen:
        return None
    seen.add(id(data))
    items = [x for kv in data.items() for x in kv] if isinstance(data, dict) else data
    for v in items:
        found = _control_in(v, depth + 1, seen)
        if found:
            return found
    return None


def _line_of_bad_value(text: str) -> int | None:
    """Find the line of a value the constructor rejected by constructing scalars one by one."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    loader = yaml.SafeLoader("")
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            try:
                loader.construct_object(n, deep=True)
            except Exception:  # noqa: BLE001 - any failure here is the value we are looking for
                return n.start_mark.line + 1
        elif isinstance(n, yaml.MappingNode):
            for k, v in reversed(n.value):
                stack += [v, k]
        elif isinstance(n, yaml.SequenceNode):
            stack += list(reversed(n.value))
    return None


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, composed only when an error message needs line numbers."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
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
