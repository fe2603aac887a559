"""Pause Python's cyclic garbage collector around a render, and collect once after it.

A render builds millions of objects (WeasyPrint's boxes, MkDocs' pages) that
all live until it ends; every full collection during it walks them again,
which cost a third of a batch of notices' time and about a tenth of a
project's build. Collecting once at the end frees the render's cycles, so
memory stays what it was between renders. Nested pauses each collect at
their end (a chunk of notices inside an output frees its own).

Only the youngest generation is collected: everything the render made is
there (nothing was collected, so nothing was promoted), and walking the
worker's long-lived objects as well cost 40 ms more each time. Older
garbage is left to the collector's own schedule once it runs again.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector paused, then collect its garbage and restore the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if was_enabled:
            gc.enable()
