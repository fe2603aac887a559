"""Variable-data printing: a document of many like sections in, each part's pages composed of two layers out.

Per-unit paperwork is the same pages again and again with a few words
changed: a form's wording, grid and signatures are the same for every unit,
only the facts (unit, owner, area, appointment) and the trace code differ.
Print houses lay out what is the same once and print each recipient's words
over it (PDF/VT); this does the same with WeasyPrint:

- Static layers (layers.py): each kind of section laid out once per build,
  its variable words hidden; where each of them sits: its slots.
- The variable layer: only the variable words, each absolutely placed on
  its slot, laid out in one document per batch. A page of words is laid out
  once however many pages print it (a unit's facts are the same on every
  form of its packet); a running head that may name the unit (string())
  puts every page on this layer.
- A variable element that takes another number of lines than on its
  static layer (a long name wrapping) moves what comes after it: the
  section gets a static layer of its own key and line counts, and its words
  are laid out again on that layer's slots.
- QR codes (img src="qr:...") are drawn at PDF level where their slot is.

compose.py puts each page together (the static page as one shared Form
XObject under the variable one). The whole-document renderer (pdf_batch.py)
stays the reference: a reader sees the same words at the same places, in
the same fonts, and the same QR codes (tests/reader_view.py).
"""

from __future__ import annotations

import gc
import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .compose import VARIABLE, Sources, compose
from .layers import (
    MARGIN_BOXES,
    SLOT,
    Document,
    Layer,
    Section,
    line_boxes,
    no_margin_boxes,
    split_document,
    static_layers,
)
from .pdf import layout_document

VARIABLE_PAGES = ("html, body { margin: 0 !important; padding: 0 !important; border: 0 !important; }\n"
                  "div.hb-page { position: relative; height: 1px; margin: 0; padding: 0; border: 0; }\n"
                  "div.hb-page + div.hb-page { break-before: page; }\n"
                  ".hb-v { position: absolute !important; margin: 0 !important; padding: 0 !important; "
                  "border: 0 !important; background: none !important; display: block !important; "
                  "visibility: visible !important; }\n"
                  ".hb-strings { height: 0; overflow: hidden; visibility: hidden; }\n")
QR_SOURCE = re.compile(r'src="(qr:[^"]*)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')


@dataclass(frozen=True)
class LayeredBatch:
    """A batch laid out in layers and written (each part's file by the process that composed it): its page counts."""

    pages: dict[str, int]  # part id -> its page count


class VariablePages:
    """A variable layer's document: each distinct page of variable words once, their rules shared."""

    def __init__(self, document: Document):
        self.document = document
        self.pages: list[str] = []
        self.expected: list[dict[int, int]] = []  # per page: variable element -> the lines its slot took
        self._seen: dict[str, int] = {}
        self._styles: dict[str, str] = {}  # declarations -> class
        self._places: dict[tuple, str] = {}  # position -> class
        self._rules: list[str] = []

    def add(self, section: Section, layer: Layer, page: int) -> int | None:
        """Return the page of this layer printing a section's words on one of its pages (None: it has none)."""
        words = [(index, variable, slot) for index, (variable, slot) in enumerate(zip(section.variables, layer.slots))
                 if slot.page == page and not variable.image]
        if not words and not self.document.running:
            return None
        signature = repr([(index, variable, slot, layer.origin) for index, variable, slot in words])
        if self.document.running:  # a running head follows the pages in order: none is shared
            signature += f"#{len(self.pages)}"
        if signature not in self._seen:
            number = self._seen[signature] = len(self.pages)
            copies = "".join(self._copy(number, index, variable, slot, layer) for index, variable, slot in words)
            if self.document.running:  # string-set is not read off absolutely placed boxes: set it in the flow too
                copies = ('<div class="hb-strings">'
                          + "".join(variable.content for _, variable, _ in words if "class=" in variable.content)
                          + "</div>" + copies)
            self.pages.append(f'<div class="hb-page">{copies}</div>')
            self.expected.append({index: slot.lines for index, _, slot in words})
        return self._seen[signature]

    def _copy(self, number: int, index: int, variable, slot, layer: Layer) -> str:
        classes = f"hb-v {self._class(self._styles, slot.style, slot.style)} " + self._class(
            self._places, (slot.x - layer.origin[0], slot.y - layer.origin[1], slot.width),
            f"left: {slot.x - layer.origin[0]}px; top: {slot.y - layer.origin[1]}px; width: {slot.width}px")
        attributes = variable.attributes
        if _CLASS.search(attributes):  # its own classes stay: their rules still reach its content
            attributes = _CLASS.sub(lambda match: f' class="{match.group(1)} {classes}"', attributes, count=1)
        else:
            attributes += f' class="{classes}"'
        return f'<{variable.tag}{attributes} {SLOT}="{number}:{index}">{variable.content}</{variable.tag}>'

    def _class(self, names: dict, key, declarations: str) -> str:
        if key not in names:
            names[key] = f"hb-{len(self._rules)}"
            self._rules.append(f".{names[key]} {{ {declarations.replace(';', ' !important;')}"
                               f"{' !important' if declarations else ''}; }}")
        return names[key]

    def html(self) -> str:
        css = VARIABLE_PAGES + no_margin_boxes(set(MARGIN_BOXES) - self.document.running) + "\n".join(self._rules)
        return self.document.with_style(css, "".join(self.pages))

    def wrapped(self, counts: dict[str, int]) -> set[int]:
        """Return the pages on which a variable element took other lines than on its static layer."""
        return {number for number, expected in enumerate(self.expected)
                if any(counts.get(f"{number}:{index}", lines) != lines for index, lines in expected.items())}


