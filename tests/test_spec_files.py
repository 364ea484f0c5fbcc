"""spec.json and requirements.xlsx are two forms of one spec: the scorer reads the same requirements from either."""

from __future__ import annotations

import json

import pytest

from specgen.errors import InputFileError
from specgen.generate import generate
from specgen.scoring import load_spec


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    project = out / "project.yaml"
    project.write_text("municipality: 東雲市\nperiod: {start: 2027-04-01, end: 2030-03-31}\nweights: {G83-3-8-U: 7}\n", encoding="utf-8")
    generate("3B", "cloud", out / "spec", project_file=project)
    return out / "spec"


def test_weights_class_and_period_are_the_same_from_spec_json_and_requirements_xlsx(outputs):
    a, b = load_spec(outputs / "spec.json"), load_spec(outputs / "requirements.xlsx")
    assert [(i.id, i.mandatory, i.weight) for i in a.items] == [(i.id, i.mandatory, i.weight) for i in b.items]
    assert 7.0 in {i.weight for i in b.items}
    assert (b.data_class, b.service, b.valid_until.isoformat(), b.title) == ("3B", "cloud", "2030-03-31", a.title)


def _spec_json(tmp_path, **changes) -> object:
    data = {"format": "specgen-spec/1", "title": "t", "requirements": [{"id": "1", "text": "国内で保存すること", "weight": 3}]}
    data.update(changes)
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_a_newer_spec_json_format_is_refused_by_name(tmp_path):
    with pytest.raises(InputFileError, match="specgen-spec/2 はこの版の specgen では読めません"):
        load_spec(_spec_json(tmp_path, format="specgen-spec/2"))


def test_a_foreign_format_is_not_read_as_a_spec(tmp_path):
    with pytest.raises(InputFileError, match="specgen の spec.json ではありません"):
        load_spec(_spec_json(tmp_path, format="other/1"))


@pytest.mark.parametrize("req, where", [
    ({"id": "1", "text": "x", "weight": True}, r"requirements\[0\]\.weight"),
    ({"id": "1", "text": "x", "weight": 5000}, r"requirements\[0\]\.weight: .*1000以下"),
    ({"id": "1", "text": ""}, r"requirements\[0\]\.text"),
    ({"id": "1", "text": "x", "mandatory": "必須"}, r"requirements\[0\]\.mandatory"),
])
def test_a_wrong_field_type_names_the_key_in_japanese_first(tmp_path, req, where):
    with pytest.raises(InputFileError, match=where):
        load_spec(_spec_json(tmp_path, requirements=[req]))


def test_a_hand_written_list_without_format_is_accepted(tmp_path):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"id": 7, "text": "ログを1年間保存すること", "分類": "運用"}], ensure_ascii=False), encoding="utf-8")
    spec = load_spec(p)
    assert [(i.id, i.category, i.mandatory, i.weight) for i in spec.items] == [("7", "運用", True, None)]


def test_clauses_lists_exactly_what_generate_considers_for_every_allowed_combination():
    from specgen.catalog.load import load_library
    from specgen.catalog.models import DATA_CLASSES, SERVICES
    from specgen.generate import build_spec
    from specgen.resolve.rules import applicable, default_personal_data, refusal_reason

    library, checked = load_library(), 0
    for dc in DATA_CLASSES:
        for service in SERVICES:
            for pd in (None, True, False):
                for tos in (False, True):
                    if refusal_reason(dc, tos, default_personal_data(dc, service) if pd is None else pd, service):
                        continue
                    considered = {d.clause_id for d in build_spec(dc, service, pd, tos).decisions if d.included}
                    assert {c.id for c in applicable(library, dc, service, pd, tos)} == considered, (dc, service, pd, tos)
                    checked += 1
    assert checked == 45


def test_a_shared_contradiction_is_written_once_and_an_unknown_name_is_one_line(tmp_path):
    import shutil

    from specgen.catalog.load import load_library
    from specgen.errors import ClauseLibraryError
    from specgen.resources import data_dir

    library = load_library()
    ismap = {c.flag: c.pattern for c in library.get("CLS-ISMAP").verify.contradicts}
    store = {c.flag: c.pattern for c in library.get("FJ-ISMAP-STORE").verify.contradicts}
    assert ismap["ismap_applied_only"] == store["ismap_applied_only"] == library.meta.contradictions["ismap_applied_only"].pattern

    folder = tmp_path / "lib"
    shutil.copytree(data_dir("clause_library"), folder)
    p = folder / "classes.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("{use: ismap_applied_only}", "{use: ismap_typo}", 1), encoding="utf-8")
    with pytest.raises(ClauseLibraryError, match=r"classes.yaml line \d+: CLS-ISMAP: contradicts: use 'ismap_typo'"):
        load_library(folder)
