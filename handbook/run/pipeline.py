"""Build projects: gather -> plan -> render -> audit -> commit, one project per worker.

One failure never stops the other projects, and an output whose inputs have
not changed since the last complete build is skipped (see plan). Scheduling
the projects over the cores is schedule's job; writing atomically, write's.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Callable

from ..engines.collector import collector_paused
from ..engines.forked import forked_map
from ..engines.pdf_batch import set_renderer
from ..errors import BuildFailed, HandbookError, Said
from ..i18n.messages import catalogue
from ..outputs import PER_UNIT, choose
from ..outputs.base import Output
from ..repo import Repo
from ..source.projects import ProjectSource, discover, project_language, select
from .gather import Gathered, gather, render_context
from .incremental import read_manifest, write_manifest
from .plan import (
    LANGUAGE_KEY,
    Plan,
    input_entries,
    plan,
    project_entries,
    source_unchanged,
)
from .published import check_public
from .schedule import SECONDS_KEY, in_shard, run_all
from .write import Staging, dist_lock

LINKED = ("internal/notices", "internal/forms")  # per-unit outputs' folders: staged as hard links (outputs/per_unit.py)

Log = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """What a build was asked for: where, which outputs (all of them, or some: the rest are kept), forced or not."""

    repo: Repo
    dist: Path
    names: tuple[str, ...]  # the outputs, by name (a worker process chooses them again)
    partial: bool  # only some outputs: the project's other outputs in dist are kept
    force: bool  # rebuild what has not changed too
    renderer: str = "layered"  # how per-unit paperwork is laid out (engines/pdf_batch.py RENDERERS)
    units: frozenset[str] | None = None  # --unit: only these units' notices and packets are made again


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
          force: bool = False, shard: tuple[int, int] | None = None, renderer: str = "layered",
          units: list[str] | None = None) -> BuildReport:
    """Build the named projects (all when none are named) into dist; one failure does not stop the rest.

    units (--unit): make only these units' notices and packets (and their day's packets file), whatever changed.
    """
    if units:
        only = list(PER_UNIT)
    request = Request(repo, dist, tuple(output.name for output in choose(only)), only is not None, force, renderer,
                      frozenset(units) if units else None)
    sources = select(discover(repo.projects), slugs)  # an unknown output or project is refused before any work
    if shard:
        sources = in_shard(sources, *shard)
    with dist_lock(dist):
        unchanged = [] if force or units else [source for source in sources if project_unchanged(request, source)]
        results = [skipped_unloaded(request, source, log) for source in unchanged]
        results += run_all([s for s in sources if s not in unchanged], dist, jobs, partial(build_one, request), log)
    return BuildReport(sorted(results, key=lambda result: result.slug))


def build_one(request: Request, source: ProjectSource, log: Log) -> ProjectResult:
    """Build one project and return what happened; errors are reported, never raised."""
    set_renderer(request.renderer)
    try:
        outputs = choose(list(request.names))
        gathered = gather(source, request.repo, units_needed=any(output.audience == "internal" for output in outputs))
        return build_project(request, gathered, outputs, log)
    except HandbookError as exc:
        error = exc
    except Exception as exc:  # a bug: isolate the project, keep the details for a developer
        error = internal_error(request.dist, source.slug, exc)
    return ProjectResult(source.slug, project_language(source), error=error)


def build_project(request: Request, gathered: Gathered, outputs: list[Output], log: Log) -> ProjectResult:
    """Plan the project's jobs, render the stale ones into a staging folder, audit it, swap it into dist."""
    says, slug = gathered.messages, gathered.slug
    manifest = {} if request.force else read_manifest(request.dist, slug)
    # Fingerprinted before rendering: a file saved during the build is then seen as changed by the next one.
    project = project_entries(gathered.loaded, request.repo, list(request.names))
    if request.units:
        check_units(gathered, request.units)
    jobs = plan(gathered, outputs, request.repo, {} if request.units else manifest)
    project |= input_entries(gathered.loaded, jobs)
    result = ProjectResult(slug, gathered.loaded.primary_language, built=jobs.rendered, skipped=jobs.skipped)
    if not jobs.stale:
        log(says("cli.unchanged", slug=slug))
    else:
        with Staging(request.dist, slug, seed=request.partial or not jobs.complete, linked=LINKED) as stage:
            result.seconds = render(request, gathered, jobs, stage, log)
            log(says("cli.auditing", slug=slug))
            check_public(gathered, request.repo, stage.folder("public"))
            stage.commit()
        log(says("cli.done", slug=slug))
    if not request.units:  # some units only: the outputs are not what their fingerprints say, the next build sees it
        record(request, gathered.slug, {**manifest, **project}, jobs, result.seconds)
    return result


