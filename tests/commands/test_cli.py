"""The command line: new -> check -> build, schema, and refusals that name the problem."""

import json

from handbook.commands.cli import main
from tests.conftest import make_repo


def test_new_scaffolds_a_project_that_passes_check_and_builds(tmp_path, capsys):
    repo = make_repo(tmp_path, {})
    assert main(["--repo", str(repo), "new", "pine-court"]) == 0
    data = repo / "projects/pine-court/project.yml"
    text = data.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/project.schema.json")
    assert "{slug}" not in text and "{today}" not in text
    assert main(["--repo", str(repo), "check", "pine-court"]) == 0
    assert "pine-court" in capsys.readouterr().out
    assert main(["--repo", str(repo), "build", "pine-court"]) == 0
    assert (repo / "dist/public/pine-court/index.html").is_file()


def test_new_refuses_an_existing_project_and_a_bad_slug(tmp_path, capsys):
    repo = make_repo(tmp_path, {})
    assert main(["--repo", str(repo), "new", "pine-court"]) == 0
    assert main(["--repo", str(repo), "new", "pine-court"]) == 1
    assert main(["--repo", str(repo), "new", "Pine Court"]) == 1
    err = capsys.readouterr().err
    assert "pine-court" in err and "Pine Court" in err and "Traceback" not in err


def test_check_names_an_unknown_project(tmp_path, capsys):
    repo = make_repo(tmp_path, {})
    main(["--repo", str(repo), "new", "pine-court"])
    assert main(["--repo", str(repo), "check", "nowhere"]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_schema_command_writes_a_draft_07_schema(tmp_path):
    repo = make_repo(tmp_path, {})
    assert main(["--repo", str(repo), "schema"]) == 0
    schema = json.loads((repo / "schema/project.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#" and "definitions" in schema


def test_a_relative_out_folder_works(tmp_path, monkeypatch):
    (tmp_path / "repo").mkdir()
    repo = make_repo(tmp_path / "repo", {})
    main(["--repo", str(repo), "new", "pine-court"])
    monkeypatch.chdir(tmp_path)
    assert main(["--repo", str(repo), "build", "pine-court", "--only", "site", "--out", "reldist"]) == 0
    assert (tmp_path / "reldist/public/pine-court/index.html").is_file()
