"""Per-unit incremental rendering: a unit's inputs in, whether its files must be made again out.

Staff change the unit list daily in a move-in month (a slot, a proxy, a
corrected area); one changed row must not lay out 1,200 notices and packets
again. Each per-unit output keeps, beside its files, an index of what each
file was made from (INDEX): a unit's fingerprint is its row, what the rules
resolve to for it (its fee statement, its forms) and what every unit shares
(the templates, the wording, the project's data but its fee rules, the
renderer and the package). A build makes again only the files whose
fingerprint changed, and the sheets and combined files that list them. The
index lives in the output's own folder, so it is swapped into dist/ with the
files it describes, never ahead of them.

Files are written by replace_file: the staging folder of a partial build
holds hard links to the previous build's files (run/write.py), and writing
into one in place would change the published file before the swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..engines.fingerprints import fingerprint
from .base import RenderContext

INDEX = ".units.json"
LAYERS = ".layers"  # static layers kept for the next build of a few units (engines/layer_cache.py)
FEE_RULES = ("management", "developer_months", "access_cards", "parking", "decoration", "for_developer")
SHARED_FEES = ("payment",)  # printed as they are on every notice; the rules reach a page only through a statement


def replace_file(path: Path, data: bytes) -> None:
    """Write a file by renaming a new one over it (a hard link to the previous build's file is left alone)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def layer_cache(folder: Path, shared: str, fresh: bool) -> Path:
    """Return where an output keeps the static layers of what its units share now; remove those of before.

    Layers are kept per fingerprint of what the units share (templates,
    fonts, package): a change there remakes every unit, on new layers. A
    fresh build (--force) lays every layer out again.
    """
    kept = folder / LAYERS
    current = kept / shared[:16]
    if kept.is_dir():
        for other in kept.iterdir():
            if fresh or other != current:
                shutil.rmtree(other, ignore_errors=True)
    return current


def shared_fingerprint(ctx: RenderContext, inputs: Iterable[Path]) -> str:
    """Return the fingerprint of what every unit's files share: files read, every edition's data but fee rules.

    inputs are the output's declared inputs without the project's data files
    and unit list: the data enters as loaded (a fee rate edited reaches only
    the units whose statement it changes, through their own fingerprint).
    """
    leave_out = {ctx.source.data_file, *ctx.source.data_files}
    if ctx.units is not None:
        leave_out.add(ctx.units.path)
    files = [path for path in inputs if path not in leave_out and path.suffix not in (".csv", ".xlsx")]
    views = {tag: without_fee_rules(view.model_dump(mode="json")) for tag, (_, view) in sorted(ctx.views.items())}
    return digest(fingerprint(files, ctx.edition.tag), views)


def without_fee_rules(data: dict[str, Any]) -> dict[str, Any]:
    fees = data.get("fees") or {}
    return {**data, "fees": {key: value for key, value in fees.items() if key not in FEE_RULES}}


def digest(*parts: Any) -> str:
    """Return a hash of parts (JSON; anything else by its repr, e.g. a fee statement's dataclasses)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class UnitIndex:
    """What each file of a per-unit output was made from, as last built, and as this build makes it."""

    folder: Path
    previous: dict[str, str]
    current: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path, fresh: bool) -> "UnitIndex":
        """Return the folder's index; an empty one when fresh (everything is made) or when there is none."""
        try:
            previous = {} if fresh else json.loads((folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        return cls(folder, previous)

    def stale(self, key: str, value: str, *files: Path) -> bool:
        """Record an entry's fingerprint; return whether it changed since the last build or a file of it is gone."""
        self.current[key] = value
        return self.previous.get(key) != value or not all(path.is_file() for path in files)

    def keep(self, key: str) -> None:
        """Keep an entry as it was: its file was not made again (a build of some units only)."""
        if key in self.previous:
            self.current[key] = self.previous[key]
        else:
            self.current.pop(key, None)

    def gone(self, prefix: str) -> list[str]:
        """Return the entries of the last build under prefix that this one does not have (units gone from the list)."""
        return [key[len(prefix):] for key in self.previous if key.startswith(prefix) and key not in self.current]

    def write(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        replace_file(self.folder / INDEX, json.dumps(self.current, sort_keys=True, indent=0).encode("utf-8"))
