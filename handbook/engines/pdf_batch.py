"""Batch print rendering: one HTML document of many parts in, one PDF plus each part's pages out.

Rendering hundreds of notices one document each re-subsets the CJK font for
every document; laying them out together once and cutting the PDF at page
level (pypdf, a few ms a page) keeps the batch speed-up. Each part starts
with an element whose id starts with the part prefix: the pages from one
such anchor to the next belong to that part. Callers render in chunks, so
memory stays flat however many parts there are.

Each chunk is laid out and written in a child forked from the build
worker (handbook.engines.forked): Python's cyclic garbage collector never walks its
boxes (a third of a 200-notice chunk's time, in-process) and the child
leaves its garbage behind, so memory stays flat; chunks run side by side
where the build allots more cores.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pypdf

from .forked import forked_map
from .layer_cache import LayerCache
from .layered import (
    Draft,
    LayeredBatch,
    base_layers,
    finish_batch,
    forecast,
    lay_out_words,
)
from .layers import Document, Layer, Section, static_layers
from .pdf import layout_document

# Layers of wrapped words laid out together: their number grows with the units (each long name may wrap its own
# way), a document of them does not; they print for a few units each, whose packets carry one more font subset.
VARIANTS_CHUNK = 24
FORECAST_BATCHES = 8  # batches whose words' lines one child forecasts: a fixed plan, the same bytes on any machine
RENDERERS = ("layered", "whole")  # layered: static layers laid out once, then per unit; whole: every page laid out
_renderer = "layered"


def set_renderer(name: str) -> None:
    """Choose how batches of like parts are laid out (the whole-document renderer is the reference)."""
    global _renderer
    _renderer = name


def renderer() -> str:
    return _renderer


@dataclass(frozen=True)
class Batch:
    pdf: bytes
    parts: dict[str, range]  # part id -> its pages (0-based) in pdf


@dataclass(frozen=True)
class BatchJob:
    html: str
    base: Path
    roots: list[Path]
    prefix: str


def render_batches(jobs: Iterable[BatchJob]) -> Iterator[Batch]:
    """Yield each job's batch, in order, each rendered in a forked child (several at once where cores allow)."""
    return forked_map(render_batch, jobs)


def render_layered(jobs: Iterable[BatchJob], scratch: Path, write: Callable[[str, bytes], None],
                   cache: Path | None = None) -> Iterator[LayeredBatch]:
    """Write each job's parts (write(part, pdf), in the process that composed them: PDFs never travel back).

    Yields each job's page counts, in order; every batch is printed on static layers laid out once a build:

    - the static layers of all the jobs, before any batch's words, one
      document per stylesheet (forked side by side), each kind of section
      with words of typical length hidden: a batch's files depend on the
      list's units and kinds of page, never on the order in which batches
      came back;
    - the lines of the words that may wrap otherwise (layered.forecast),
      FORECAST_BATCHES batches a child, and the layers of those lines, of
      every batch at once (the same long names wrap alike in every batch);
    - each batch's words over them (layered.lay_out_words): its parts are
      written but those with words that took other lines than forecast;
    - the layers of those lines, then the parts that waited (finish_batch).

    The jobs' HTML waits on disk meanwhile (scratch), so memory stays flat.
    The static layers laid out for each kind of section are kept in cache
    (layer_cache.py), where one is given: the next build of a few units
    prints on them.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    waiting: list[tuple[BatchJob, Path]] = []
    for number, job in enumerate(jobs):
        path = scratch / f"batch-{number}.html"
        path.write_text(job.html, encoding="utf-8")
        waiting.append((replace(job, html=""), path))
    if not waiting:
        return
    first = waiting[0][0]
    layers: dict[str, Layer] = {}
    kept = LayerCache(cache)
    groups = []
    for document, sections in base_layers(path.read_text(encoding="utf-8") for _, path in waiting):
        missing = []
        for section in sections:
            key = document.key(section)
            found = kept.get(key)
            if found is None:
                missing.append((section, None))
            else:
                layers[key] = found
                layers.setdefault(found.key, found)
        groups.append((document, missing))
    _lay_out_static([group for group in groups if group[1]], first, layers, kept)
    lines: dict[int, dict[int, tuple[int, ...]]] = {}  # batch -> section -> the lines its words take (forecast)
    if len(waiting) > 1:  # one batch: its few parts that wrap wait for their layers (finish_batch) at less cost
        forecasts = list(forked_map(lambda numbers: forecast(
            [(number, waiting[number][1].read_text(encoding="utf-8")) for number in numbers], first.base, first.roots,
            layers), _groups(range(len(waiting)), FORECAST_BATCHES), ordered=False))
        for made in forecasts:
            lines.update(made.lines)
        _lay_out_variants([made.wanted for made in forecasts], first, layers)

    def words(item: tuple[int, tuple[BatchJob, Path]]) -> tuple[int, Draft]:
        number, (job, path) = item
        return number, lay_out_words(path.read_text(encoding="utf-8"), job.base, job.roots, job.prefix, layers,
                                     lines.get(number, {}), write, path.with_suffix(""))
    # Side by side as each ends (batches of a language's last units are small), put back in order.
    drafts = [draft for _, draft in sorted(forked_map(words, enumerate(waiting), ordered=False),
                                           key=lambda done: done[0])]
    _lay_out_variants([{draft.document.head: (draft.document, draft.wanted)} for draft in drafts], first, layers)

    def finish(item: tuple[int, Draft]) -> tuple[int, dict[str, int]]:
        number, draft = item
        job, path = waiting[number]
        return number, finish_batch(path.read_text(encoding="utf-8"), job.base, job.roots, job.prefix, layers,
                                    lines.get(number, {}), draft, write)
    finished = dict(forked_map(finish, [(number, draft) for number, draft in enumerate(drafts) if draft.waiting],
                               ordered=False))
    for number, draft in enumerate(drafts):
        yield LayeredBatch({**draft.pages, **finished.get(number, {})})


def _groups(items, size: int) -> list[list]:
    items = list(items)
    return [items[start:start + size] for start in range(0, len(items), size)]


def _lay_out_variants(wanted: list[dict[str, tuple[Document, dict[str, Section]]]], first: BatchJob,
                      layers: dict[str, Layer]) -> None:
    """Lay out the layers of other lines that batches want (per stylesheet, by key), VARIANTS_CHUNK a document."""
    variants: dict[str, tuple[Document, dict[str, Section]]] = {}
    for found in wanted:
        for head, (document, sections) in found.items():
            variants.setdefault(head, (document, {}))[1].update(
                (key, section) for key, section in sections.items() if key not in layers)
    _lay_out_static([(document, chunk) for document, sections in variants.values()
                     for chunk in _groups(((section, key) for key, section in sections.items()), VARIANTS_CHUNK)],
                    first, layers)


def _lay_out_static(groups: list, first: BatchJob, layers: dict[str, Layer], kept: LayerCache | None = None) -> None:
    """Lay out static layers, one document per stylesheet (forked side by side); add them to layers (and kept).

    A group is a document and its sections, each with the key it is wanted
    by (None: its own, whatever lines its words take).
    """
    for made in forked_map(lambda group: _static_group(group, first.base, first.roots), groups):
        layers.update(made)
        if kept is not None:
            kept.put(made)


def _static_group(group, base: Path, roots: list[Path]) -> dict[str, Layer]:
    """Lay out one stylesheet's static layers; return them by the key they are wanted by and by their own."""
    document, wanted = group
    sections = [section for section, _ in wanted]
    found = {}
    for (section, key), layer in zip(wanted, static_layers(document, sections, base, roots)):
        found[key or document.key(section)] = layer
        found.setdefault(layer.key, layer)
    return found


