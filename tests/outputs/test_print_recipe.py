"""The print recipe every print output follows (handbook/outputs/printing.py), as editors meet it.

A mistake in a print template is refused naming its file and line, whichever
output's template it is in, whichever layer (the project's own templates or
the repository's) it comes from; and a character the font cannot draw, in
any printed field, is refused before anything is laid out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.engines.fonts import describe
from handbook.errors import Said
from handbook.i18n.messages import catalogue
from tests.conftest import make_repo, template_text

SLUG = "demo"
UNITS = ("unit,area_m2,property_type,household_type,owner_name,move_in_date\n"
         "1-0101,88.50,residential,family,张明,2027-03-08\n")
# One form to print (an agreement, its wording the shared content/owner/agreements/covenant.md) and a unit list:
# with them the template project makes all six print outputs.
FORMS = ("forms:\n  - id: covenant\n    name: 业主临时管理规约\n    kind: agreement\n"
         "agreements:\n  - id: covenant\n    name: 业主临时管理规约\n    form: covenant\n"
         "unit_list: units.csv\n")

# Each print output, a template of it, and a mistake written into that template's last line.
UNDEFINED = "{{ no_such_variable }}"
SYNTAX = "{% endfor %}"
MISTAKES = [
    ("guide", "guide/guide.html", UNDEFINED, "'no_such_variable' is undefined"),
    ("boards", "boards/boards.css", SYNTAX, "Encountered unknown tag 'endfor'"),
    ("training", "training/pack.html", SYNTAX, "Encountered unknown tag 'endfor'"),
    ("notices", "notices/notices.html", UNDEFINED, "'no_such_variable' is undefined"),
    ("operations", "operations/operations.css", UNDEFINED, "'no_such_variable' is undefined"),
    ("forms", "forms/kinds.html", UNDEFINED, "'no_such_variable' is undefined"),  # imported by forms.html
    ("guide", "_shared/print.css", SYNTAX, "Encountered unknown tag 'endfor'"),  # imported by every stylesheet
    ("notices", "_shared/fees.html", UNDEFINED, "'no_such_variable' is undefined"),  # imported by notices.html
]


def demo_repo(root: Path, project: str | None = None) -> Path:
    """Return a repository whose template project, demo, has a unit list and a form: every print output makes it."""
    repo = make_repo(root, {SLUG: (project or template_text()) + FORMS})
    (repo / "projects" / SLUG / "units.csv").write_text(UNITS, encoding="utf-8")
    return repo


def with_mistake(template: Path, mistake: str) -> int:
    """Append a line holding mistake to a template; return its line number."""
    text = template.read_text(encoding="utf-8")
    template.write_text(text + ("" if text.endswith("\n") else "\n") + mistake + "\n", encoding="utf-8")
    return text.count("\n") + (0 if text.endswith("\n") else 1) + 1


def build(repo: Path, output: str, capsys) -> tuple[int, str]:
    """Build one output of demo; return the exit code and what the command line printed on stderr."""
    code = main(["--repo", str(repo), "build", SLUG, "--only", output])
    return code, capsys.readouterr().err


def glyph_in_field(char: str, field: str) -> str:
    """Return the line naming a character no font draws and the field it is in, in demo's language."""
    return Said("refusal.glyph_in_field", char=describe(char), field=field).words(catalogue("zh-CN"))


def refused_template(err: str, output: str, place: str) -> bool:
    """Return whether err has the line refusing output's template at place (file:line: message), in demo's language."""
    said = Said("refusal.template", output=Said(f"output.{output}"), problem="")
    prefix = said.words(catalogue("zh-CN"))
    return any(line.startswith(prefix) and place in line for line in err.splitlines())


def test_every_print_output_builds_from_the_demo_project(tmp_path, capsys):
    repo = demo_repo(tmp_path)
    code = main(["--repo", str(repo), "build", SLUG, "--only", "guide,boards,training,notices,operations,forms"])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("output, template, mistake, message", MISTAKES,
                         ids=[f"{output}-{template}" for output, template, _, _ in MISTAKES])
def test_a_template_mistake_is_refused_naming_its_file_and_line(tmp_path, capsys, output, template, mistake, message):
    repo = demo_repo(tmp_path)
    line = with_mistake(repo / "templates" / template, mistake)
    code, err = build(repo, output, capsys)
    assert code == 1
    assert refused_template(err, output, f"templates/{template}:{line}: {message}"), err
    assert "Traceback" not in err


def test_the_projects_own_template_wins_and_its_mistake_names_the_projects_file(tmp_path, capsys):
    repo = demo_repo(tmp_path)
    own = repo / "projects" / SLUG / "templates" / "guide" / "guide.html"
    own.parent.mkdir(parents=True)
    own.write_text((repo / "templates/guide/guide.html").read_text(encoding="utf-8"), encoding="utf-8")
    line = with_mistake(own, UNDEFINED)
    code, err = build(repo, "guide", capsys)
    assert code == 1
    place = f"projects/{SLUG}/templates/guide/guide.html:{line}: 'no_such_variable' is undefined"
    assert refused_template(err, "guide", place), err


def test_check_names_the_mistake_as_build_does(tmp_path, capsys):
    repo = demo_repo(tmp_path)
    line = with_mistake(repo / "templates/notices/notices.html", UNDEFINED)
    assert main(["--repo", str(repo), "check", SLUG]) == 1
    assert refused_template(capsys.readouterr().err, "notices",
                            f"templates/notices/notices.html:{line}: 'no_such_variable' is undefined")


@pytest.mark.parametrize("output", ["guide", "boards", "training", "notices", "operations", "forms"])
def test_a_character_no_font_draws_in_a_printed_field_is_refused_naming_the_field(tmp_path, capsys, output):
    # The property company is printed by every output; the notices and the forms used to check unit names only.
    project = template_text().replace("property_company: 某某物业管理有限公司",
                                      "property_company: 某某物业\ue000管理有限公司")
    assert project != template_text()
    repo = demo_repo(tmp_path, project)
    code, err = build(repo, output, capsys)
    assert code == 1
    assert glyph_in_field("\ue000", "property_company") in err.splitlines(), err
    assert not list(repo.glob("dist/**/*.pdf"))


@pytest.mark.parametrize("output", ["notices", "forms"])
def test_a_character_no_font_draws_in_a_unit_is_refused_naming_the_unit_and_field(tmp_path, capsys, output):
    repo = demo_repo(tmp_path)
    # A rare character (CJK extension B) the edition's font has no glyph for; a private-use one is refused earlier.
    (repo / "projects" / SLUG / "units.csv").write_text(UNITS.replace("张明", "张\U00020000明"), encoding="utf-8")
    code, err = build(repo, output, capsys)
    assert code == 1
    assert glyph_in_field("\U00020000", "units.1-0101.owner_name") in err.splitlines(), err
    assert not list(repo.glob("dist/**/*.pdf"))
