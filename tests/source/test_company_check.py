"""A company.yml as written is checked as a partial project: wrong values are reported, what it leaves out is not."""

from pathlib import Path

import pytest

from handbook.source.company_check import company_problems
from handbook.source.load import load_yaml

NAME = "companies/acme/company.yml"


def check(tmp_path: Path, text: str, language: str = "en"):
    path = tmp_path / "company.yml"
    path.write_text(text, encoding="utf-8")
    loaded = load_yaml(path, NAME)
    return company_problems(loaded.data, loaded.source, language, loaded.dropped)


def test_a_typo_names_the_company_file_its_line_and_the_field_meant(tmp_path):
    problems = check(tmp_path, "property_company: Acme\ncontacts:\n  - id: desk\n    phnoe: \"0755 2688 8000\"\n")
    assert [(p.file, p.line, p.field) for p in problems] == [(NAME, 4, "contacts[1].phnoe")]
    assert "unknown field phnoe" in problems[0].message and "did you mean phone?" in problems[0].message


def test_a_top_level_typo_may_mean_extends(tmp_path):
    problems = check(tmp_path, "property_company: Acme\nextend: group\n")
    assert [(p.file, p.line, p.field) for p in problems] == [(NAME, 2, "extend")]
    assert "did you mean extends?" in problems[0].message


def test_a_top_level_typo_is_worded_in_the_files_language(tmp_path):
    problems = check(tmp_path, "property_compnay: 莲花物业\n", language="zh-CN")
    assert "property_company" in problems[0].message and "是否想写" in problems[0].message


def test_a_wrong_type_is_reported(tmp_path):
    problems = check(tmp_path, "property_company: Acme\nhouseholds: many\n")
    assert [(p.file, p.line, p.field) for p in problems] == [(NAME, 2, "households")]
    assert "many" in problems[0].message


def test_a_wrong_value_inside_an_item_is_reported(tmp_path):
    problems = check(tmp_path, "forms:\n  - id: f3\n    copies: -1\n")
    assert [(p.line, p.field) for p in problems] == [(3, "forms[1].copies")]


def test_a_partial_company_has_no_problems(tmp_path):
    text = """\
property_company: Acme Property Services
forms:
  - id: f3
    copies: 2
processes:
  move_in:
    steps:
      - id: photo
        title: Photograph the meters
        after: verify
"""
    assert check(tmp_path, text) == []


def test_a_step_with_only_after_has_no_problems(tmp_path):
    assert check(tmp_path, "processes:\n  move_in:\n    steps:\n      - id: sign\n        before: keys\n") == []


def test_removals_and_moves_have_no_problems(tmp_path):
    text = """\
extends: acme-group
forms:
  - remove: [f1, f2]
  - id: f9
    name: Parking permit
    after: f3
roles:
  - remove: [cashier]
"""
    assert check(tmp_path, text) == []


def test_an_empty_list_is_not_too_short_in_a_layer(tmp_path):
    assert check(tmp_path, "contacts: []\nlanguages: []\n") == []


def test_after_on_a_list_without_ids_is_reported(tmp_path):
    problems = check(tmp_path, "meters:\n  - water\n  - after: water\n")
    assert [(p.line, p.field) for p in problems] == [(3, "meters[2]")]


def test_a_remove_beside_an_id_is_reported(tmp_path):
    problems = check(tmp_path, "forms:\n  - id: f1\n    remove: [f2]\n")
    assert [(p.line, p.field) for p in problems] == [(3, "forms[1].remove")]


@pytest.mark.parametrize("value, found", [("Acme Group", "wrong format"), ("123", "quote")])
def test_an_extends_that_is_not_an_id_is_reported(tmp_path, value, found):
    problems = check(tmp_path, f"extends: {value}\n")
    assert [(p.file, p.line, p.field) for p in problems] == [(NAME, 1, "extends")]
    assert found in problems[0].message


def test_company_belongs_in_a_project(tmp_path):
    problems = check(tmp_path, "property_company: Acme\ncompany: group\n")
    assert [(p.line, p.field) for p in problems] == [(2, "company")]
    assert "extends" in problems[0].message
