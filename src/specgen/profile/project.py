"""The optional project file (YAML): municipality, 件名, 履行期間, parameter values, clause overrides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..catalog.models import Library
from ..errors import ProjectFileError, pydantic_message_ja
from ..files.yamlio import compose, line_of, load_yaml

_UNION_TAGS = {"Period", "str", "int", "float", "bool", "date"}
PLACEHOLDER = "○"  # what an unset value shows, e.g. ○○市, 令和○年
DEFAULT_MUNICIPALITY = "○○市"
DEFAULT_PERIOD = "契約締結日から令和○年3月31日まで"

# Era start dates (the first day of each era); 令和 is what a city prints today.
_ERAS = ((dt.date(2019, 5, 1), "令和"), (dt.date(1989, 1, 8), "平成"))


def japanese_date(d: dt.date, calendar: str = "和暦") -> str:
    """2027-04-01 → 令和9年4月1日 (和暦) or 2027年4月1日 (西暦); 元年 for the first year of an era."""
    if calendar == "和暦":
        for start, name in _ERAS:
            if d >= start:
                y = d.year - start.year + 1
                return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.start > self.end:
            raise ValueError(f"開始日 {self.start} が終了日 {self.end} より後です / start is after end")
        return self


class Project(BaseModel):
    """Everything a procurement officer may set per procurement. Unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")
    municipality: str = DEFAULT_MUNICIPALITY
    city_term: str = "本市"
    department: str | None = None
    title: str | None = None
    purpose: str | None = None
    period: Period | str | None = None
    calendar: Literal["和暦", "西暦"] = "和暦"  # how dates are printed; 件名 and 履行期間 use the same style
    submission_deadline: str | None = None
    params: dict[str, str | int | float] = Field(default_factory=dict)
    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    mandatory: dict[str, bool] = Field(default_factory=dict)
    weights: dict[str, float] = Field(default_factory=dict)

    def period_text(self) -> str:
        if isinstance(self.period, Period):
            return f"{japanese_date(self.period.start, self.calendar)}から{japanese_date(self.period.end, self.calendar)}まで"
        return self.period or DEFAULT_PERIOD


@dataclass(frozen=True)
class ProjectProblem:
    """The one validation problem to show for a project (a file or the web form): where, and what, in Japanese."""

    loc: tuple  # the user's keys (pydantic's union tags removed)
    message: str
    unknown_key: bool


def validate_project(data: dict) -> Project | ProjectProblem:
    """Project.model_validate, reduced to the problem worth showing: a misspelt key shows up as "extra" plus
    "missing" (report the misspelling); a Period that fails its own check also fails as a string (report the date)."""
    try:
        return Project.model_validate(data)
    except ValidationError as e:
        errors = e.errors()
        err = next((x for x in errors if x["type"] == "extra_forbidden"), None)
        err = err or next((x for x in errors if x["type"] == "value_error"), errors[0])
        loc = tuple(p for p in err["loc"] if p not in _UNION_TAGS and not (isinstance(p, str) and "[" in p))
        if err["type"] == "extra_forbidden":
            msg = "不明なキーです / unknown key"
        elif err["type"] == "value_error":  # our own checks already say it in Japanese
            msg = err["msg"].removeprefix("Value error, ")
        else:
            msg = pydantic_message_ja(err)
        return ProjectProblem(loc, msg, err["type"] == "extra_forbidden")


def load_project(path: Path, library: Library) -> Project:
    """Load and validate a project file; every error names the file, the key and the line."""
    data, text = load_yaml(path, ProjectFileError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProjectFileError(f"{path}: 先頭はキーと値の組 (mapping) にしてください / top level must be a mapping")
    project = validate_project(data)
    if isinstance(project, ProjectProblem):
        line = line_of(compose(text), project.loc)
        key = ".".join(str(p) for p in project.loc) or "(top)"
        raise ProjectFileError(f"{path}{f' line {line}' if line else ''}: {key}: {project.message}")

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
