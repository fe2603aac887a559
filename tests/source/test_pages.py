"""Tests for handbook.source.pages: a section's pages from the project and shared folders, and missing translations."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.repo import Repo
from handbook.source.pages import (
    needs_translation,
    page_folders,
    pages,
    untranslated_pages,
)
from tests.conftest import COMPANIES, PROJECTS, REPO_ROOT


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tmp_repo(tmp_path: Path) -> tuple[Repo, Path]:
    """Return a repository with shared owner pages and a project replacing one of them."""
    shared = tmp_path / "content" / "owner"
    write(shared / "index.md", "# 欢迎\n")
    write(shared / "fees.md", "# 费用\n")
    write(shared / "fees.en.md", "# Fees\n")
    write(shared / "contacts.md", "{{ t('label.contacts') }}\n")  # labels only: nothing to translate
    write(shared / "agreements" / "covenant.md", "# 公约\n")
    project = tmp_path / "projects" / "demo"
    write(project / "content" / "owner" / "fees.md", "# 本项目的费用\n")
    write(project / "content" / "owner" / "parking.md", "# 车位\n")
    return Repo(tmp_path), project


def test_the_projects_folder_comes_before_the_shared_one(tmp_path):
    repo, project = tmp_repo(tmp_path)
    [owner, staff] = page_folders((project,), LANGUAGES["zh-CN"], repo, ("owner", "staff"))
    assert [f.folder for f in owner] == [project / "content" / "owner", tmp_path / "content" / "owner"]
    assert staff == []  # neither folder exists
    assert owner[1].language is LANGUAGES["zh-CN"]  # shared pages are Simplified


def test_a_project_page_replaces_the_shared_page_of_the_same_name(tmp_path):
    repo, project = tmp_repo(tmp_path)
    [owner] = page_folders((project,), LANGUAGES["zh-HK"], repo, ("owner",))
    found = pages(owner)
    # by name, the variant fees.en.md not among them
    assert list(found) == ["agreements/covenant.md", "contacts.md", "fees.md", "index.md", "parking.md"]
    assert found["fees.md"].folder == project / "content" / "owner"
    assert found["fees.md"].language is LANGUAGES["zh-HK"]
    assert found["index.md"].folder == tmp_path / "content" / "owner"


def test_a_sample_companys_own_agreement_sits_among_the_shared_ones():
    folder = PROJECTS / "harbour-centre"
    company = COMPANIES / "harbour-property"  # the sample's company words its house rules for all its estates
    [owner] = page_folders((folder, company), LANGUAGES["zh-HK"], Repo(REPO_ROOT), ("owner",))
    found = pages(owner)
    assert found["agreements/house_rules.md"].folder == company / "content" / "owner"
    assert found["agreements/covenant.md"].folder == REPO_ROOT / "content" / "owner"


def test_pages_with_prose_need_a_version_in_the_editions_language(tmp_path):
    repo, project = tmp_repo(tmp_path)
    sections = page_folders((project,), LANGUAGES["zh-CN"], repo, ("owner",))
    signs_covenant = SimpleNamespace(agreements=[SimpleNamespace(id="covenant")], region="CN")
    problems = untranslated_pages(sections, "en", catalogue("en"), signs_covenant)
    missing = {Path(p.file).name: p.message for p in problems}
    assert sorted(missing) == ["covenant.md", "fees.md", "index.md", "parking.md"]  # not contacts.md: no prose
    # An agreement the project does not sign is not published, so it needs no translation.
    unsigned = untranslated_pages(sections, "en", catalogue("en"), SimpleNamespace(agreements=[], region="CN"))
    assert sorted(Path(p.file).name for p in unsigned) == ["fees.md", "index.md", "parking.md"]
    assert missing["parking.md"] == \
        f"this page has no en version: write {project / 'content' / 'owner' / 'parking.en.md'}"
    assert [p.file for p in problems if p.file.endswith("fees.md")] == [str(project / "content" / "owner" / "fees.md")]


def test_english_pages_are_taken_to_have_prose(tmp_path):
    write(tmp_path / "a.md", "{{ t('label.fees') }}")
    assert needs_translation(tmp_path / "a.md", LANGUAGES["en"]) is True
    assert needs_translation(tmp_path / "a.md", LANGUAGES["zh-CN"]) is False
