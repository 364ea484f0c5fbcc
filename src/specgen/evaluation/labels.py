"""Japanese labels for flag codes and encoder names (data in labels.yaml and the scorer's scoring/flags.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def _labels() -> tuple[dict[str, str], dict[str, str]]:
    own = yaml.safe_load((Path(__file__).with_name("labels.yaml")).read_text(encoding="utf-8"))
    flags = dict(own.get("flags", {}))
    try:  # the scorer's own list, when present, is the authority for the flags it sets
        from ..resources import data_dir

        theirs = yaml.safe_load((data_dir("scoring") / "flags.yaml").read_text(encoding="utf-8")) or {}
        for code, entry in (theirs.get("flags") or {}).items():
            label = entry.get("label") if isinstance(entry, dict) else entry
            if isinstance(code, str) and isinstance(label, str) and label:
                flags[code] = label
    except (OSError, FileNotFoundError, yaml.YAMLError, AttributeError):
        pass
    return flags, dict(own.get("encoders", {}))


def flag_label(code: str) -> str:
    """「Japanese label」, or the code itself for a flag nobody has labelled yet."""
    return _labels()[0].get(code, code)


def flag_labels(codes: list[str]) -> str:
    return "、".join(flag_label(c) for c in codes)


def encoder_label(name: str) -> str:
    """e.g. 'use' → 'Universal Sentence Encoder 多言語版（…）（use）'; 'st:model' keeps the model name."""
    name = str(name or "")
    base, _, model = name.partition(":")
    label = _labels()[1].get(base)
    if not label:
        return name or "不明"
    return f"{label}（{name}）" if not model else f"{label}：{model}（{name}）"
