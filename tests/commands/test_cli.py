"""The command line: new -> check -> build, schema, and refusals that name the problem."""

import copy
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from handbook.commands.cli import main
from handbook.commands.scaffold import COMPANY_TEMPLATE
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import PROJECTS, REPO_ROOT, make_repo


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


# new --company: a project of a company ---------------------------------------------------------------------------

class CompanyDumper(yaml.SafeDumper):
    """Write merged data back as YAML: fees are Decimals."""


CompanyDumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float",
                                                                                     str(value)))


def strip_given(data: dict, given: dict) -> None:
    """Remove from data what the template gives: a mapping key by key, anything else whole."""
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            strip_given(data[key], value)
        else:
            data.pop(key, None)


def lotus_company(root: Path, company_id: str = "lotus") -> None:
    """Write companies/<id>/ from the sample lotus-garden as merged: its data less what the company template gives.

    What stays with the estate besides is left out too: its unit list, its move-in dates, and the two things that
    name what only lotus-garden has (its second phase's FAQ, a fee for its shops). Its images, pages and
    translations (wherever the sample keeps them: its folder or its companies') go with the company.
    """
    loaded = load_project(ProjectSource("lotus-garden", PROJECTS / "lotus-garden"))
    data = copy.deepcopy(loaded.data)
    strip_given(data, yaml.safe_load(re.sub(r"\{[a-z_]+\}", "x", COMPANY_TEMPLATE.read_text(encoding="utf-8"))))
    for key in ("company", "unit_list", "late_move_ins", "move_in"):
        data.pop(key, None)
    data["faq"] = [item for item in data.get("faq", []) if item.get("id") != "phase2_gift"]
    fees = data.get("fees", {})
    fees["decoration"] = [item for item in fees.get("decoration", []) if item.get("id") != "decoration_deposit_shop"]
    folder = root / "companies" / company_id
    folder.mkdir(parents=True)
    texts: list = []
    for source in reversed(loaded.source.folders):  # the top company first: the project's entries win
        for sub in ("images", "content"):
            if (source / sub).is_dir():
                shutil.copytree(source / sub, folder / sub, dirs_exist_ok=True)
        table = source / "translations" / "en.yml"
        if table.is_file():
            texts += yaml.safe_load(table.read_text(encoding="utf-8"))["texts"]
    (folder / "translations").mkdir()
    (folder / "translations" / "en.yml").write_text(yaml.safe_dump({"texts": texts}, allow_unicode=True),
                                                    encoding="utf-8")
    (folder / "company.yml").write_text(yaml.dump(data, Dumper=CompanyDumper, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")


ESTATE_FIELDS = {"company", "name", "kind", "revision", "developer", "address", "city", "site", "households",
                 "phases", "venue", "contacts", "fees"}


def test_new_with_a_company_writes_only_the_estates_own_fields_and_checks(tmp_path, capsys):
    repo = make_repo(tmp_path, {})
    lotus_company(repo)
    assert main(["--repo", str(repo), "new", "demo", "--company", "lotus"]) == 0
    text = (repo / "projects/demo/project.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/project.schema.json")
    assert not re.search(r"\{[a-z_]+\}", text)  # every placeholder filled in
    assert 45 <= len(text.splitlines()) <= 70
    data = yaml.safe_load(text)
    assert data["company"] == "lotus" and set(data) == ESTATE_FIELDS
    # The override examples name the company's own form, role and first move-in step.
    company = yaml.safe_load((repo / "companies/lotus/company.yml").read_text(encoding="utf-8"))
    example = yaml.safe_load("\n".join(line.removeprefix("# ") for line in text.splitlines()
                                       if line.startswith(("# forms:", "# processes:"))))
    assert example["forms"][0]["id"] == company["forms"][0]["id"]
    step = example["processes"]["move_in"]["steps"][0]
    assert step["after"] == company["processes"]["move_in"]["steps"][0]["id"]
    assert step["role"] in {role["id"] for role in company["roles"]}
    # The company publishes in English: the estate's own texts come translated (placeholders, like the texts).
    assert "en" in company["languages"] and (repo / "projects/demo/translations/en.yml").is_file()
    assert main(["--repo", str(repo), "check", "demo"]) == 0, capsys.readouterr().err
    # Both examples, written out, are what the merge takes (a new step's title is only left to translate).
    written = text.replace("# forms: [", "forms: [").replace("# processes: {", "processes: {")
    (repo / "projects/demo/project.yml").write_text(written, encoding="utf-8")
    capsys.readouterr()
    assert main(["--repo", str(repo), "check", "demo"]) == 1
    err = capsys.readouterr().err
    assert "办理车位手续" in err and err.count("projects/demo/project.yml") == 1


def test_new_with_a_company_adds_what_the_company_does_not_give(tmp_path, capsys):
    """A company that gives little still gets a project that checks: the missing fields come from project.yml."""
    repo = make_repo(tmp_path, {})
    (repo / "companies/tiny").mkdir(parents=True)
    (repo / "companies/tiny/company.yml").write_text("property_company: 顶峰物业有限公司\n", encoding="utf-8")
    assert main(["--repo", str(repo), "new", "demo", "--company", "tiny"]) == 0
    data = yaml.safe_load((repo / "projects/demo/project.yml").read_text(encoding="utf-8"))
    assert {"languages", "welcome", "roles", "processes"} <= set(data) and "property_company" not in data
    assert not (repo / "projects/demo/translations").exists()  # no English edition
    assert main(["--repo", str(repo), "check", "demo"]) == 0, capsys.readouterr().err


def test_new_refuses_an_unknown_company_naming_the_known_ones(tmp_path, capsys):
    repo = make_repo(tmp_path, {})
    for company_id in ("acme", "lotus"):
        (repo / "companies" / company_id).mkdir(parents=True)
        (repo / "companies" / company_id / "company.yml").write_text("property_company: X\n", encoding="utf-8")
    assert main(["--repo", str(repo), "new", "demo", "--company", "nowhere"]) == 1
    err = capsys.readouterr().err
    assert "nowhere" in err and "acme, lotus" in err and "company.yml" in err and "Traceback" not in err
    assert not (repo / "projects/demo").exists()


def leaf_companies() -> list[str]:
    """Return the repository's companies that no other company extends: those estates name."""
    files = sorted(REPO_ROOT.glob("companies/*/company.yml"))
    parents = {yaml.safe_load(path.read_text(encoding="utf-8")).get("extends") for path in files}
    return [path.parent.name for path in files if path.parent.name not in parents]


@pytest.mark.parametrize("company", leaf_companies() or [pytest.param(None, marks=pytest.mark.skip("no company yet"))])
def test_new_with_a_real_company_checks(company, tmp_path, capsys):
    """The repository's own companies leave more to their estates (languages, complaint channels, ...): still checks."""
    repo = make_repo(tmp_path, {})
    shutil.copytree(REPO_ROOT / "companies", repo / "companies")
    assert main(["--repo", str(repo), "new", "demo", "--company", company]) == 0
    text = (repo / "projects/demo/project.yml").read_text(encoding="utf-8")
    assert f"company: {company}" in text and not re.search(r"\{[a-z_]+\}", text)
    assert len(text.splitlines()) <= 80
    assert main(["--repo", str(repo), "check", "demo"]) == 0, capsys.readouterr().err
