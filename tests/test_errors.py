"""Tests for handbook.errors: problems printed with file:line:column and field path, Said worded per language."""

from __future__ import annotations

import pickle

from handbook.errors import (
    BuildFailed,
    HandbookError,
    Problem,
    ProjectInvalid,
    Said,
    field_path,
    relative_name,
    sort_problems,
)
from handbook.i18n.messages import catalogue

UNKNOWN_ROLE = Said("error.unknown_ref", what=Said("ref.role"), value="cashir", known=["guide", "cashier"])


def test_a_problem_prints_its_place_then_its_field():
    assert str(Problem("projects/demo/project.yml", 12, 5, "contacts[1].phone", "not a phone number")) == \
        "projects/demo/project.yml:12:5: contacts[1].phone: not a phone number"
    assert str(Problem("project.yml", 3, None, "", "bad")) == "project.yml:3: bad"
    assert str(Problem("units.csv", None, 7, "unit", "empty")) == "units.csv: unit: empty"  # no line: no column


def test_field_paths_count_items_from_one():
    assert field_path(("contacts", 0, "phone")) == "contacts[1].phone"
    assert field_path(("processes", "move_in", "steps", 2, "branches", 0, "to")) == \
        "processes.move_in.steps[3].branches[1].to"
    assert field_path((4,)) == "[5]"


def test_said_is_worded_in_the_readers_language_lists_joined_by_its_separator():
    assert UNKNOWN_ROLE.words(catalogue("zh-CN")) == "角色 cashir 不存在；已定义的有：guide、cashier"
    assert UNKNOWN_ROLE.words(catalogue("en")) == "role cashir does not exist; defined: guide, cashier"
    assert str(UNKNOWN_ROLE) == UNKNOWN_ROLE.words(catalogue("zh-CN"))  # logs: the default language


def test_error_lines_word_every_said_including_inside_problems():
    error = ProjectInvalid([Problem("project.yml", 40, 11, "staff.posts[2].role", UNKNOWN_ROLE),
                            Said("error.file_not_found", path="images/logo.png"), "plain text"])
    assert error.lines(catalogue("en")) == [
        "project.yml:40:11: staff.posts[2].role: role cashir does not exist; defined: guide, cashier",
        "file images/logo.png not found (relative to the project folder)",
        "plain text"]
    assert error.lines(catalogue("zh-HK"))[1] == "找不到文件 images/logo.png（相對於項目資料夾）"


def test_a_single_entry_is_a_list_of_one_and_survives_pickling():
    error = BuildFailed(Said("error.file_not_found", path="a.jpg"))
    assert error.problems == [Said("error.file_not_found", path="a.jpg")]
    assert isinstance(error, HandbookError)
    back = pickle.loads(pickle.dumps(error))  # what a forked build sends to its parent
    assert type(back) is BuildFailed and back.problems == error.problems
    assert back.lines(catalogue("en")) == ["file a.jpg not found (relative to the project folder)"]


def test_said_equality_is_by_key_and_parameters():
    assert Said("ref.role") == Said("ref.role")
    assert Said("error.file_not_found", path="a") != Said("error.file_not_found", path="b")
    assert len({Said("ref.role"), Said("ref.role")}) == 1


def test_problems_sort_in_file_order():
    problems = [Problem("b.yml", 1, 1, "x", "m"), Problem("a.yml", 10, 2, "y", "m"),
                Problem("a.yml", None, None, "z", "m"), Problem("a.yml", 10, 1, "w", "m")]
    assert [(p.file, p.line, p.column) for p in sort_problems(problems)] == [
        ("a.yml", None, None), ("a.yml", 10, 1), ("a.yml", 10, 2), ("b.yml", 1, 1)]


def test_relative_name_inside_and_outside_the_root(tmp_path):
    inside = tmp_path / "projects" / "demo" / "project.yml"
    assert relative_name(inside, tmp_path) == "projects/demo/project.yml"
    assert relative_name(inside, tmp_path / "elsewhere") == str(inside)
