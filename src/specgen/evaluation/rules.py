"""Evaluation rules (points per status, default weights, price method) as validated YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ProjectFileError, pydantic_message_ja
from ..files.yamlio import compose, line_of, load_yaml
from ..resources import data_dir


class StatusPoints(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    met: float = Field(1.0, ge=0, le=1)
    partial: float = Field(0.5, ge=0, le=1)
    unmet: float = Field(0.0, ge=0, le=1)
    missing: float = Field(0.0, ge=0, le=1)


class DefaultWeight(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    mandatory: float = Field(2, ge=0, le=1_000_000)
    optional: float = Field(5, ge=0, le=1_000_000)


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    status_points: StatusPoints = Field(default_factory=StatusPoints)
    default_weight: DefaultWeight = Field(default_factory=DefaultWeight)
    technical_max: float = Field(100, gt=0, le=1_000_000)
    price_max: float = Field(50, ge=0, le=1_000_000)
    basic_points: float = Field(100, ge=0, le=1_000_000)
    method: Literal["add", "div"] = "add"


def load_rules(path: Path | None = None) -> Rules:
    """The evaluation rules: --rules FILE or the bundled scoring/evaluation.yaml; errors name file, key and line."""
    path = Path(path) if path else data_dir("scoring") / "evaluation.yaml"
    data, text = load_yaml(path, ProjectFileError)
    if data is not None and not isinstance(data, dict):
        raise ProjectFileError(f"{path}: 先頭はキーと値の組（mapping）にしてください / top level must be a mapping")
    try:
        return Rules.model_validate(data or {})
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        line = line_of(compose(text), loc)
        raise ProjectFileError(f"{path}{f' line {line}' if line else ''}: {'.'.join(map(str, loc)) or '(先頭)'}: {pydantic_message_ja(err)}") from None
