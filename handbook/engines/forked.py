"""Run pieces of a render in forked child processes: warm state shared, garbage left behind, cores used.

A batch of notices or forms is laid out in chunks. Each chunk in a child
forked from the build worker starts with everything the worker has loaded
(fonts, templates, the project) at no cost, and ends with os._exit: the
millions of boxes its layout made are never walked by the cyclic collector
nor freed one by one, which cost a tenth of a chunk's time in-process. When
the build has cores to spare (one project built alone), chunks run side by
side, as many as it allots (set_cores).

Forking is only safe with one thread: where another runs (the live
preview's server and watcher), or where there is no fork, chunks run in
this process instead.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..errors import BuildFailed, HandbookError, Said
from .collector import collector_paused

Item = TypeVar("Item")
Result = TypeVar("Result")

_cores = 1
POLL = 0.02  # seconds between looks at which child has ended, when they are collected as they end


def set_cores(count: int) -> None:
    """Allot this process count cores for chunks run side by side (the build divides the machine's cores)."""
    global _cores
    _cores = max(1, count)


def cores() -> int:
    """Return the cores this process may use for chunks run side by side."""
    return _cores


def die_with_parent() -> None:
    """Make this process end when the one that started it is killed, so none outlives a killed build."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def forked_map(function: Callable[[Item], Result], items: Iterable[Item], ordered: bool = True) -> Iterator[Result]:
    """Yield function(item) for each item, each computed in a forked child, cores() at a time.

    In order, or (ordered=False) as each child ends: a long item then keeps
    no core idle behind it. An exception in a child is raised here, as
    function raised it (or as BuildFailed with its text, if it cannot
    travel). Falls back to calling function in this process where forking
    is not safe (collector paused around each item, as
    handbook.engines.collector does for a whole render).
    """
    if not can_fork():
        for item in items:
            with collector_paused():
                result = function(item)
            yield result
        return
    running: deque[tuple[int, str]] = deque()
    try:
        for item in items:
            if len(running) >= _cores:
                yield _collect(*_next(running, ordered))
            running.append(_start(function, item))
        while running:
            yield _collect(*_next(running, ordered))
    finally:
        for pid, path in running:  # the consumer stopped early, or a chunk failed: stop the others
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.unlink(path)


@contextmanager
def in_background(function: Callable[[Item], Result], item: Item) -> Iterator[Callable[[], Result]]:
    """Start function(item) in a forked child now; in the block, the call yielded waits for it and returns its result.

    Where forking is not safe, function runs when waited for. A child not
    waited for when the block ends (it raised) is stopped.
    """
    if not can_fork():
        yield lambda: function(item)
        return
    pid, path = _start(function, item)
    state: dict[str, Any] = {}

    def wait() -> Result:
        if "result" not in state:
            status = os.waitpid(pid, 0)[1]
            state["reaped"] = True
            state["result"] = _collect(pid, path, status)
        return state["result"]
    try:
        yield wait
    finally:
        if "reaped" not in state:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.unlink(path)


def _next(running: deque[tuple[int, str]], ordered: bool) -> tuple[int, str, int]:
    """Take from running the child to collect next (the oldest, or the first to end); return it and its status."""
    if ordered:
        pid, path = running.popleft()
        return pid, path, os.waitpid(pid, 0)[1]
    while True:  # only our own children are waited for: a build may have others (a pool's, a subprocess)
        for pid, path in running:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.remove((pid, path))
                return pid, path, status
        time.sleep(POLL)


def _start(function: Callable, item) -> tuple[int, str]:
    handle, path = tempfile.mkstemp(prefix="handbook-chunk-")
    sys.stdout.flush()  # what is buffered is written once, by this process, not again by the child
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: compute, write the result, leave without tearing anything down
        status = 1
        try:
            die_with_parent()
            gc.disable()
            gc.freeze()  # what the child inherited is never collected here: a collect() it asks for walks its own
            try:
                payload = pickle.dumps((True, function(item)), protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            except BaseException as exc:  # noqa: BLE001 -- every failure travels back to the parent
                payload = _pickled_error(exc)
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
        finally:
            try:
                sys.stdout.flush()  # what the child logged: os._exit writes no buffer out
                sys.stderr.flush()
            finally:
                os._exit(status)
    os.close(handle)
    return pid, path


def _pickled_error(exc: BaseException) -> bytes:
    if not isinstance(exc, HandbookError):  # a bug: its frames stay in the child, their text travels as a note
        exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    try:
        return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 -- an exception that cannot be pickled travels as its text
        return pickle.dumps((False, BuildFailed(Said("refusal.chunk_error", error=f"{type(exc).__name__}: {exc}"))))


def _collect(pid: int, path: str, status: int):
    try:
        with open(path, "rb") as result:
            payload = result.read()
    finally:
        os.unlink(path)
    if not payload:
        reason = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.waitstatus_to_exitcode(status)}"
        raise BuildFailed(Said("refusal.chunk_died", reason=reason))
    ok, value = pickle.loads(payload)
    if not ok:
        raise value
    return value
