"""Tests for handbook.derive.boards: a project's own board list, or one standard board per kind."""

from __future__ import annotations

import pytest

from handbook.derive.boards import DEFAULT_KINDS, project_boards
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import PROJECTS


@pytest.fixture(scope="module")
def harbour():
    return load_project(ProjectSource("harbour-centre", PROJECTS / "harbour-centre")).project


def test_a_project_without_a_list_gets_one_board_of_each_kind(harbour):
    assert harbour.boards is None
    boards = project_boards(harbour)
    assert [b.kind for b in boards] == list(DEFAULT_KINDS)
    assert [b.id for b in boards] == ["company-intro", "move-in-process", "decoration-process", "fee-guide",
                                      "sample-form"]


def test_no_decoration_board_without_a_decoration_process(harbour):
    processes = harbour.processes.model_copy(update={"decoration": None})
    project = harbour.model_copy(update={"processes": processes})
    assert "decoration_process" not in [b.kind for b in project_boards(project)]
    assert len(project_boards(project)) == len(DEFAULT_KINDS) - 1


def test_a_project_list_is_used_as_written():
    project = load_project(ProjectSource("lotus-garden", PROJECTS / "lotus-garden")).project
    boards = project_boards(project)
    assert [b.id for b in boards] == ["company-intro", "move-in-rollup", "move-in-process", "decoration-process",
                                      "fee-guide", "owner-card-sample"]
    assert boards[1].format == "rollup"
    assert boards == list(project.boards) and boards is not project.boards  # a copy: callers may change it
