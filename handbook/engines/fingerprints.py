"""Fingerprints of what an output reads: files (by content), the edition, the package and the engines' versions.

The incremental builds (run/incremental.py) compare an output's fingerprint
with the manifest's; per-unit outputs (outputs/per_unit.py) fingerprint what
every unit's files share the same way.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .. import __version__
from .pdf_batch import renderer

MISSING = "missing"  # the hash of an input that is not there (a folder a project does not have)


@lru_cache(maxsize=1)
def tool_versions() -> dict[str, str]:
    """Return the versions that change what the outputs look like."""
    try:
        dot = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr.strip()
    except OSError:
        dot = "missing"
    return {"handbook": __version__, "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
            "weasyprint": version("weasyprint"), "graphviz": dot}


def fingerprint(paths: list[Path], edition: str) -> str:
    """Return a hash of every file under paths (names and contents), the edition and the tool versions."""
    digest = hashlib.sha256(json.dumps([edition, tool_versions(), renderer()], sort_keys=True).encode("utf-8"))
    for path in sorted(set(paths)):
        for file in files_under(path):
            digest.update(str(file).encode("utf-8") + b"\0")
            try:
                digest.update(_file_hash(file, file.stat().st_mtime_ns, file.stat().st_size))
            except FileNotFoundError:
                digest.update(b"missing")
    return digest.hexdigest()


def file_hashes(paths: list[Path]) -> dict[str, str]:
    """Return a short content hash of every file under paths, by path ("missing" for one that is not there).

    Kept in the manifest so that a dry run can say which files made an output stale.
    """
    hashes = {}
    for path in sorted(set(paths)):
        for file in files_under(path):
            try:
                hashes[str(file)] = _file_hash(file, file.stat().st_mtime_ns, file.stat().st_size).hex()[:16]
            except FileNotFoundError:
                hashes[str(file)] = MISSING
    return hashes


def files_under(path: Path) -> list[Path]:
    """Return the files a path stands for, sorted; compiled Python is left out (Python writes it when it pleases)."""
    if not path.is_dir():
        return [path]
    return sorted(file for file in path.rglob("*") if file.is_file() and "__pycache__" not in file.parts)


@lru_cache(maxsize=4096)
def _file_hash(path: Path, mtime: int, size: int) -> bytes:
    """Return a file's content hash, computed once per version of the file (shared inputs are hashed once)."""
    return hashlib.sha256(path.read_bytes()).digest()
