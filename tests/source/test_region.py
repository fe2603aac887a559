"""A project's region: told by its primary language or written, required of an English one; the pages it publishes."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.errors import ProjectInvalid
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.repo import Repo
from handbook.source.pages import (
    agreement_of,
    front_matter,
    page_folders,
    pages,
    published_pages,
    without_front_matter,
)
from handbook.source.projects import ProjectSource, load_project
from tests.conftest import COMPANIES, PROJECTS, REPO_ROOT, make_repo, template_text
from tests.conftest import sample_project as project

TEMPLATE = template_text()
PRIMARY = "languages: [zh-CN]"


def loaded(tmp_path: Path, text: str):
    """Return the project of a project.yml, validated as a build reads it."""
    repo = make_repo(tmp_path, {"demo": text})
    return load_project(ProjectSource("demo", repo / "projects" / "demo")).project


@pytest.mark.parametrize("tag, region", [("zh-CN", "CN"), ("zh-HK", "HK"), ("zh-MO", "MO"), ("zh-TW", "TW")])
def test_the_region_is_the_primary_languages_when_left_out(tmp_path, tag, region):
    assert loaded(tmp_path, TEMPLATE.replace(PRIMARY, f"languages: [{tag}]")).region == region


def test_the_samples_are_in_their_regions():
    assert (project("lotus-garden").region, project("harbour-centre").region) == ("CN", "HK")


def test_a_written_region_wins_over_the_language(tmp_path):
    # A Macao estate whose editors write Simplified Chinese: its forms still ask for Macao's numbers.
    assert loaded(tmp_path, TEMPLATE.replace(PRIMARY, f"{PRIMARY}\nregion: MO")).region == "MO"


def test_a_project_written_in_english_must_say_its_region(tmp_path):
    text = TEMPLATE.replace(PRIMARY, "languages: [en]")
    with pytest.raises(ProjectInvalid) as caught:
        loaded(tmp_path, text)
    [problem] = [p for p in caught.value.problems if p.field == "languages[1]"]
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("languages: [en]"))
    assert (Path(problem.file).name, problem.line) == ("project.yml", line)
    assert problem.message == catalogue("en")("error.region_required", language="en")
    assert "region: CN" in problem.message and "MO" in problem.message


def test_a_project_written_in_english_with_a_region_is_valid(tmp_path):
    assert loaded(tmp_path, TEMPLATE.replace(PRIMARY, "languages: [en]\nregion: HK")).region == "HK"


@pytest.mark.parametrize("tag", ["zh-CN", "zh-HK", "zh-TW", "en"])
def test_the_region_error_reads_in_every_catalogue(tag):
    assert "region: CN" in catalogue(tag)("error.region_required", language="en")


# The pages a project publishes ---------------------------------------------------------------------------------

def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


MAINLAND = "---\nregions: [CN]\n---\n"


class Listed:
    """A project (or its public view) as published_pages reads it: its agreements and its region."""

    def __init__(self, region: str, *agreements: str):
        self.region = region
        self.agreements = [type("Agreement", (), {"id": agreement}) for agreement in agreements]


@pytest.fixture
def owner(tmp_path: Path):
    """Return the owner page folders of a project with one agreement page of its own, among shared ones."""
    shared = tmp_path / "content" / "owner"
    write(shared / "index.md", "# 欢迎\n")
    write(shared / "agreements" / "covenant.md", MAINLAND + "# 业主临时管理规约\n\n业主大会……\n")
    write(shared / "agreements" / "fire_safety.md", "# 防火安全责任书\n")
    write(shared / "agreements" / "parking_rental.md", "# 车位租用协议书\n")
    folder = tmp_path / "projects" / "demo"
    write(folder / "content" / "owner" / "agreements" / "house_rules.md", "# 大廈管理守則確認書\n")
    [folders] = page_folders((folder,), LANGUAGES["zh-HK"], Repo(tmp_path), ("owner",))
    return folders


def test_a_project_publishes_the_pages_of_the_agreements_it_lists_only(owner):
    found = published_pages(owner, Listed("CN", "covenant", "house_rules"))
    assert list(found) == ["agreements/covenant.md", "agreements/house_rules.md", "index.md"]


def test_mainland_wording_is_left_out_elsewhere_and_the_projects_own_is_published(owner):
    found = published_pages(owner, Listed("HK", "covenant", "fire_safety", "house_rules"))
    assert list(found) == ["agreements/fire_safety.md", "agreements/house_rules.md", "index.md"]


def test_a_projects_own_page_replaces_shared_wording_for_another_region(owner, tmp_path):
    write(tmp_path / "projects/demo/content/owner/agreements/covenant.md", "# 大廈公契確認書\n")
    [folders] = page_folders((tmp_path / "projects/demo",), LANGUAGES["zh-HK"], Repo(tmp_path), ("owner",))
    found = published_pages(folders, Listed("MO", "covenant"))
    assert found["agreements/covenant.md"].folder == tmp_path / "projects/demo/content/owner"


def test_pages_still_lists_every_page_for_the_checks_of_the_whole_folder(owner):
    assert "agreements/parking_rental.md" in pages(owner)


def test_a_page_maps_to_an_agreement_by_its_file_name():
    assert agreement_of("agreements/covenant.md") == "covenant"
    assert agreement_of("fees.md") is None
    assert agreement_of("agreements.md") is None


def test_front_matter_is_read_and_left_out_of_printed_wording(tmp_path):
    page = tmp_path / "covenant.md"
    write(page, MAINLAND + "# 公约\n\n正文\n")
    assert front_matter(page) == {"regions": ["CN"]}
    assert without_front_matter(page.read_text(encoding="utf-8")) == "# 公约\n\n正文\n"
    write(page, "# 公约\n\n---\n\n正文\n")  # a rule further down is not front matter
    assert front_matter(page) == {}


def test_the_shared_mainland_agreements_say_so_and_the_others_serve_every_region():
    shared = REPO_ROOT / "content" / "owner" / "agreements"
    regions = {page.stem: front_matter(page).get("regions") for page in shared.glob("*.md") if page.stem.count(".") == 0}
    assert regions == {"covenant": ["CN"], "preliminary_service": ["CN"], "bank_debit": None, "fire_safety": None,
                       "parking_rental": None, "parking_service": None, "tenant_management": None}
    for name, found in regions.items():
        if found is None:  # read in Hong Kong, Macao and Taiwan as well: no mainland institution in it
            text = (shared / f"{name}.md").read_text(encoding="utf-8")
            assert not any(word in text for word in ("业主大会", "物业服务企业", "管理规约", "前期物业")), name


def test_harbour_centre_publishes_its_companys_house_rules_and_no_mainland_covenant():
    folder, company = PROJECTS / "harbour-centre", COMPANIES / "harbour-property"
    [owner] = page_folders((folder, company), LANGUAGES["zh-HK"], Repo(REPO_ROOT), ("owner",))
    found = published_pages(owner, project("harbour-centre"))
    assert found["agreements/house_rules.md"].folder == company / "content" / "owner"
    assert "agreements/covenant.md" not in found and "agreements/preliminary_service.md" not in found
