"""Plan a project's build: outputs and editions in, each render job with its fingerprint, stale or not, out.

A job is one output in one edition. It is stale when what it reads changed
since the last complete build (its fingerprint is not the manifest's). An
output that lists the public downloads (the site) is remade with any public
output that is: it is planned after them, since it links their files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..i18n.edition import Edition
from ..outputs.base import Output
from ..repo import Repo
from ..source.companies import COMPANY_FILE
from ..source.editions import TRANSLATIONS
from ..source.projects import DATA_FILE, LoadedProject, ProjectSource
from ..source.units import unit_list_path
from .gather import Gathered, rendered_editions
from .incremental import file_hashes, fingerprint

PACKAGE = Path(__file__).resolve().parent.parent  # the handbook package: its code is an input of every output


@dataclass(frozen=True)
class Job:
    """One output rendered in one edition."""

    output: Output
    edition: Edition
    fingerprint: str
    inputs: tuple[Path, ...] = ()  # what it reads (files and folders), for a dry run's reasons

    @property
    def key(self) -> str:
        """Return the job's manifest entry: output/edition."""
        return f"{self.output.name}/{self.edition.tag}"


@dataclass(frozen=True)
class Plan:
    """Every job of a build in render order, and those to render (stale); the rest are skipped."""

    jobs: tuple[Job, ...]
    stale: tuple[Job, ...]

    @property
    def complete(self) -> bool:
        """Return whether every job is rendered (nothing of the previous build is kept)."""
        return len(self.stale) == len(self.jobs)

    @property
    def rendered(self) -> list[str]:
        return sorted({job.output.name for job in self.stale})

    @property
    def skipped(self) -> list[str]:
        return sorted({job.output.name for job in self.jobs if job not in self.stale})


def plan(gathered: Gathered, outputs: list[Output], repo: Repo, manifest: dict[str, str]) -> Plan:
    """Return the jobs of the outputs asked for, those whose fingerprint is not the manifest's marked stale."""
    loaded = gathered.loaded
    data = loaded.data_hash
    jobs = tuple(Job(output, edition, fingerprint(reads, f"{edition.tag}|{data}"), tuple(reads))
                 for output in render_order(outputs)
                 for reads in [inputs(output, loaded, repo)]
                 for edition in rendered_editions(output, loaded, gathered.editions))
    stale = {job for job in jobs if manifest.get(job.key) != job.fingerprint}
    if any(job.output.audience == "public" and not job.output.lists_downloads for job in stale):
        stale |= {job for job in jobs if job.output.lists_downloads}
    return Plan(jobs, tuple(job for job in jobs if job in stale))


def render_order(outputs: list[Output]) -> list[Output]:
    """Return the outputs in render order: public files, then what lists them, then internal outputs."""
    return sorted(outputs, key=lambda output: (output.audience != "public", output.lists_downloads))


def inputs(output: Output, loaded: LoadedProject, repo: Repo) -> list[Path]:
    """Return everything an output's result depends on: its declared inputs, the data, the code.

    What an output reads in the project's folder it reads in its companies' too (their company.yml for the
    project.yml, their images/, content/, templates/ and translations/): a company's change remakes its estates.
    """
    paths = output.inputs(loaded.source, repo) + [loaded.source.data_file, loaded.source.folder / TRANSLATIONS,
                                                   PACKAGE]
    if output.audience == "internal":
        unit_list = unit_list_path(loaded.project, loaded.source.folder)
        paths += [unit_list] if unit_list else []
    return [*paths, *company_equivalents(paths, loaded.source)]


def company_equivalents(paths: list[Path], source: ProjectSource) -> list[Path]:
    """Return, for each path in the project's folder, the same place in each of its companies' folders."""
    found = []
    for path in paths:
        if not path.is_relative_to(source.folder):
            continue
        inner = path.relative_to(source.folder)
        inner = Path(COMPANY_FILE) if inner == Path(DATA_FILE) else inner
        found += [folder / inner for folder in source.companies]
    return found


# A project's manifest holds each job's fingerprint (keys with a "/") and these entries about the whole project.
SOURCE_KEY, EXTERNAL_KEY = "source", "outside"
FILES_KEY, DATA_KEY = "files/", "data"  # each output's input files' hashes and the merged data's, as last built: a
# dry run's reasons (files/<output>: an output's editions read the same files)
LANGUAGE_KEY = "language"  # the project's primary language, for the lines of a project skipped unloaded


def project_entries(loaded: LoadedProject, repo: Repo, names: list[str]) -> dict[str, str]:
    """Return the manifest entries that let the next build skip the project unloaded when none of its files changed."""
    outside = outside_inputs(loaded)
    return {SOURCE_KEY: source_key(repo, loaded.source, names, outside),
            EXTERNAL_KEY: "\n".join(str(path) for path in outside), LANGUAGE_KEY: loaded.primary_language}


def input_entries(loaded: LoadedProject, jobs: Plan) -> dict[str, str]:
    """Return the manifest entries a dry run reads to say why a job is stale: the hashes of the files each output
    rendered now reads (an output not rendered keeps those of when it was), the merged data's hash."""
    outputs = {job.output.name: job.inputs for job in jobs.stale}
    return {**{FILES_KEY + name: json.dumps(file_hashes(list(inputs)), sort_keys=True)
               for name, inputs in outputs.items()}, DATA_KEY: loaded.data_hash}


def recorded_files(manifest: dict[str, str], output: str) -> dict[str, str]:
    """Return the hashes of an output's input files as of its last build ({} when none were recorded)."""
    try:
        return json.loads(manifest.get(FILES_KEY + output, "{}"))
    except ValueError:
        return {}


def source_unchanged(manifest: dict[str, str], source: ProjectSource, repo: Repo, names: list[str]) -> bool:
    """Tell, without loading the project, whether its last complete build of these outputs read the same files."""
    if SOURCE_KEY not in manifest:
        return False
    outside = [Path(line) for line in manifest.get(EXTERNAL_KEY, "").splitlines() if line]
    return manifest[SOURCE_KEY] == source_key(repo, source, names, outside)


def source_key(repo: Repo, source: ProjectSource, names: list[str], outside: list[Path]) -> str:
    """Return a fingerprint of everything any output of the project reads, for the outputs named."""
    return fingerprint([source.folder, repo.content, repo.templates, repo.mkdocs_yml, PACKAGE, *outside],
                       "|".join(sorted(names)))


def outside_inputs(loaded: LoadedProject) -> list[Path]:
    """Return the inputs a project keeps outside its folder: its companies' folders, a unit list elsewhere (personal data)."""
    unit_list = unit_list_path(loaded.project, loaded.source.folder)
    elsewhere = unit_list and not unit_list.resolve().is_relative_to(loaded.source.folder.resolve())
    return [*loaded.source.companies, *([unit_list] if elsewhere else [])]
