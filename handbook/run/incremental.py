"""Incremental builds: an output's inputs in, a fingerprint and the manifest of what was built out.

An output is remade when the fingerprint of what it reads changes: its
declared input files and folders (hashed by content), the language edition,
the package version and the versions of MkDocs, Material, WeasyPrint and
Graphviz. The manifest (dist/.manifest/<slug>.json) is written only after a
project's outputs are swapped into dist/, so a build that failed or was
killed is simply redone next time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..engines.fingerprints import (
    MISSING,
    file_hashes,
    files_under,
    fingerprint,
    tool_versions,
)

__all__ = ["MISSING", "file_hashes", "files_under", "fingerprint", "manifest_file", "read_manifest", "tool_versions",
           "write_manifest"]

MANIFESTS = ".manifest"


def manifest_file(dist: Path, slug: str) -> Path:
    return dist / MANIFESTS / f"{slug}.json"


def read_manifest(dist: Path, slug: str) -> dict[str, str]:
    """Return {output/edition: fingerprint} of the project's last complete build (empty if none)."""
    try:
        return json.loads(manifest_file(dist, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(dist: Path, slug: str, entries: dict[str, str]) -> None:
    """Write the manifest atomically (rename), after the project's outputs are in place."""
    path = manifest_file(dist, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(entries, sort_keys=True, indent=1), encoding="utf-8")
    tmp.replace(path)
