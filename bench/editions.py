"""Print what script conversion adds to a full build of the sample projects.

    .venv/bin/python bench/editions.py [--rounds R]

Builds every sample project (all outputs, --force, one process, so the
timers see every call) into a temporary folder and measures, inside that
build, the time spent converting: OpenCC over the project data and the pages
(handbook.i18n.convert.Converter) and the walk that rewrites the data model
for each converted edition (handbook.source.editions.edition_project). Prints that
time over the whole build's (target: under 10%), best of R rounds, and, for
context, how many texts were converted. Translated editions look texts up in
a table; that lookup is timed the same way and printed apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.i18n import convert  # noqa: E402
from handbook.repo import Repo  # noqa: E402
from handbook.run import gather, pipeline  # noqa: E402

TARGET = 0.10


class Timers:
    def __init__(self) -> None:
        self.converting = 0.0  # OpenCC and the data rewrite of converted editions
        self.translating = 0.0  # the data rewrite of translated editions (table lookups)
        self.texts = 0
        self.depth = 0  # inside an edition_project call: its converter calls are counted there


@contextmanager
def timed(timers: Timers) -> Iterator[None]:
    original_call = convert.Converter.__call__
    original_project = gather.edition_project

    def call(self, text: str) -> str:
        if timers.depth:
            return original_call(self, text)
        start = time.perf_counter()
        try:
            return original_call(self, text)
        finally:
            timers.converting += time.perf_counter() - start
            timers.texts += 1

    def edition_project(project, edition):
        start = time.perf_counter()
        timers.depth += 1
        try:
            return original_project(project, edition)
        finally:
            timers.depth -= 1
            spent = time.perf_counter() - start
            if edition.translated:
                timers.translating += spent
            else:
                timers.converting += spent

    convert.Converter.__call__ = call
    gather.edition_project = edition_project
    try:
        yield
    finally:
        convert.Converter.__call__ = original_call
        gather.edition_project = original_project


def one_round(repo: Repo) -> tuple[float, Timers]:
    timers = Timers()
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as work, timed(timers):
        start = time.perf_counter()
        report = pipeline.build(repo, [], Path(work) / "dist", None, log=lambda line: None, jobs=1, force=True)
        total = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"the sample build failed: {report.failed}")
    return total, timers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    repo = Repo(ROOT)
    rounds = [one_round(repo) for _ in range(args.rounds)]
    total, timers = min(rounds, key=lambda r: r[1].converting / r[0])
    share = timers.converting / total
    print(f"full build of the samples (every edition, every output): {total:.2f} s")
    print(f"conversion (OpenCC over data and pages, data rewrite): {timers.converting * 1000:.0f} ms "
          f"({timers.texts} page texts converted outside the data)")
    print(f"translation lookups (data rewrite of translated editions): {timers.translating * 1000:.0f} ms")
    verdict = "ok" if share < TARGET else "MISSED"
    print(f"conversion / full build = {share:.4f} (target < {TARGET:.2f}) {verdict}")


if __name__ == "__main__":
    main()
