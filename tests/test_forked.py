"""Chunks rendered in forked children: results in order, failures carried back, nothing left behind."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest

from handbook.engines.pdf_batch import LEAST_CHUNKS, chunk_size
from handbook.errors import BuildFailed
from handbook.forked import cores, forked_map, set_cores


@pytest.fixture
def two_cores():
    saved = cores()
    set_cores(2)
    yield
    set_cores(saved)


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


def chunk_files() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("handbook-chunk-")}


def test_results_come_in_order_each_from_its_own_child(two_cores):
    before = chunk_files()
    results = list(forked_map(pid_and_square, range(7)))
    assert [square for _, square in results] == [n * n for n in range(7)]
    pids = {pid for pid, _ in results}
    assert os.getpid() not in pids and len(pids) == 7
    assert chunk_files() == before


def test_chunks_run_side_by_side_when_cores_are_allotted(two_cores):
    start = time.perf_counter()
    list(forked_map(time.sleep, [0.6, 0.6, 0.6, 0.6]))
    assert time.perf_counter() - start < 2.2  # four 0.6 s sleeps, two at a time: about 1.2 s, not 2.4 s


def test_a_failure_in_a_child_is_raised_here_as_it_was_raised(two_cores):
    before = chunk_files()
    with pytest.raises(BuildFailed, match="chunk 3 does not fit"):
        list(forked_map(fail_on_three, range(6)))
    assert chunk_files() == before
    with pytest.raises(OSError):  # no child is left running or unreaped
        os.waitpid(-1, os.WNOHANG)


def test_an_exception_that_cannot_travel_comes_back_as_its_text():
    with pytest.raises(BuildFailed, match="Unpicklable: holds a lock"):
        list(forked_map(raise_unpicklable, [1]))


def test_a_child_killed_midway_is_reported_not_hung():
    with pytest.raises(BuildFailed, match="signal 9"):
        list(forked_map(killed, [1]))


def test_with_another_thread_running_chunks_run_in_this_process():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = list(forked_map(pid_and_square, range(3)))
    finally:
        stop.set()
        thread.join()
    assert results == [(os.getpid(), n * n) for n in range(3)]


def test_chunk_plan_depends_on_the_count_alone(two_cores):
    plan = [chunk_size(count, 200) for count in (1, 3, 52, 800, 2000, 2001)]
    set_cores(1)
    assert [chunk_size(count, 200) for count in (1, 3, 52, 800, 2000, 2001)] == plan
    assert plan == [1, 1, 13, 200, 200, 182]
    assert all(-(-count // size) >= min(count, LEAST_CHUNKS) for count, size in zip((1, 3, 52, 800), plan))
