"""Shared test helpers: throwaway repositories built from the real shared content, and one build of the samples.

Every build a test makes goes into a temporary folder: the checkout's own
dist/ and .cache/ are never written. Tests that only read what the sample
projects build to use `samples_dist`, made once per run and shared by every
xdist worker; tests that rebuild a sample to compare bytes build from
`sample_repo` (the repository `samples_dist` was built from: PDFs name their
images by path) into a tmp_path; tests of incremental builds, bad inputs or
changed files make their own repository with `make_repo` or `make_sample_repo`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from handbook.commands.cli import main
from handbook.commands.scaffold import TEMPLATE
from handbook.derive.faq_figures import with_fee_figures
from handbook.i18n.convert import converter
from handbook.i18n.edition import Edition
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.source.projects import ProjectSource, load_project

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECTS = REPO_ROOT / "projects"  # the sample projects the repository ships: the shared inputs of the tests
COMPANIES = REPO_ROOT / "companies"  # the companies the sample projects belong to (company.yml, translations, content)
SAMPLES = ("lotus-garden", "harbour-centre")
SAMPLE_OUTPUTS = "site,guide,boards,bring,owner_forms,training,notices,cashier,operations,print_ticket"  # what `samples_dist` holds


def sample_project(slug: str):
    """Return a sample project as the repository ships it, loaded and validated."""
    return load_project(ProjectSource(slug, PROJECTS / slug)).project


def public_views(slugs) -> dict:
    """Return, per (slug, language tag), the edition of a sample and its public project view, as outputs get them."""
    from handbook.repo import Repo
    from handbook.run.gather import gather

    found = {}
    for slug in slugs:
        gathered = gather(ProjectSource(slug, PROJECTS / slug), Repo(REPO_ROOT), units_needed=False)
        for edition in gathered.editions:
            found[slug, edition.tag] = (edition, gathered.view(edition, "public"))
    return found


def primary_view(project):
    """Return a project as its primary edition prints it: the FAQ's fee placeholders written as figures."""
    tag = project.languages[0]
    return with_fee_figures(project, Edition(LANGUAGES[tag], True, catalogue(tag)))


def template_text(slug: str = "demo") -> str:
    """Return the valid scaffold project.yml with its placeholders filled in."""
    return TEMPLATE.read_text(encoding="utf-8").replace("{slug}", slug).replace("{today}", "2026-11-20")


def template_in(languages: str, slug: str = "demo") -> str:
    """Return the scaffold project.yml written in the first of languages (e.g. "[zh-MO, zh-CN]"), in its words."""
    first = languages.strip("[]").split(",")[0].strip()
    convert = converter(LANGUAGES["zh-CN"], LANGUAGES[first])
    text = template_text(slug)
    return (convert(text) if convert else text).replace("languages: [zh-CN]", f"languages: {languages}")


def with_move_in_step(project, index: int, **changes):
    """Return the project with one move-in step changed."""
    process = project.processes.move_in
    steps = list(process.steps)
    steps[index] = steps[index].model_copy(update=changes)
    processes = project.processes.model_copy(update={"move_in": process.model_copy(update={"steps": steps})})
    return project.model_copy(update={"processes": processes})


def make_repo(root: Path, projects: dict[str, str]) -> Path:
    """Create a repository at root with the real shared inputs and the given project files.

    A project file naming one of the repository's companies (`company: lotus-property`, as the samples do) gets
    a copy of that company and of the companies it extends.
    """
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for shared in ("content", "templates"):
        if (REPO_ROOT / shared).is_dir():
            shutil.copytree(REPO_ROOT / shared, root / shared)
    for slug, text in projects.items():
        folder = root / "projects" / slug
        folder.mkdir(parents=True)
        (folder / "project.yml").write_text(text, encoding="utf-8")
        _copy_companies(root, text)
    (root / "projects").mkdir(exist_ok=True)
    return root


def make_sample_repo(root: Path, slugs: tuple[str, ...] = SAMPLES) -> Path:
    """Create a repository at root with the real shared inputs and copies of the given sample projects (and their companies)."""
    root.mkdir(parents=True, exist_ok=True)
    make_repo(root, {})
    for slug in slugs:
        shutil.copytree(PROJECTS / slug, root / "projects" / slug)
        _copy_companies(root, (PROJECTS / slug / "project.yml").read_text(encoding="utf-8"))
    return root


