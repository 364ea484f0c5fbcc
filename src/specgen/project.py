"""The optional project file (YAML): municipality, 件名, 履行期間, parameter values, clause overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ProjectFileError
from .models import Library
from .yamlio import compose, line_of, load_yaml


_UNION_TAGS = {"Period", "str", "int", "float", "bool", "date"}


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: dt.date
    end: dt.date


class Project(BaseModel):
    """Everything a procurement officer may set per procurement. Unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")
    municipality: str = "○○市"
    city_term: str = "本市"
    department: str | None = None
    title: str | None = None
    purpose: str | None = None
    period: Period | str | None = None
    submission_deadline: str | None = None
    params: dict[str, str | int | float] = Field(default_factory=dict)
    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    mandatory: dict[str, bool] = Field(default_factory=dict)
    weights: dict[str, float] = Field(default_factory=dict)

    def period_text(self) -> str:
        if isinstance(self.period, Period):
            f = lambda d: f"{d.year}年{d.month}月{d.day}日"  # noqa: E731
            return f"{f(self.period.start)}から{f(self.period.end)}まで"
        return self.period or "契約締結日から令和○年3月31日まで"


def load_project(path: Path, library: Library) -> Project:
    """Load and validate a project file; every error names the file, the key and the line."""
    data, text = load_yaml(path, ProjectFileError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProjectFileError(f"{path}: 先頭はキーと値の組 (mapping) にしてください / top level must be a mapping")
    try:
        project = Project.model_validate(data)
    except ValidationError as e:
        errors = e.errors()
        # a misspelt key shows up as "extra" plus "missing": report the misspelling
        err = next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])
        loc = tuple(err["loc"])
        # pydantic reports unions as period.Period.start etc.; keep the user's keys only
        loc = tuple(p for p in loc if p not in _UNION_TAGS and not (isinstance(p, str) and "[" in p))
        line = line_of(compose(text), loc)
        key = ".".join(str(p) for p in loc) or "(top)"
        msg = "不明なキーです / unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ProjectFileError(f"{path}{f' line {line}' if line else ''}: {key}: {msg}") from None

    known_ids = {c.id for c in library.clauses}
    for key in ("add", "remove"):
        for i, cid in enumerate(getattr(project, key)):
            if cid not in known_ids:
                raise ProjectFileError(f"{path} line {line_of(compose(text), (key, i))}: {key}: 条項 '{cid}' はありません / unknown clause id (see `specgen clauses`)")
    for key in ("mandatory", "weights"):
        for cid in getattr(project, key):
            if cid not in known_ids:
                raise ProjectFileError(f"{path} line {line_of(compose(text), (key, cid))}: {key}.{cid}: 条項がありません / unknown clause id (see `specgen clauses`)")
    known_params = {name for c in library.clauses for name in c.params}
    for name in project.params:
        if name not in known_params:
            raise ProjectFileError(
                f"{path} line {line_of(compose(text), ('params', name))}: params.{name}: 不明なパラメータです / unknown parameter; known: {', '.join(sorted(known_params))}"
            )
    return project