LEAST_CHUNKS = 4  # a batch of a few dozen parts still gives several cores work


def chunk_size(count: int, largest: int) -> int:
    """Return how many parts a chunk takes: at most largest, in at least LEAST_CHUNKS chunks of even size.

    The plan depends on the count alone, never on the cores at hand, so the
    same input gives the same PDF bytes on any machine and with any --jobs.
    """
    chunks = max(LEAST_CHUNKS, -(-count // largest))
    return max(1, -(-count // chunks))


def render_batch(job: BatchJob) -> Batch:
    """Lay out a document of parts once, write it once, and return the pages of each part."""
    html, prefix = job.html, job.prefix
    document = layout_document(html, job.base, job.roots)
    starts, seen = [], set()
    for number, page in enumerate(document.pages):
        for anchor in sorted(page.anchors):  # a part running over pages lists its anchor on each
            if anchor.startswith(prefix) and anchor not in seen:
                seen.add(anchor)
                starts.append((number, anchor[len(prefix):]))
    ends = [number for number, _ in starts[1:]] + [len(document.pages)]
    parts = {part: range(start, end) for (start, part), end in zip(starts, ends)}
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return Batch(document.write_pdf(pdf_identifier=identifier), parts)


def split(pdf: bytes, parts: dict[str, range]) -> Iterator[tuple[str, bytes]]:
    """Yield each part's own PDF, cut from one reading of the batch (fonts and images come along)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for part, pages in parts.items():
        writer = pypdf.PdfWriter()
        for number in pages:
            writer.add_page(reader.pages[number])
        out = io.BytesIO()
        writer.write(out)
        yield part, out.getvalue()


def concatenate(sources: Iterable[tuple[bytes, range | None]]) -> bytes:
    """Return one PDF of the given pages of several PDFs (all pages where the range is None)."""
    writer = pypdf.PdfWriter()
    readers: dict[int, pypdf.PdfReader] = {}  # one reader per source: fonts of a source used twice come once
    for pdf, pages in sources:
        if id(pdf) not in readers:
            readers[id(pdf)] = pypdf.PdfReader(io.BytesIO(pdf))
        reader = readers[id(pdf)]
        for number in pages if pages is not None else range(len(reader.pages)):
            writer.add_page(reader.pages[number])
    # pypdf writes no random /ID unless it encrypts: the same pages give the same bytes.
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
