"""Builds of projects of companies: a company's edit remakes exactly its estates, a dry run says why, `explain`
names the files behind a value, a company's pages and templates are looked up after the project's, and a
company's staff data stays internal."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from handbook.commands.cli import main
from tests.companies import repo_with, split_template, write_company

OUTPUTS = "site,bring"  # quick outputs, one public per edition and one reading the data's documents


def two_companies(tmp_path: Path) -> Path:
    """Return a repository with acme's estate demo and other's estate harbour (the same data, another company)."""
    root = repo_with(tmp_path)
    company, project = split_template()
    write_company(root, "other", company)
    folder = root / "projects" / "harbour"
    folder.mkdir(parents=True)
    (folder / "project.yml").write_text(project.replace("company: acme", "company: other"), encoding="utf-8")
    return root


def run(root: Path, *args: str) -> int:
    return main(["--repo", str(root), *args])


def manifest(root: Path, slug: str) -> dict[str, str]:
    return json.loads((root / "dist" / ".manifest" / f"{slug}.json").read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file once, and move its time on as an editor's save does."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def jobs(entries: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in entries.items() if "/" in key}


def test_a_company_edit_rebuilds_exactly_its_projects_and_the_dry_run_says_why(tmp_path, capsys, monkeypatch):
    root = two_companies(tmp_path)
    monkeypatch.chdir(root)  # files are named from where the editor works
    assert run(root, "build", "--only", OUTPUTS) == 0
    before = {slug: manifest(root, slug) for slug in ("demo", "harbour")}
    capsys.readouterr()
    assert run(root, "build", "--dry-run", "--only", OUTPUTS) == 0
    assert capsys.readouterr().out.splitlines() == ["demo：无需重新生成", "harbour：无需重新生成"]

    edit(root / "companies" / "acme" / "company.yml", "24 小时内回复处理意见。", "12 小时内回复处理意见。")
    assert run(root, "build", "--dry-run", "--only", OUTPUTS) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "demo：将重新生成" and out[-1] == "harbour：无需重新生成"
    assert all(line.endswith("：已改动：companies/acme/company.yml") for line in out[1:-1]) and len(out) == 4
    assert manifest(root, "demo") == before["demo"]  # a dry run writes nothing

    assert run(root, "build", "--only", OUTPUTS) == 0
    after = {slug: manifest(root, slug) for slug in ("demo", "harbour")}
    assert after["harbour"] == before["harbour"]
    changed = {key for key, value in jobs(after["demo"]).items() if before["demo"].get(key) != value}
    assert changed == set(jobs(before["demo"]))  # every output of acme's estate was remade
    page = (root / "dist/public/demo").rglob("*.html")
    assert any("12 小时内回复处理意见" in path.read_text(encoding="utf-8") for path in page)


def test_a_company_page_and_template_serve_its_estates_after_the_project_own(tmp_path):
    root = two_companies(tmp_path)
    pages = root / "companies" / "acme" / "content" / "owner"
    pages.mkdir(parents=True)
    (pages / "service-promise.md").write_text("# 服务承诺\n\n{{ project.property_company }}承诺：来电必复。\n",
                                              encoding="utf-8")
    assert run(root, "build", "--only", "site") == 0
    promise = root / "dist/public/demo/service-promise/index.html"
    assert "来电必复" in promise.read_text(encoding="utf-8")
    assert not (root / "dist/public/harbour/service-promise").exists()  # another company's estate
    own = root / "projects" / "demo" / "content" / "owner"
    own.mkdir(parents=True, exist_ok=True)
    (own / "service-promise.md").write_text("# 服务承诺\n\n本项目：一小时内上门。\n", encoding="utf-8")
    assert run(root, "build", "--only", "site") == 0
    text = promise.read_text(encoding="utf-8")
    assert "一小时内上门" in text and "来电必复" not in text


def test_a_company_staff_data_never_reaches_the_public_site(tmp_path, capsys):
    root = two_companies(tmp_path)
    leak = root / "companies" / "acme" / "content" / "owner" / "leak.md"
    leak.parent.mkdir(parents=True)
    leak.write_text("# 泄露\n\n接待业主,介绍入伙流程\n", encoding="utf-8")  # the company's staff post duty
    assert run(root, "build", "demo", "--only", "site") == 1
    err = capsys.readouterr().err
    assert "leak/index.html" in err and "staff.posts[1].duties" in err
    assert not (root / "dist/public/demo").exists()


def test_explain_prints_the_value_and_the_files_that_set_it(tmp_path, capsys, monkeypatch):
    root = repo_with(tmp_path, project_extra="""\
        complaints:
          response: 12 小时内回复。
        """, group="complaints:\n  response: 48 小时内回复。\n")
    monkeypatch.chdir(root)
    assert run(root, "explain", "demo", "complaints.response") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["complaints.response:", "  12 小时内回复。"]
    assert re.fullmatch(r"  覆盖了 +companies/group/company\.yml:2:13", lines[2])
    assert re.fullmatch(r"  覆盖了 +companies/acme/company\.yml:\d+:13", lines[3])
    assert re.fullmatch(r"  取值来自 projects/demo/project\.yml:\d+:13", lines[4]) and len(lines) == 5

    assert run(root, "explain", "demo", "processes.move_in.steps.keys") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "processes.move_in.steps[2]:" and "  title: 领取钥匙" in lines
    assert re.fullmatch(r"  写在     companies/acme/company\.yml:\d+:\d+", lines[-1])  # a mapping: written, not replaced

    assert run(root, "explain", "demo", "processes.move_in.steps.lift") == 1
    assert "reception, keys" in capsys.readouterr().err


def test_a_dry_run_after_a_partial_build_still_names_the_changed_file(tmp_path, capsys, monkeypatch):
    root = two_companies(tmp_path)
    monkeypatch.chdir(root)
    assert run(root, "build", "demo", "--only", OUTPUTS) == 0
    edit(root / "projects" / "demo" / "project.yml", "name: 新项目", "name: 新项目  # 暂定")
    assert run(root, "build", "demo", "--only", "bring") == 0
    capsys.readouterr()
    assert run(root, "build", "demo", "--dry-run", "--only", OUTPUTS) == 0
    assert capsys.readouterr().out.splitlines() == ["demo：将重新生成", "  业主网站（zh-CN）：已改动：projects/demo/project.yml"]


def test_explain_says_a_list_replaced_whole_was_replaced(tmp_path, capsys, monkeypatch):
    root = repo_with(tmp_path, project_extra="""\
        complaints:
          channels: [微信公众号]
        """)
    monkeypatch.chdir(root)
    assert run(root, "explain", "demo", "complaints.channels") == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"  覆盖了 +companies/acme/company\.yml:\d+:13", lines[2])
    assert re.fullmatch(r"  取值来自 projects/demo/project\.yml:\d+:13", lines[3])


def test_explain_works_on_a_project_that_does_not_validate(tmp_path, capsys, monkeypatch):
    root = repo_with(tmp_path, project_extra="late_move_ins: sometimes\n")
    monkeypatch.chdir(root)
    assert run(root, "check", "demo") == 1
    assert run(root, "explain", "demo", "late_move_ins") == 0
    assert "  sometimes" in capsys.readouterr().out.splitlines()


def test_translations_keep_the_entries_the_edition_uses_in_either_layer(tmp_path, monkeypatch):
    from handbook.source.editions import read_translations
    from handbook.source.projects import ProjectSource, load_project
    from tests.conftest import make_sample_repo

    root = make_sample_repo(tmp_path / "repo", ("lotus-garden",))
    monkeypatch.chdir(root)
    entry = '  # contacts[8].name\n  - zh-CN: "报警"\n    en: "Police"\n'
    company = root / "companies/lotus-property/translations/en.yml"
    project = root / "projects/lotus-garden/translations/en.yml"
    company.write_text(company.read_text(encoding="utf-8").replace(entry, ""), encoding="utf-8")
    project.write_text(project.read_text(encoding="utf-8") + entry.replace("Police", "Police (110)"), "utf-8")
    assert run(root, "translations", "lotus-garden", "--language", "en") == 0
    loaded = load_project(ProjectSource("lotus-garden", root / "projects/lotus-garden"))
    assert read_translations(loaded, "en")["报警"] == "Police (110)"  # the project's own, kept
    assert '- zh-CN: "报警"\n    en: "Police (110)"' in company.read_text(encoding="utf-8")  # filled in for the rest


def test_check_of_a_company_checks_it_and_its_estates_and_says_a_problem_once(tmp_path, capsys, monkeypatch):
    root = two_companies(tmp_path)
    monkeypatch.chdir(root)
    assert run(root, "check", "acme") == 0
    assert capsys.readouterr().out.splitlines() == ["公司 acme：检查通过", "demo：检查通过"]
    edit(root / "companies" / "acme" / "company.yml", "complaints:", "complaint:")
    assert run(root, "check") == 1
    captured = capsys.readouterr()
    typo = [line for line in captured.err.splitlines() if "complaint:" in line or ": complaint:" in line]
    assert len(typo) == 1 and typo[0].startswith("companies/acme/company.yml:") and "complaints" in typo[0]
    assert "公司 other：检查通过" in captured.out and "harbour：检查通过" in captured.out
    assert "demo：检查未通过，问题见上" in captured.err
