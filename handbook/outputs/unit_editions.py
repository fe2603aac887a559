"""Documents each owner reads (notices, forms packets): which edition a unit's owner gets, chunks by language.

A unit is written to in its `language` column when the project has that
edition, else in the primary one. Outputs that render per unit lay out
their units language by language, in chunks whose plan depends on the
count alone (engines.pdf_batch.chunk_size).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..engines.pdf_batch import chunk_size
from ..i18n.edition import Edition
from ..model.units import Unit
from .base import RenderContext

Item = TypeVar("Item")
Editions = dict[str, tuple[Edition, Any]]


def all_editions(ctx: RenderContext) -> Editions:
    """Return every edition of the project with its view (only the context's own, where it was given none)."""
    return dict(ctx.views) or {ctx.edition.tag: (ctx.edition, ctx.project)}


def unit_language(unit: Unit, editions: Editions) -> str:
    """Return the edition a unit's owner reads: the unit's language if the project has it, else the primary."""
    return unit.language if unit.language in editions else next(iter(editions))


def in_edition(ctx: RenderContext, editions: Editions, tag: str) -> RenderContext:
    """Return the context of one edition: its messages and its view of the project."""
    edition, view = editions[tag]
    return replace(ctx, project=view, edition=edition)


def chunks_by_language(items: Iterable[Item], language: Callable[[Item], str],
                       largest: int) -> Iterator[tuple[str, list[Item]]]:
    """Yield (language, chunk) for the items of each language in turn, each chunk keeping the items' order."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(language(item), []).append(item)
    for tag, group in groups.items():
        size = chunk_size(len(group), largest)
        for start in range(0, len(group), size):
            yield tag, group[start:start + size]


UNSAFE = re.compile(r"[^\w.-]+")


def file_name(unit: str, taken: set[str]) -> str:
    """Return a file name for a unit: characters unsafe in file names replaced by -, made unique."""
    base = UNSAFE.sub("-", unit).strip("-.") or "unit"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name
