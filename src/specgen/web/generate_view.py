"""仕様書を作る: the form → a Project (the CLI's pydantic model) → resolve.tailor → the live list → write_outputs.

Clauses on/off and 必須/任意 are sent as the state the officer sees; they become the project file's add / remove /
mandatory by comparing with what the tailoring decides without them, so the saved project.yaml is the one an
officer would have written by hand (and `specgen generate --project project.yaml` gives the same spec).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..catalog.models import DATA_CLASSES, SERVICES
from ..errors import ProjectFileError, SpecgenError, TailoringRefusal

TEXT_FIELDS = {"municipality": "自治体名", "department": "担当課", "title": "件名", "purpose": "目的",
               "submission_deadline": "提出期限"}
FIELD_JA = {**TEXT_FIELDS, "period": "履行期間", "calendar": "日付の表記", "params": "パラメータ", "mandatory": "必須/任意"}
MAX_TEXT = 2000


@cache
def choices() -> dict:
    import yaml

    from ..resolve.rules import class_label

    data = yaml.safe_load((Path(__file__).with_name("choices.yaml")).read_text(encoding="utf-8"))
    return {"classes": [(c, class_label(c), data["data_class"][c]) for c in DATA_CLASSES],
            "services": [(s, label, data["service"][s]) for s, label in SERVICES.items()],
            "personal": [("auto", "自動（既定）", data["personal_data"]["auto"]), ("yes", "あり", data["personal_data"]["yes"]),
                         ("no", "なし", data["personal_data"]["no"])],
            "tos": data["terms_of_service"]}


@dataclass
class Draft:
    data_class: str = "3B"
    service: str = "genai"
    personal: str = "auto"
    tos: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # text fields as typed
    period_start: str = ""
    period_end: str = ""
    calendar: str = "和暦"
    params: dict[str, str] = field(default_factory=dict)   # name → value as typed
    clauses: dict[str, bool] | None = None                # clause id → on (None: the tailoring's choice)
    must: dict[str, bool] | None = None                   # clause id → 必須
    errors: list[str] = field(default_factory=list)

    @property
    def personal_data(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.personal)


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").strip()[:MAX_TEXT]


def draft_from_form(form: dict[str, list[str]]) -> Draft:
    one = lambda k, d="": (form.get(k) or [d])[0]  # noqa: E731
    d = Draft()
    if one("data_class") in DATA_CLASSES:
        d.data_class = one("data_class")
    if one("service") in SERVICES:
        d.service = one("service")
    if one("personal") in ("auto", "yes", "no"):
        d.personal = one("personal")
    d.tos = one("tos") == "1"
    d.fields = {k: _clean(one(k)) for k in TEXT_FIELDS if one(k).strip()}
    d.period_start, d.period_end = one("period_start").strip(), one("period_end").strip()
    d.calendar = one("calendar", "和暦")
    d.params = {k[6:]: _clean(v[0]) for k, v in form.items() if k.startswith("param:") and v and v[0].strip()}
    key = f"{d.data_class}/{d.service}/{d.personal}/{'1' if d.tos else '0'}"
    if one("has_clauses") == "1" and one("clauses_for") == key:  # the list shown was for these choices
        d.clauses = {k[7:]: True for k in form if k.startswith("clause:")}
        d.must = {k[5:]: v[0] == "1" for k, v in form.items() if k.startswith("must:") and v}
    return d


def _number(v: str):
    import re

    return int(v) if re.fullmatch(r"-?\d{1,12}", v) else (float(v) if re.fullmatch(r"-?\d{1,12}\.\d{1,6}", v) else v)


def project_data(d: Draft, base_params: dict[str, object]) -> dict:
    """The project file's content for this draft (without add/remove/mandatory)."""
    data: dict = dict(d.fields)
    if d.period_start or d.period_end:
        data["period"] = {"start": d.period_start or None, "end": d.period_end or None}
    if d.calendar != "和暦":
        data["calendar"] = d.calendar
    params = {k: _number(v) for k, v in d.params.items() if str(base_params.get(k, "")) != v}
    if params:
        data["params"] = params
    return data


def validate(data: dict):
    """Project.model_validate with the CLI's choice of error and its Japanese wording; the key is named as on the form."""
    from ..profile.project import ProjectProblem, validate_project

    project = validate_project(data)
    if isinstance(project, ProjectProblem):
        loc = project.loc
        key = FIELD_JA.get(str(loc[0]), str(loc[0])) + "".join(f"・{p}" for p in loc[1:]) if loc else "入力"
        raise ProjectFileError(f"{key}: {project.message}")
    return project


@dataclass
class Outcome:
    draft: Draft
    spec: object | None = None
    base: object | None = None
    project: dict = field(default_factory=dict)
    refusal: str = ""
    error: str = ""
    params: list[tuple[str, str, str]] = field(default_factory=list)  # (name, label, value)


def resolve(d: Draft) -> Outcome:
    from ..catalog.load import load_library
    from ..resolve.tailor import tailor

    out = Outcome(d)
    library = load_library()
    try:
        plain = tailor(library, d.data_class, d.service, d.personal_data, d.tos, validate({}))
        base_params = {n: p["value"] for r in plain.requirements for n, p in r.parameters.items()}
        data = project_data(d, base_params)
        project = validate(data)
        base = tailor(library, d.data_class, d.service, d.personal_data, d.tos, project)
        if d.clauses is not None:
            default_on = {x.clause_id for x in base.decisions if x.included}
            known = {c.id for c in library.clauses}
            add = [c for c in d.clauses if c in known and c not in default_on]
            remove = sorted(c for c in default_on if c not in d.clauses)
            if add:
                data["add"] = add
            if remove:
                data["remove"] = remove
            project = validate(data)
            base = tailor(library, d.data_class, d.service, d.personal_data, d.tos, project)
            vendor_rows = {r.clause_id: r.mandatory for r in base.requirements}
            mandatory = {c: v for c, v in (d.must or {}).items() if c in vendor_rows and vendor_rows[c] != v}
            if mandatory:
                data["mandatory"] = mandatory
                project = validate(data)
        out.spec = tailor(library, d.data_class, d.service, d.personal_data, d.tos, project)
        out.base, out.project = base, data
    except TailoringRefusal as e:
        out.refusal = str(e)
        return out
    except SpecgenError as e:
        out.error = str(e)
        return out
    seen: dict[str, tuple[str, str]] = {}
    for r in out.spec.requirements:
        for n, p in r.parameters.items():
            seen.setdefault(n, (str(p["label"]), str(p["value"])))
    out.params = [(n, label, value) for n, (label, value) in seen.items()]
    return out


def project_yaml(data: dict) -> str:
    import yaml

    clean = {k: (v if not isinstance(v, dt.date) else v.isoformat()) for k, v in data.items()}
    return ("# specgen serve で作成したプロジェクトファイル（specgen generate --project でも使えます）\n"
            + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False))


def tailoring_args(d: Draft) -> list[str]:
    """The equivalent command line, shown on the page so an officer can hand it to IT."""
    args = ["specgen", "generate", "--data-class", d.data_class, "--service", d.service]
    if d.personal_data is not None:
        args.append("--personal-data" if d.personal_data else "--no-personal-data")
    if d.tos:
        args.append("--terms-of-service")
    return args
