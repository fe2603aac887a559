"""Tests for handbook.source.checks: cross-field problems (unknown ids, duplicates, sums, files) and their paths."""

from __future__ import annotations

import pytest

from handbook.source.checks import Finding, check_project, project_files
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import PROJECTS, with_move_in_step

FOLDER = PROJECTS / "lotus-garden"
ROLES = ("move_in_lead, guide, reception, verifier, signing_clerk, cashier, inspection_escort, project_office, "
         "key_issuer, decoration_clerk, engineer, security")


@pytest.fixture(scope="module")
def lotus():
    return load_project(ProjectSource("lotus-garden", FOLDER)).project


def test_the_sample_has_no_problems(lotus):
    assert check_project(lotus, FOLDER) == []


def test_an_unknown_role_is_reported_at_its_path_with_the_known_ones(lotus):
    findings = check_project(with_move_in_step(lotus, 4, role="cashir"), FOLDER)
    assert findings == [Finding(("processes", "move_in", "steps", 4, "role"), "error.unknown_ref",
                                {"what": "ref.role", "value": "cashir", "known": ROLES})]


def test_an_unknown_next_step_and_form(lotus):
    project = with_move_in_step(lotus, 0, next="nowhere")
    agreement = project.agreements[0].model_copy(update={"form": "no_such_form"})
    project = project.model_copy(update={"agreements": [agreement, *project.agreements[1:]]})
    found = [(f.loc, f.key, f.params.get("value")) for f in check_project(project, FOLDER)]
    assert found == [
        (("agreements", 0, "form"), "error.unknown_ref", "no_such_form"),
        (("processes", "move_in", "steps", 0, "next"), "error.unknown_ref", "nowhere"),
        (("forms", 0, "kind"), "error.agreement_without_wording", None)]  # the covenant lost its wording


def test_an_agreement_named_otherwise_than_its_form_is_reported_at_the_forms_name(lotus):
    # The guide said 《业户消防责任书》 while the printed form was titled 防火安全责任书 (the issue).
    agreements = [a.model_copy(update={"name": "业户消防责任书"}) if a.id == "fire_safety" else a
                  for a in lotus.agreements]
    form = next(index for index, f in enumerate(lotus.forms) if f.id == "fire_safety_pledge")
    assert check_project(lotus.model_copy(update={"agreements": agreements}), FOLDER) == [
        Finding(("forms", form, "name"), "error.agreement_form_name",
                {"form": "fire_safety_pledge", "form_name": "防火安全责任书",
                 "agreement": "fire_safety", "agreement_name": "业户消防责任书"})]


def test_a_duplicate_id_names_the_first_item_counting_from_one(lotus):
    project = lotus.model_copy(update={"forms": [*lotus.forms, lotus.forms[2]]})
    assert check_project(project, FOLDER) == [
        Finding(("forms", len(lotus.forms), "id"), "error.duplicate_id", {"id": lotus.forms[2].id, "first": 3})]


def test_households_must_add_up(lotus):
    project = lotus.model_copy(update={"households": lotus.households + 1})
    total = sum(phase.households for phase in lotus.phases)
    assert check_project(project, FOLDER) == [
        Finding(("households",), "error.households_sum", {"total": total, "households": total + 1})]


def test_missing_files_and_paths_leaving_the_folder(lotus, tmp_path):
    assert [loc for loc, _ in project_files(lotus)] == [
        ("photos", 0, "file"), ("boards", 0, "background"), ("boards", 1, "background")]
    (tmp_path / "units.csv").write_text("unit\n", encoding="utf-8")
    photo = lotus.photos[0].model_copy(update={"file": "../secret.jpg"})
    findings = check_project(lotus.model_copy(update={"photos": [photo]}), tmp_path)
    assert findings == [
        Finding(("photos", 0, "file"), "error.path_escape", {"path": "../secret.jpg"}),
        Finding(("boards", 0, "background"), "error.file_not_found", {"path": "images/estate.jpg"}),
        Finding(("boards", 1, "background"), "error.file_not_found", {"path": "images/estate.jpg"})]


def test_a_partial_project_skips_checks_of_its_invalid_sections(lotus):
    broken = lotus.model_copy(update={"fees": None})
    with pytest.raises(AttributeError):
        check_project(broken, FOLDER)
    assert check_project(broken, FOLDER, partial=True) == []
