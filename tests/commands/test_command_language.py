"""Every line the command prints about a project is in that project's language; lines about several in the user's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from handbook.commands.cli import locale_language
from handbook.i18n.languages import has_han
from tests.conftest import REPO_ROOT, make_repo, template_in

S2T, T2S = opencc.OpenCC("s2t.json"), opencc.OpenCC("t2s.json")
TRADITIONAL_AS_WELL = {"伙", "台"}  # as in tests/i18n/test_i18n.py


def macau_project() -> str:
    """Return the template as a Macau editor writes it: Traditional, primary language zh-MO."""
    return template_in("[zh-MO]", "pearl-bay")


def simplified_characters(text: str) -> list[str]:
    return sorted({char for char in text if S2T.convert(char) != char and T2S.convert(char) == char
                   and char not in TRADITIONAL_AS_WELL})


def command(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), "--repo", str(repo), *args],
                          capture_output=True, text=True, cwd=repo, env={"PATH": "/usr/bin:/bin", **(env or {})},
                          timeout=600)


@pytest.fixture(scope="module")
def macau_repo(tmp_path_factory) -> Path:
    """A zh-MO project with a board too small for its chart, so both check and build refuse it."""
    root = tmp_path_factory.mktemp("macau")
    board = "boards:\n  - id: tiny\n    format: custom\n    width_mm: 420\n    height_mm: 300\n    kind: move_in_process\n"
    return make_repo(root, {"pearl-bay": macau_project() + board})


@pytest.mark.parametrize("args", [("check",), ("build", "--only", "guide,boards")], ids=["check", "build"])
def test_a_macau_projects_whole_output_is_traditional(macau_repo, args):
    result = command(macau_repo, *args, env={"LANG": "C.UTF-8"})
    printed = result.stdout + result.stderr
    assert result.returncode == 1, printed
    assert "pearl-bay" in printed and "展板 tiny" in printed, printed  # its problem, named in its words
    assert not simplified_characters(printed), f"Simplified {simplified_characters(printed)} in:\n{printed}"
    english = [line for line in printed.splitlines() if not has_han(line)]
    assert not english, "lines with no Chinese at all:\n" + "\n".join(english)


def test_lines_about_several_projects_follow_the_chosen_language(macau_repo, tmp_path):
    result = command(macau_repo, "--ui-language", "en", "build", "--only", "guide")
    assert result.returncode == 0, result.stderr
    assert "1 project built, 0 failed" in result.stdout
    assert "pearl-bay：入伙指引（zh-MO）" in result.stdout  # the project's own lines stay in its language


@pytest.mark.parametrize("environ, tag", [
    ({"LANG": "zh_TW.UTF-8"}, "zh-TW"), ({"LANG": "zh_HK.UTF-8"}, "zh-HK"), ({"LC_ALL": "zh_MO"}, "zh-MO"),
    ({"LANG": "zh_CN.UTF-8"}, "zh-CN"), ({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "zh_Hant"}, "zh-TW"),
    ({"LANG": "C.UTF-8"}, None), ({}, None), ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
])
def test_the_locale_names_the_users_language(environ, tag):
    assert locale_language(environ) == tag
