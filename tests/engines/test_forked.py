"""Chunks rendered in forked children: results in order, failures carried back, nothing left behind.

The fork scenarios run in a fresh interpreter (tests/engines/forked_scenarios.py):
this test process may hold threads of its own, where forked_map rightly
runs chunks in-process instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from handbook.commands.cli import main
from handbook.engines.forked import cores, forked_map, set_cores
from handbook.engines.pdf_batch import LEAST_CHUNKS, chunk_size
from tests.conftest import REPO_ROOT

SCENARIOS = Path(__file__).with_name("forked_scenarios.py")


def scenario(name: str, cores_allotted: int = 2) -> dict:
    # A temporary folder of its own: the chunk files it looks for are then only its own, not a parallel build's.
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([sys.executable, str(SCENARIOS), name], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "CORES": str(cores_allotted), "TMPDIR": scratch}, check=True)
    return json.loads(result.stdout)


def test_results_come_in_order_each_from_its_own_child():
    result = scenario("in_order")
    assert result["squares"] == [n * n for n in range(7)]
    assert result["own_pid"] not in result["pids"] and len(set(result["pids"])) == 7
    assert not result["files_left"] and not result["children_left"]


def test_chunks_run_side_by_side_when_cores_are_allotted():
    assert scenario("side_by_side", 2)["seconds"] < 2.2  # four 0.6 s sleeps two at a time: ~1.2 s, not 2.4 s
    assert scenario("side_by_side", 1)["seconds"] >= 2.4  # one core: one after another


def test_a_failure_in_a_child_is_raised_here_as_it_was_raised():
    result = scenario("failure")
    assert result["error"] == "chunk 3 does not fit"
    assert not result["files_left"] and not result["children_left"]


def test_an_exception_that_cannot_travel_comes_back_as_its_text():
    assert scenario("unpicklable")["error"] == "分批排版出错：Unpicklable: holds a lock"  # worded in zh-CN


def test_a_child_killed_midway_is_reported_not_hung():
    result = scenario("killed")
    assert "signal 9" in result["error"]
    assert not result["files_left"] and not result["children_left"]


def test_a_consumer_that_stops_early_leaves_no_child_and_no_file():
    result = scenario("stopped_early")
    assert not result["files_left"] and not result["children_left"]


def pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


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


def test_chunk_plan_depends_on_the_count_alone():
    saved = cores()
    plans = []
    try:
        for allotted in (1, 2, 8):
            set_cores(allotted)
            plans.append([chunk_size(count, 200) for count in (1, 3, 52, 800, 2000, 2001)])
    finally:
        set_cores(saved)
    assert plans[0] == plans[1] == plans[2] == [1, 1, 13, 200, 200, 182]
    assert all(-(-count // size) >= min(count, LEAST_CHUNKS) for count, size in zip((1, 3, 52, 800), plans[0]))


def test_notices_laid_out_in_forked_chunks_are_the_bytes_laid_out_in_process(sample_repo, tmp_path):
    """The build's way (a project alone: chunks forked, side by side) gives what in-process chunks give."""
    forked, in_process = tmp_path / "forked", tmp_path / "in-process"
    subprocess.run([sys.executable, str(REPO_ROOT / "build.py"), "--repo", str(sample_repo), "build", "lotus-garden",
                    "--only", "notices", "--out", str(forked)], check=True, capture_output=True, timeout=600)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # a second thread: forked_map renders in this process
    thread.start()
    try:
        assert main(["--repo", str(sample_repo), "build", "lotus-garden", "--only", "notices",
                     "--out", str(in_process)]) == 0
    finally:
        stop.set()
        thread.join()
    made = sorted(p.relative_to(forked) for p in forked.rglob("internal/**/notices/*") if p.is_file())
    assert len(made) > 50
    for path in made:
        assert (forked / path).read_bytes() == (in_process / path).read_bytes(), path
