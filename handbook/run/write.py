"""Write a project's outputs atomically: build in a staging folder, then swap it into dist/.

Staging folders live in dist/.staging/ (same filesystem as dist/, never under
dist/public/). The swap uses Linux renameat2(RENAME_EXCHANGE), so at every
instant dist/<audience>/<slug> is either the complete old output or the
complete new one. A build killed mid-way leaves only a staging folder, which
the next build removes; a lock refuses a second build on the same dist/.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import HandbookError, Said

AUDIENCES = ("public", "internal")
STAGING = ".staging"
LOCK = ".lock"

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def exchange(a: Path, b: Path) -> None:
    """Atomically swap two existing paths (Linux renameat2); fall back to two renames elsewhere."""
    if _renameat2 is not None:
        result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(code, os.strerror(code), str(a))
    parked = a.with_name(a.name + ".old")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)


@contextmanager
def dist_lock(dist: Path) -> Iterator[None]:
    """Hold dist/.lock for the duration of a build; refuse at once if another build holds it."""
    dist.mkdir(parents=True, exist_ok=True)
    with open(dist / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise HandbookError(Said("error.dist_locked", dist=str(dist), process=holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _remove_stale_staging(dist)
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def _remove_stale_staging(dist: Path) -> None:
    """Remove staging folders of builds that were killed (safe: we hold the lock)."""
    shutil.rmtree(dist / STAGING, ignore_errors=True)


def _link_or_copy(source: str, target: str, linked: list[Path]) -> None:
    if any(Path(source).is_relative_to(folder) for folder in linked):
        os.link(source, target)
    else:
        shutil.copy2(source, target)


class Staging:
    """A temporary tree for one project's outputs, swapped into dist/ by commit()."""

    def __init__(self, dist: Path, slug: str, seed: bool, linked: tuple[str, ...] = ()):
        self.dist = dist
        self.slug = slug
        self.seed = seed
        self.linked = linked  # <audience>/<folder>s whose files are hard-linked, not copied (they are only replaced)
        (dist / STAGING).mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f"{slug}-", dir=dist / STAGING))

    def folder(self, audience: str) -> Path:
        """Return the staging folder of an audience (dist/<audience>/<slug> once committed)."""
        return self.root / audience

    def __enter__(self) -> "Staging":
        for audience in AUDIENCES:
            previous = self.dist / audience / self.slug
            if self.seed and previous.is_dir():
                # A partial build (--only) keeps the outputs it does not remake. Per-unit outputs replace each
                # file they remake (rename), never write into one: their 1,200 packets are linked, not copied.
                linked = [previous / name.split("/", 1)[1] for name in self.linked if name.startswith(f"{audience}/")]
                shutil.copytree(previous, self.folder(audience), symlinks=True,
                                copy_function=lambda source, target: _link_or_copy(source, target, linked))
            else:
                self.folder(audience).mkdir()
        return self

    def commit(self) -> None:
        """Swap every non-empty audience folder into dist/."""
        for audience in AUDIENCES:
            staged = self.folder(audience)
            if not any(staged.iterdir()):
                continue
            target = self.dist / audience / self.slug
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                exchange(staged, target)
            else:
                os.rename(staged, target)

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