def _company_chain(text: str) -> list[Path]:
    """Return the folders of the repository's company a project.yml names and of the companies it extends, nearest first."""
    folders: list[Path] = []
    found = re.search(r"(?m)^company:[ \t]*([\w-]+)[ \t]*(#.*)?$", text)
    while found and (COMPANIES / found[1] / "company.yml").is_file() and COMPANIES / found[1] not in folders:
        folders.append(COMPANIES / found[1])
        found = re.search(r"(?m)^extends:[ \t]*([\w-]+)[ \t]*(#.*)?$",
                          (folders[-1] / "company.yml").read_text(encoding="utf-8"))
    return folders


def _copy_companies(root: Path, text: str | bytes) -> None:
    for folder in _company_chain(text) if isinstance(text, str) else ():
        if not (root / "companies" / folder.name).exists():
            shutil.copytree(folder, root / "companies" / folder.name)


def edit_sample(root: Path, slug: str, old: str, new: str) -> tuple[Path, int]:
    """Replace old by new in a copied sample's data, in the file that holds it; return that file and old's line.

    The text may be in the project's project.yml or in the company.yml of its company (or of a company that one
    extends): the file changed is the one an editor would change. old must occur exactly once in them all.
    """
    project = root / "projects" / slug / "project.yml"
    files = [project] + [root / "companies" / folder.name / "company.yml"
                         for folder in _company_chain(project.read_text(encoding="utf-8"))]
    counts = {path: path.read_text(encoding="utf-8").count(old) for path in files}
    assert sum(counts.values()) == 1, f"the sample changed: {old!r} occurs {counts} times"
    path = next(path for path, count in counts.items() if count)
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return path, text[:at].count("\n") + 1


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """Return a repository holding one valid project, `demo`."""
    return make_repo(tmp_path, {"demo": template_text()})


# One build of the samples for the whole run ---------------------------------------------------------------------

def run_folder(factory: pytest.TempPathFactory) -> Path:
    """Return the temporary folder every xdist worker of this run shares (pytest's own without xdist).

    https://pytest-xdist.readthedocs.io/en/stable/how-to.html#making-session-scoped-fixtures-execute-only-once
    """
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(folder: Path, make: Callable[[Path], object]) -> Path:
    """Return folder, made by make the first time any worker of the run asks; the others wait for it."""
    done = folder.with_name(folder.name + ".done")
    with FileLock(folder.with_name(folder.name + ".lock")):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what an attempt that failed left
            make(folder)
            done.touch()
    return folder


def shared_sample_repo(factory: pytest.TempPathFactory) -> Path:
    return once(run_folder(factory) / "sample-repo", make_sample_repo)


def shared_samples_dist(factory: pytest.TempPathFactory) -> Path:
    repo = shared_sample_repo(factory)

    def build(out: Path) -> None:
        # Every output but the forms (internal, linked from nowhere, about a second a unit: test_forms builds its
        # own), so the downloads page links the print files as deployed.
        code = main(["--repo", str(repo), "build", *SAMPLES, "--only", SAMPLE_OUTPUTS, "--out", str(out)])
        assert code == 0, "building the sample projects failed; see the captured output"

    return once(run_folder(factory) / "samples-dist", build)


@pytest.fixture(scope="session")
def sample_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the run's copy of the repository with both samples: build from it into a tmp_path, never change it."""
    return shared_sample_repo(tmp_path_factory)


@pytest.fixture(scope="session")
def samples_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the dist folder of one build of both samples (`SAMPLE_OUTPUTS`), made once per run: only read it."""
    return shared_samples_dist(tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def samples_built_first(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the samples on the first worker before its first test, while the others run tests that need no build.

    The tests reading the build run last (see pytest_collection_modifyitems), so no worker waits
    for it. A failed build is reported by those tests, not by whichever test happens to run first here.
    """
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    if any("samples_dist" in getattr(item, "fixturenames", ()) for item in request.session.items):
        try:
            shared_samples_dist(tmp_path_factory)
        except AssertionError:
            pass


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the readers of `samples_dist` last, by which time the first worker has built it."""
    items.sort(key=lambda item: "samples_dist" in getattr(item, "fixturenames", ()))


@functools.cache
def has_module_fixture(module: Path) -> bool:
    """Return whether a test module defines a module-scoped fixture."""
    return 'scope="module"' in module.read_text(encoding="utf-8")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """With `-n` (and `--dist load`): send each test to the first free worker, a module with a module fixture whole.

    Its module-scoped fixture (a 60-unit forms build, a translated project) is then made once, not once per
    worker. xdist's `--dist loadgroup` would do it with marks, but cannot extend pytest 9's node ids.
    """
    from xdist.scheduler import LoadScopeScheduling

    if config.getvalue("dist") != "load":
        return None

    class ModuleFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if has_module_fixture(config.rootpath / module) else nodeid

    return ModuleFixtureScheduling(config, log)
