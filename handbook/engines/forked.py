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
import tempfile
import threading
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from ..errors import BuildFailed, Said
from .collector import collector_paused

Item = TypeVar("Item")
Result = TypeVar("Result")

_cores = 1


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


def forked_map(function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
    """Yield function(item) for each item, in order, each computed in a forked child, cores() at a time.

    An exception in a child is raised here, as function raised it (or as
    BuildFailed with its text, if it cannot travel). Falls back to calling
    function in this process where forking is not safe (collector paused
    around each item, as handbook.engines.collector does for a whole render).
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
                yield _collect(*running.popleft())
            running.append(_start(function, item))
        while running:
            yield _collect(*running.popleft())
    finally:
        for pid, path in running:  # the consumer stopped early, or a chunk failed: stop the others
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.unlink(path)


def _start(function: Callable, item) -> tuple[int, str]:
    handle, path = tempfile.mkstemp(prefix="handbook-chunk-")
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
            os._exit(status)
    os.close(handle)
    return pid, path


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 -- an exception that cannot be pickled travels as its text
        return pickle.dumps((False, BuildFailed(Said("refusal.chunk_error", error=f"{type(exc).__name__}: {exc}"))))


def _collect(pid: int, path: str):
    _, status = os.waitpid(pid, 0)
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
