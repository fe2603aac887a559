"""Build projects: load -> validate -> render each output -> audit -> write, one project per worker.

Projects are independent: each is built whole in one process (a pool of them
for many projects, each keeping fonts, dictionaries and templates warm), one
failure never stops the others, and an output whose inputs have not changed
since the last complete build is skipped.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..engines.collector import collector_paused
from ..engines.forked import cores, die_with_parent, set_cores
from ..errors import BuildFailed, HandbookError, Said
from ..i18n.messages import catalogue
from ..outputs import choose
from ..outputs.base import Output
from ..repo import Repo
from ..source.editions import TRANSLATIONS
from ..source.projects import (
    LoadedProject,
    ProjectSource,
    discover,
    project_language,
    select,
)
from ..source.units import unit_list_path
from .gather import Gathered, gather, render_context, rendered_editions
from .incremental import fingerprint, read_manifest, write_manifest
from .published import check_public
from .write import Staging, dist_lock

Log = Callable[[str], None]
PACKAGE = Path(__file__).resolve().parent.parent  # the handbook package: its code is an input of every output


@dataclass
class ProjectResult:
    """What happened to one project: outputs built and skipped, seconds per output, or its problems."""

    slug: str
    language: str  # the project's primary language: what its lines are printed in
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    error: HandbookError | None = None


@dataclass
class BuildReport:
    results: list[ProjectResult] = field(default_factory=list)

    @property
    def built(self) -> list[str]:
        return [r.slug for r in self.results if r.error is None]

    @property
    def failed(self) -> dict[str, HandbookError]:
        return {r.slug: r.error for r in self.results if r.error is not None}

    @property
    def ok(self) -> bool:
        return not self.failed


def build(repo: Repo, slugs: list[str], dist: Path, only: list[str] | None, log: Log, jobs: int | None = None,
          force: bool = False, shard: tuple[int, int] | None = None) -> BuildReport:
    """Build the named projects (all when none are named) into dist; one failure does not stop the rest."""
    names = [output.name for output in choose(only)]  # refuse an unknown output before any work
    sources = select(discover(repo.projects), slugs)
    if shard:
        sources = in_shard(sources, *shard)
    report = BuildReport()
    with dist_lock(dist):
        if not force:  # a project none of whose files changed is skipped without even being loaded
            quiet = [s for s in sources if source_unchanged(dist, s, repo, names)]
            for source in quiet:
                language = read_manifest(dist, source.slug).get(LANGUAGE_KEY) or project_language(source)
                log(catalogue(language)("cli.unchanged", slug=source.slug))
                report.results.append(ProjectResult(source.slug, language, skipped=sorted(names)))
            sources = [s for s in sources if s not in quiet]
        jobs = min(jobs or os.cpu_count() or 1, len(sources)) or 1
        sources = longest_first(dist, sources)
        share = max(1, (os.cpu_count() or 1) // jobs)  # cores each project may use for its chunks
        if jobs == 1:
            saved = cores()
            set_cores(share)
            try:
                report.results += [build_one(repo, source, dist, names, only is not None, force, log)
                                  for source in sources]
            finally:
                set_cores(saved)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(share,)) as pool:
                futures = [pool.submit(build_one, repo, source, dist, names, only is not None, force, print_log)
                           for source in sources]
                report.results += [future.result() for future in as_completed(futures)]
    report.results.sort(key=lambda r: r.slug)
    return report


def start_worker(cores: int) -> None:
    """Set up a build worker: it ends with the build, and lays out chunks on its share of the cores."""
    die_with_parent()
    set_cores(cores)


def print_log(line: str) -> None:
    """Log from a worker process: one whole line at a time, so lines of parallel builds never mix."""
    os.write(1, (line + "\n").encode("utf-8"))


def in_shard(sources: list[ProjectSource], k: int, n: int) -> list[ProjectSource]:
    """Return the projects of shard k of n: a stable split by slug, every project in exactly one shard."""
    return [s for s in sources if int(hashlib.sha256(s.slug.encode("utf-8")).hexdigest(), 16) % n == k - 1]


def build_one(repo: Repo, source: ProjectSource, dist: Path, names: list[str], partial: bool, force: bool,
              log: Log) -> ProjectResult:
    """Build one project and return what happened; errors are reported, never raised."""
    result = ProjectResult(source.slug, project_language(source))
    try:
        outputs = choose(names)
        gathered = gather(source, repo, units_needed=any(output.audience == "internal" for output in outputs))
        result.language = gathered.editions[0].tag
        build_project(gathered, outputs, repo, dist, partial, force, log, result)
    except HandbookError as exc:
        result.error = exc
    except Exception as exc:  # a bug: isolate the project, keep the details for a developer
        result.error = internal_error(dist, source.slug, exc)
    return result


def build_project(gathered: Gathered, outputs: list[Output], repo: Repo, dist: Path, partial: bool,
                  force: bool, log: Log, result: ProjectResult) -> None:
    """Render the outputs whose inputs changed into a staging folder, audit it, then swap it into dist."""
    loaded, all_editions, says = gathered.loaded, gathered.editions, gathered.messages
    external = outside_inputs(loaded)
    source = {SOURCE_KEY: source_key(repo, loaded.source, [output.name for output in outputs], external),
              EXTERNAL_KEY: "\n".join(str(path) for path in external), LANGUAGE_KEY: all_editions[0].tag}
    manifest = {} if force else read_manifest(dist, loaded.slug)
    plans = {f"{output.name}/{edition.tag}": (output, edition, fingerprint(inputs(output, loaded, repo), edition.tag))
             for output in outputs for edition in rendered_editions(output, loaded, all_editions)}
    stale = {key: plan for key, plan in plans.items() if manifest.get(key) != plan[2]}
    if any(plan[0].audience == "public" and plan[0].name != "site" for plan in stale.values()):
        # The site lists and links the public PDFs: remake it with them.
        stale.update({key: plan for key, plan in plans.items() if plan[0].name == "site"})
    result.skipped = sorted({plan[0].name for key, plan in plans.items() if key not in stale})
    if not stale:
        log(says("cli.unchanged", slug=loaded.slug))
        write_manifest(dist, loaded.slug, {**manifest, **source})
        return
    with Staging(dist, loaded.slug, seed=partial or len(stale) < len(plans)) as stage:
        for output, edition, _ in stale.values():  # output by output: every edition's PDFs before any site
            log(says("cli.rendering", slug=loaded.slug, output=says(f"output.{output.name}"), edition=edition.tag))
            start = time.perf_counter()
            ctx = render_context(gathered, output, edition, repo, stage.folder(output.audience),
                                 stage.root / "scratch" / output.name)
            with collector_paused():
                output.render(ctx)
            result.seconds[output.name] = result.seconds.get(output.name, 0) + time.perf_counter() - start
        log(says("cli.auditing", slug=loaded.slug))
        check_public(gathered, repo, stage.folder("public"))
        stage.commit()
    seconds = {f"{SECONDS_KEY}{name}": f"{spent:.2f}" for name, spent in result.seconds.items()}
    write_manifest(dist, loaded.slug, {**manifest, **{key: plan[2] for key, plan in stale.items()}, **source,
                                       **seconds})
    result.built = sorted({plan[0].name for plan in stale.values()})
    log(says("cli.done", slug=loaded.slug))


SOURCE_KEY, EXTERNAL_KEY = "source", "outside"  # manifest entries beside the outputs' (which hold a "/")
LANGUAGE_KEY = "language"  # the project's primary language, for the lines of a project skipped unloaded
SECONDS_KEY = "seconds:"  # + output name: what rendering it took last time, to start long projects first


def longest_first(dist: Path, sources: list[ProjectSource]) -> list[ProjectSource]:
    """Order projects by what they took to build last time, longest first; unknown ones first, larger data first.

    A pool that starts the long projects first does not end waiting on one
    long project started last while the other workers are idle.
    """
    def expected(source: ProjectSource) -> tuple[float, int]:
        manifest = read_manifest(dist, source.slug)
        seconds = [float(value) for key, value in manifest.items() if key.startswith(SECONDS_KEY)]
        return (sum(seconds) if seconds else float("inf"), source.data_file.stat().st_size)

    return sorted(sources, key=expected, reverse=True)


def source_key(repo: Repo, source: ProjectSource, names: list[str], outside: list[Path]) -> str:
    """Return a fingerprint of everything any output of the project reads, for the outputs named."""
    return fingerprint([source.folder, repo.content, repo.templates, repo.mkdocs_yml, PACKAGE, *outside],
                       "|".join(sorted(names)))


def outside_inputs(loaded: LoadedProject) -> list[Path]:
    """Return the inputs a project keeps outside its folder: a unit list elsewhere (personal data)."""
    unit_list = unit_list_path(loaded.project, loaded.source.folder)
    return [unit_list] if unit_list and not unit_list.resolve().is_relative_to(loaded.source.folder.resolve()) else []


def source_unchanged(dist: Path, source: ProjectSource, repo: Repo, names: list[str]) -> bool:
    """Tell, without loading the project, whether its last complete build of these outputs read the same files."""
    manifest = read_manifest(dist, source.slug)
    if SOURCE_KEY not in manifest:
        return False
    outside = [Path(line) for line in manifest.get(EXTERNAL_KEY, "").splitlines() if line]
    return manifest[SOURCE_KEY] == source_key(repo, source, names, outside)


def inputs(output: Output, loaded: LoadedProject, repo: Repo) -> list[Path]:
    """Return everything an output's result depends on: its declared inputs, the data, the code."""
    paths = output.inputs(loaded.source, repo) + [loaded.source.data_file, loaded.source.folder / TRANSLATIONS,
                                                   PACKAGE]
    if output.audience == "internal":
        unit_list = unit_list_path(loaded.project, loaded.source.folder)
        paths += [unit_list] if unit_list else []
    return paths


def internal_error(dist: Path, slug: str, exc: Exception) -> BuildFailed:
    """Save the traceback of an unexpected failure under dist/.logs/ and return a short error."""
    log_file = dist / ".logs" / f"{slug}.txt"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return BuildFailed(Said("refusal.internal", slug=slug, error=f"{type(exc).__name__}: {exc}", log=str(log_file)))
