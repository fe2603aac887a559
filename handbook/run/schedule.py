"""Schedule projects over the machine: projects in, each built in a worker of a pool (or here), results out.

Projects are independent: each is built whole in one process (a pool of them
for many projects, each keeping fonts, dictionaries and templates warm), the
longest first, with the cores left over shared among them for their chunks.
A shard builds a stable part of the projects, for CI spread over machines.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable, TypeVar

from ..engines.forked import cores, die_with_parent, set_cores
from ..source.projects import ProjectSource
from .incremental import read_manifest

Result = TypeVar("Result")
Log = Callable[[str], None]
SECONDS_KEY = "seconds:"  # + output name, in a project's manifest: what rendering it took last time


def run_all(sources: list[ProjectSource], dist: Path, jobs: int | None,
            build_one: Callable[[ProjectSource, Log], Result], log: Log) -> list[Result]:
    """Build every project with build_one (picklable when jobs > 1), longest first; return the results."""
    jobs = min(jobs or os.cpu_count() or 1, len(sources)) or 1
    sources = longest_first(dist, sources)
    share = max(1, (os.cpu_count() or 1) // jobs)  # cores each project may use for its chunks
    if jobs == 1:
        saved = cores()
        set_cores(share)
        try:
            return [build_one(source, log) for source in sources]
        finally:
            set_cores(saved)
    with ProcessPoolExecutor(max_workers=jobs, initializer=start_worker, initargs=(share,)) as pool:
        futures = [pool.submit(build_one, source, print_log) for source in sources]
        return [future.result() for future in as_completed(futures)]


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
