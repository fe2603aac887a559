"""Print what loading with positions and validating costs, next to a plain yaml.safe_load, in one run.

    .venv/bin/python bench/validate.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handbook.repo import Repo  # noqa: E402
from handbook.source.projects import discover, load_project  # noqa: E402


def best_of(rounds: int, work) -> float:
    """Return the fastest of several timed runs (the least disturbed by other load)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    repo = Repo(Path(__file__).resolve().parent.parent)
    print(f"{'project':<16}{'safe_load ms':>14}{'load+validate ms':>18}{'ratio':>8}")
    for source in discover(repo.projects):
        text = source.data_file.read_text(encoding="utf-8")
        plain = best_of(rounds, lambda: yaml.safe_load(text))
        full = best_of(rounds, lambda: load_project(source))
        print(f"{source.slug:<16}{plain * 1000:>14.1f}{full * 1000:>18.1f}{full / plain:>8.2f}")


if __name__ == "__main__":
    main()