def line_counts(laid_out) -> dict[str, int]:
    """Return the lines each element of a laid-out variable layer took, by its data-slot (page:element)."""
    counts: dict[str, int] = {}
    for page in laid_out.pages:
        _count_lines(page._page_box, counts)  # noqa: SLF001 -- line boxes are read off the laid-out tree
    return counts


def _count_lines(box, counts: dict[str, int]) -> None:
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get(SLOT) is not None:
        counts.setdefault(element.get(SLOT), line_boxes(box))
        return
    for child in getattr(box, "children", ()):
        _count_lines(child, counts)


def lay_out_batch(html: str, base, roots, prefix: str, layers: dict[str, Layer],
                  write: Callable[[str, bytes], None]) -> LayeredBatch:
    """Lay out a batch of sections in layers over the static layers given; write each part's composed PDF.

    A section whose key has no layer yet (a batch laid out alone) and one
    whose words take other lines than its layer's get layers laid out here,
    together: they serve this batch only (what it prints depends on its own
    units alone, not on which batches were laid out before it).
    """
    document = split_document(html)
    made: dict[str, Layer] = {}

    def lay_out(sections: list[tuple[Section, tuple[int, ...] | None]]) -> None:
        wanted = {document.key(section, lines): section for section, lines in sections}
        wanted = {key: section for key, section in wanted.items() if key not in layers and key not in made}
        if wanted:
            for key, layer in zip(wanted, static_layers(document, list(wanted.values()), base, roots)):
                made.setdefault(layer.key, layer)
                made[key] = layers.get(layer.key) or made[layer.key]
            gc.collect()  # the laid-out boxes are cycles, never collected in a forked child unless asked

    def layer_for(section: Section, lines: tuple[int, ...] | None = None) -> Layer:
        key = document.key(section, lines)
        return layers.get(key) or made[key]

    lay_out([(section, None) for section in document.sections])
    chosen = [layer_for(section) for section in document.sections]
    first = VariablePages(document)
    words = [[first.add(section, layer, page) for page in range(layer.pages)]
             for section, layer in zip(document.sections, chosen)]
    laid_out = layout_document(first.html(), base, roots)
    pages = list(laid_out.pages)
    counts = line_counts(laid_out)
    wrapped = first.wrapped(counts)
    redo = {number: _measured(counts, refs, chosen[number], document.sections[number])
            for number, refs in enumerate(words) if wrapped.intersection(ref for ref in refs if ref is not None)}
    if redo:  # those sections' own static layers, of their line counts; their words laid out on them
        lay_out([(document.sections[number], lines) for number, lines in redo.items()])
        second = VariablePages(document)
        for number, lines in redo.items():
            section = document.sections[number]
            chosen[number] = layer_for(section, lines)
            words[number] = [_offset(second.add(section, chosen[number], page), len(pages))
                             for page in range(chosen[number].pages)]
        pages += layout_document(second.html(), base, roots).pages
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    variable_pdf = laid_out.copy(pages).write_pdf(pdf_identifier=identifier) if pages else None
    return LayeredBatch(_compose_parts(document, chosen, words, variable_pdf, prefix, write))


def base_layers(batches: Iterable[str]) -> Iterator[tuple[Document, list[Section]]]:
    """Yield, per stylesheet (head), the first section of each static key the batches hold, in their order."""
    heads: dict[str, tuple[Document, dict[str, Section]]] = {}
    for html in batches:
        document = split_document(html)
        kept = heads.setdefault(document.head, (document, {}))[1]
        for section in document.sections:
            kept.setdefault(document.key(section), section)
    for document, kept in heads.values():
        yield document, list(kept.values())


def _offset(number: int | None, by: int) -> int | None:
    return None if number is None else number + by


def _measured(counts: dict[str, int], refs: list[int | None], layer: Layer, section: Section) -> tuple[int, ...]:
    """Return the lines each variable element of a section took on the variable layer (an image: its slot's)."""
    lines = []
    for index, slot in enumerate(layer.slots):
        ref = refs[slot.page]
        lines.append(slot.lines if section.variables[index].image or ref is None
                     else counts.get(f"{ref}:{index}", slot.lines))
    return tuple(lines)


def _compose_parts(document: Document, chosen: list[Layer], words: list[list[int | None]],
                   variable_pdf: bytes | None, prefix: str, write: Callable[[str, bytes], None]) -> dict[str, int]:
    """Write each part's PDF, its pages composed of static layers, variable pages and QR codes; return page counts."""
    sources = Sources()
    if variable_pdf is not None:
        sources.add(VARIABLE, variable_pdf)
    parts: dict[str, list] = {}
    current = None
    for section, layer, refs in zip(document.sections, chosen, words):
        if section.anchor is not None and section.anchor.startswith(prefix):
            current = parts.setdefault(section.anchor[len(prefix):], [])
        if current is None:
            continue
        sources.add(layer.source, layer.pdf)
        for page in range(layer.pages):
            codes = [(QR_SOURCE.search(variable.attributes).group(1), slot.x, slot.y, slot.width)
                     for variable, slot in zip(section.variables, layer.slots)
                     if variable.image and slot.page == page]
            current.append((layer.source, layer.first + page, refs[page], codes))
    try:
        for part, pages in parts.items():
            write(part, compose(sources, pages))
        return {part: len(pages) for part, pages in parts.items()}
    finally:
        sources.close()
