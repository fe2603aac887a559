"""`build.py build --dry-run`: which projects and outputs a build would redo, and why, without writing anything.

A job is stale for one of these reasons, said in this order: it was never
built (or the build is forced); files it reads changed (named, the project's,
its company's or the shared ones); the merged data changed while no file it
reads did (cannot happen by editing alone, but a moved value shows here); or
else what no file shows: the tools' versions or the edition's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandbookError, Said, relative_name
from ..outputs import choose
from ..repo import Repo
from ..source.projects import discover, project_language, select
from .gather import gather
from .incremental import MISSING, file_hashes, read_manifest
from .plan import (
    DATA_KEY,
    LANGUAGE_KEY,
    Job,
    plan,
    recorded_files,
    source_unchanged,
)
from .schedule import in_shard

SHOWN_FILES = 4  # changed files named per output; the rest are counted


@dataclass
class Redo:
    """One output of a project that a build would render again, in which editions, and why."""

    output: str
    editions: list[str]
    reason: Said


@dataclass
class Forecast:
    """What a build would do with one project: the outputs it would redo (none: unchanged), or its problems."""

    slug: str
    language: str
    redo: list[Redo] = field(default_factory=list)
    error: HandbookError | None = None


def dry_run(repo: Repo, slugs: list[str], dist: Path, only: list[str] | None, force: bool = False,
            shard: tuple[int, int] | None = None) -> list[Forecast]:
    """Return, per project, what `build` with the same arguments would redo and why."""
    outputs = choose(only)
    names = [output.name for output in outputs]
    sources = select(discover(repo.projects), slugs)
    if shard:
        sources = in_shard(sources, *shard)
    forecasts = []
    for source in sources:
        manifest = {} if force else read_manifest(dist, source.slug)
        if not force and source_unchanged(manifest, source, repo, names):
            forecasts.append(Forecast(source.slug, manifest.get(LANGUAGE_KEY) or project_language(source)))
            continue
        try:
            gathered = gather(source, repo, units_needed=any(o.audience == "internal" for o in outputs))
        except HandbookError as exc:
            forecasts.append(Forecast(source.slug, project_language(source), error=exc))
            continue
        jobs = plan(gathered, outputs, repo, manifest)
        forecast = Forecast(source.slug, gathered.loaded.primary_language)
        data_changed = gathered.loaded.data_hash != manifest.get(DATA_KEY)
        for job in jobs.stale:
            reason = stale_reason(manifest, job, recorded_files(manifest, job.output.name), data_changed)
            same = next((redo for redo in forecast.redo if redo.output == job.output.name and redo.reason == reason),
                        None)
            if same:
                same.editions.append(job.edition.tag)
            else:
                forecast.redo.append(Redo(job.output.name, [job.edition.tag], reason))
        forecasts.append(forecast)
    return forecasts


def stale_reason(manifest: dict[str, str], job: Job, before: dict[str, str], data_changed: bool) -> Said:
    """Return why one job is stale, in words; before: the hashes of its output's input files when last built."""
    if job.key not in manifest:
        return Said("dry_run.never_built")
    if manifest[job.key] == job.fingerprint:  # nothing it reads changed: it lists downloads that did
        return Said("dry_run.lists_downloads")
    now = file_hashes(list(job.inputs))
    changed = sorted(relative_name(Path(file)) for file, digest in now.items() if before.get(file, digest) != digest)
    changed += sorted(relative_name(Path(file)) for file, digest in now.items() if file not in before and before
                      and digest != MISSING)
    changed += sorted(relative_name(Path(file)) for file, digest in before.items()  # removed since
                      if file not in now and digest != MISSING)
    if changed:
        shown = ", ".join(changed[:SHOWN_FILES])
        more = len(changed) - SHOWN_FILES
        return Said("dry_run.files_changed", files=shown + (f" (+{more})" if more > 0 else ""))
    if data_changed:
        return Said("dry_run.data_changed")
    return Said("dry_run.tools_changed")
