"""Find projects under projects/ and load one: folder in, validated project with its revision out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..errors import Problem, ProjectInvalid, Said, relative_name
from ..i18n.messages import Catalogue, catalogue
from ..model import Project
from .checks import layered_file
from .companies import COMPANY_FILE, load_layers
from .load import SourceMap, file_language, load_yaml
from .validate import validate

DATA_FILE = "project.yml"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ProjectSource:
    """Where one project's files are."""

    slug: str
    folder: Path
    companies: tuple[Path, ...] = ()  # its company's folder and the parents', nearest first (known once loaded)

    @property
    def data_file(self) -> Path:
        return self.folder / DATA_FILE

    @property
    def folders(self) -> tuple[Path, ...]:
        """Return where the project's files are looked up: its own folder, then its companies' (nearest first)."""
        return (self.folder, *self.companies)

    @property
    def data_files(self) -> tuple[Path, ...]:
        """Return the data files merged into the project: its project.yml and its companies' company.yml."""
        return (self.data_file, *(folder / COMPANY_FILE for folder in self.companies))

    def find(self, name: str) -> Path:
        """Return a file the data names (an image): the project's, else the nearest company's that has it."""
        return layered_file(name, self.folders)


@dataclass(frozen=True)
class LoadedProject:
    """A valid project with what the outputs need beside the data."""

    source: ProjectSource
    project: Project
    revision: dt.date
    places: SourceMap  # where each value stands in project.yml (or a company's file), for errors found after validation
    data: dict = field(default_factory=dict, repr=False, compare=False)  # the merged data as written, before validation

    @property
    def slug(self) -> str:
        return self.source.slug

    @property
    def primary_language(self) -> str:
        """Return the project's first language: the data's, and what its problems are worded in."""
        return self.project.languages[0]

    @cached_property
    def data_hash(self) -> str:
        """Return a hash of the merged data: what the layers add up to, whichever file a value is in (once a load)."""
        text = json.dumps(self.data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def messages(self) -> Catalogue:
        """Return the catalogue of the project's primary language."""
        return catalogue(self.primary_language)


def discover(projects_dir: Path) -> list[ProjectSource]:
    """Return every project folder (one holding project.yml), sorted by slug."""
    if not projects_dir.is_dir():
        return []
    return sorted(
        (ProjectSource(child.name, child) for child in projects_dir.iterdir() if (child / DATA_FILE).is_file()),
        key=lambda source: source.slug,
    )


def select(sources: list[ProjectSource], slugs: list[str]) -> list[ProjectSource]:
    """Return the sources named by slugs (all when none are named); raise for an unknown slug."""
    if not slugs:
        return sources
    by_slug = {source.slug: source for source in sources}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        known = ", ".join(by_slug) or "-"
        raise ProjectInvalid([Said("error.unknown_project", slug=slug, known=known) for slug in unknown])
    return [by_slug[slug] for slug in slugs]


def load_project(source: ProjectSource) -> LoadedProject:
    """Load, validate and date one project; raise ProjectInvalid with every problem found."""
    name = relative_name(source.data_file)
    written = load_yaml(source.data_file, name)
    if not SLUG.match(source.slug):
        messages = catalogue(written.language)
        raise ProjectInvalid(Problem(name, None, None, "", messages("error.slug", slug=source.slug)))
    loaded, companies = load_layers(written, source.folder)
    source = replace(source, companies=tuple(company.folder for company in companies))
    messages = catalogue(loaded.language)
    project = validate(loaded, source.folder, source.companies)
    revision = project.revision or latest_revision(source.folders)
    if revision is None:
        raise ProjectInvalid(loaded.source.problem(("revision",), messages("error.revision_missing")))
    return LoadedProject(source, project, revision, loaded.source, loaded.data)


def project_language(source: ProjectSource) -> str:
    """Return a project's primary language without loading it (its problems are worded in it), else the default."""
    return file_language(source.data_file)


def latest_revision(folders: tuple[Path, ...]) -> dt.date | None:
    """Return the latest commit date of a project's folder and its companies' (a company's change revises its estates).

    None when the project's own folder is not committed; a company not committed yet adds no date.
    """
    own = git_revision_date(folders[0])
    others = [date for date in map(git_revision_date, folders[1:]) if date is not None]
    return max([own, *others]) if own is not None else None


def git_revision_date(folder: Path) -> dt.date | None:
    """Return the date of the last commit touching a folder, or None outside git (or uncommitted)."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", "."],
            cwd=folder, capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    return dt.date.fromisoformat(text) if result.returncode == 0 and text else None
