"""Scenarios of handbook.engines.forked, each run in a fresh interpreter by tests/engines/test_forked.py.

A test process may hold threads of its own (a browser test's server), and
forked_map then rightly runs chunks in-process; these scenarios need a
process with one thread, as a build worker is.

    python tests/engines/forked_scenarios.py NAME   -> prints the scenario's result as JSON
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from handbook.engines.forked import forked_map, set_cores  # noqa: E402
from handbook.errors import BuildFailed  # noqa: E402


def pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def fail_on_three(number: int) -> int:
    if number == 3:
        raise BuildFailed(f"chunk {number} does not fit")
    return number


def killed(number: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return number


class Unpicklable(Exception):
    def __init__(self, lock):
        super().__init__("holds a lock")
        self.lock = lock

    def __reduce__(self):
        raise TypeError("cannot pickle")


def raise_unpicklable(number: int) -> int:
    raise Unpicklable(threading.Lock())


def chunk_files() -> list[str]:
    return sorted(name for name in os.listdir(tempfile.gettempdir()) if name.startswith("handbook-chunk-"))


def leftover_children() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True


def failure(function) -> dict:
    before = chunk_files()
    try:
        list(forked_map(function, range(6)))
    except BuildFailed as exc:
        return {"error": str(exc), "files_left": chunk_files() != before, "children_left": leftover_children()}
    return {"error": None}


def in_order() -> dict:
    before = chunk_files()
    results = list(forked_map(pid_and_square, range(7)))
    return {"squares": [square for _, square in results], "own_pid": os.getpid(),
            "pids": [pid for pid, _ in results], "files_left": chunk_files() != before,
            "children_left": leftover_children()}


def side_by_side() -> dict:
    start = time.perf_counter()
    list(forked_map(time.sleep, [0.6, 0.6, 0.6, 0.6]))
    return {"seconds": time.perf_counter() - start}


def stopped_early() -> dict:
    before = chunk_files()
    results = forked_map(time.sleep, [0.2] * 6)
    next(results)
    results.close()  # the consumer stops after the first: the running children are stopped and reaped
    return {"files_left": chunk_files() != before, "children_left": leftover_children()}


SCENARIOS = {
    "in_order": in_order,
    "side_by_side": side_by_side,
    "stopped_early": stopped_early,
    "failure": lambda: failure(fail_on_three),
    "killed": lambda: failure(killed),
    "unpicklable": lambda: failure(raise_unpicklable),
}

if __name__ == "__main__":
    set_cores(int(os.environ.get("CORES", "2")))
    print(json.dumps(SCENARIOS[sys.argv[1]]()))