def check_units(gathered: Gathered, units: frozenset[str]) -> None:
    """Refuse --unit naming a unit the project's unit list does not have."""
    listed = {unit.unit for unit in gathered.units.units} if gathered.units is not None else set()
    unknown = sorted(units - listed)
    if unknown:
        raise BuildFailed(Said("refusal.unknown_units", units=", ".join(unknown), slug=gathered.slug))


def render(request: Request, gathered: Gathered, jobs: Plan, stage: Staging, log: Log) -> dict[str, float]:
    """Render each stale job into the staging folder; return the seconds each output took.

    Jobs render in plan order, but those of side_by_side outputs render
    together, each in a forked child: one's serial steps (templates,
    joining files) then leave no core idle while another lays out pages.
    """
    seconds: dict[str, float] = {}

    def run(job) -> tuple[str, float]:
        output = job.output
        log(gathered.messages("cli.rendering", slug=gathered.slug, output=gathered.messages(f"output.{output.name}"),
                              edition=job.edition.tag))
        start = time.perf_counter()
        ctx = render_context(gathered, output, job.edition, request.repo, stage.folder(output.audience),
                             stage.root / "scratch" / output.name, request.units, request.force)
        with collector_paused():
            output.render(ctx)
        return output.name, time.perf_counter() - start

    together = [job for job in jobs.stale if side_by_side(job.output)]
    alone = [job for job in jobs.stale if job not in together]
    done = chain((run(job) for job in alone),
                 forked_map(run, together, ordered=False) if len(together) > 1 else map(run, together))
    for name, spent in done:
        seconds[name] = seconds.get(name, 0) + spent
    return seconds


def side_by_side(output: Output) -> bool:
    """Tell whether an output may render beside others: internal, it reads no other output's files and none
    reads its own (an output that lists downloads reads the public ones)."""
    return output.audience == "internal" and not output.lists_downloads


def record(request: Request, slug: str, manifest: dict[str, str], jobs: Plan, seconds: dict[str, float]) -> None:
    """Write the project's manifest: what each rendered job read (as planned), and the seconds it took."""
    write_manifest(request.dist, slug, {
        **manifest,
        **{job.key: job.fingerprint for job in jobs.stale},
        **{f"{SECONDS_KEY}{name}": f"{spent:.2f}" for name, spent in seconds.items()},
    })


def project_unchanged(request: Request, source: ProjectSource) -> bool:
    """Tell, without loading the project, whether none of its files changed since its last complete build."""
    return source_unchanged(read_manifest(request.dist, source.slug), source, request.repo, list(request.names))


def skipped_unloaded(request: Request, source: ProjectSource, log: Log) -> ProjectResult:
    """Return the result of a project skipped without loading it, logged in its language."""
    language = read_manifest(request.dist, source.slug).get(LANGUAGE_KEY) or project_language(source)
    log(catalogue(language)("cli.unchanged", slug=source.slug))
    return ProjectResult(source.slug, language, skipped=sorted(request.names))


def internal_error(dist: Path, slug: str, exc: Exception) -> BuildFailed:
    """Save the traceback of an unexpected failure under dist/.logs/ and return a short error."""
    log_file = dist / ".logs" / f"{slug}.txt"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return BuildFailed(Said("refusal.internal", slug=slug, error=f"{type(exc).__name__}: {exc}", log=str(log_file)))
