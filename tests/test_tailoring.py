"""Tailoring rules for each data class × service, from the source documents."""

from __future__ import annotations

import itertools

import pytest

from specgen.errors import TailoringRefusal
from specgen.project import Project
from specgen.tailoring import tailor

SERVICES = ["genai", "cloud", "sns", "payment"]
ALLOWED = ["1", "2", "3C", "3B"]


def ids(spec):
    return {r.clause_id for r in spec.requirements}


@pytest.mark.parametrize("data_class,service", list(itertools.product(ALLOWED, SERVICES)))
def test_every_allowed_combination_generates_numbered_traced_requirements(library, data_class, service):
    spec = tailor(library, data_class, service)
    assert spec.requirements
    assert len({r.id for r in spec.requirements}) == len(spec.requirements)
    for r in spec.requirements:
        assert r.source.document and r.source.section and r.source.seed
        assert "{{" not in r.text and "{%" not in r.text
    # every clause of the library is accounted for in the rationale, exactly once
    assert sorted(d.clause_id for d in spec.decisions) == sorted(c.id for c in library.clauses)


@pytest.mark.parametrize("service", SERVICES)
def test_class_3A_is_refused_with_the_reason(library, service):
    with pytest.raises(TailoringRefusal, match="インターネットに接続していない"):
        tailor(library, "3A", service)


@pytest.mark.parametrize("data_class", ["2", "3C", "3B"])
def test_terms_of_service_with_class_2_or_higher_is_refused(library, data_class):
    with pytest.raises(TailoringRefusal, match="約款型"):
        tailor(library, data_class, "genai", terms_of_service=True)


def test_terms_of_service_with_class_1_drops_clauses_needing_an_individual_contract(library):
    spec = tailor(library, "1", "genai", terms_of_service=True)
    assert "CLS-TOS-CITY" in {n.clause_id for n in spec.city_notes}
    assert "G83-3-4-A" not in ids(spec)


def test_personal_data_with_class_1_is_refused(library):
    with pytest.raises(TailoringRefusal, match="個人情報"):
        tailor(library, "1", "sns", personal_data=True)


@pytest.mark.parametrize("data_class", ["3B", "3C"])
def test_ismap_is_mandatory_and_liu_not_accepted_for_3B_3C(library, data_class):
    spec = tailor(library, data_class, "cloud")
    ismap = next(r for r in spec.requirements if r.clause_id == "CLS-ISMAP")
    assert ismap.mandatory
    assert "ISMAP-LIU" not in ismap.text


def test_ismap_for_class_2_cloud_is_optional_and_accepts_liu(library):
    ismap = next(r for r in tailor(library, "2", "cloud").requirements if r.clause_id == "CLS-ISMAP")
    assert not ismap.mandatory and "ISMAP-LIU" in ismap.text


def test_ismap_for_class_2_genai_is_mandatory_per_the_genai_guideline(library):
    ismap = next(r for r in tailor(library, "2", "genai").requirements if r.clause_id == "CLS-ISMAP")
    assert ismap.mandatory


def test_guideline_8_3_applies_from_class_2_only(library):
    assert "G83-3-2-U" not in ids(tailor(library, "1", "cloud"))
    assert "G83-3-2-U" in ids(tailor(library, "2", "cloud"))
    excluded = next(d for d in tailor(library, "1", "cloud").decisions if d.clause_id == "G83-3-2-U")
    assert not excluded.included and "機密性2以上" in excluded.reason


def test_class_1_keeps_basic_8_3_clauses_as_optional(library):
    spec = tailor(library, "1", "cloud")
    deletion = next(r for r in spec.requirements if r.clause_id == "G83-8-1-I")
    assert not deletion.mandatory


def test_3C_adds_beta_prime_measures_only_for_3C(library):
    assert "CLS-3C-BETA" in ids(tailor(library, "3C", "cloud"))
    assert "CLS-3C-BETA" not in ids(tailor(library, "3B", "cloud"))


def test_genai_spec_has_the_no_training_requirement_as_mandatory(library):
    spec = tailor(library, "2", "genai")
    r = next(r for r in spec.requirements if r.clause_id == "GAI-11")
    assert r.mandatory and "機械学習（モデルの学習・改善）に利用されないこと" in r.text
    assert r.chapter == "personal"


def test_sns_with_personal_data_gets_line_conditions_and_provider_measures(library):
    got = ids(tailor(library, "3C", "sns"))
    assert {"LINE-OA-1", "LINE-OA-2", "LINE-OA-3", "LINE-OA-4", "LINE-OA-EMERG", "FJ-BACKUP", "FJ-TLS"} <= got
    assert not {"PAY-1", "GAI-11"} & got


def test_sns_without_personal_data_gets_the_city_note_instead(library):
    spec = tailor(library, "1", "sns", personal_data=False)
    assert "LINE-OA-1" not in ids(spec)
    assert "LINE-NOPD-CITY" in {n.clause_id for n in spec.city_notes}


def test_payment_gets_the_line_pay_conditions(library):
    assert {"PAY-1", "PAY-2", "PAY-3"} <= ids(tailor(library, "2", "payment"))


def test_city_only_duties_go_to_the_city_notes_not_the_requirements(library):
    spec = tailor(library, "3B", "cloud")
    notes = {n.clause_id for n in spec.city_notes}
    assert {"G83-3-1", "G83-5-1", "G83-5-2", "G83-5-3"} <= notes
    assert not notes & ids(spec)


def test_personal_data_default_follows_the_class(library):
    assert tailor(library, "3B", "cloud").inputs.personal_data is True
    assert tailor(library, "2", "cloud").inputs.personal_data is False


def test_project_parameters_are_rendered_into_the_text(library):
    project = Project(params={"concurrent_users": 120, "availability": "99.95%"}, city_term="本区")
    spec = tailor(library, "3B", "genai", project=project)
    texts = {r.clause_id: r.text for r in spec.requirements}
    assert "同時接続数は120以上" in texts["GAI-05"]
    assert "稼働率99.95%以上" in texts["G83-3-4-I"]
    assert "本区" in texts["G83-3-2-A"]
    assert next(r for r in spec.requirements if r.clause_id == "GAI-05").parameters["concurrent_users"]["value"] == 120


def test_project_add_remove_and_mandatory_overrides_are_explained(library):
    project = Project(add=["LINE-OA-EMERG"], remove=["GAI-10"], mandatory={"GAI-09": True})
    spec = tailor(library, "3B", "genai", project=project)
    assert "LINE-OA-EMERG" in ids(spec) and "GAI-10" not in ids(spec)
    assert next(r for r in spec.requirements if r.clause_id == "GAI-09").mandatory
    reasons = {d.clause_id: d.reason for d in spec.decisions}
    assert "add" in reasons["LINE-OA-EMERG"] and "remove" in reasons["GAI-10"] and "必須に指定" in reasons["GAI-09"]
