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
  section gets a static layer of its own key and line counts. Those lines
  are forecast before the words are laid out (forecast: the words that
  may wrap are measured on their slots); a section whose words wrap all
  the same waits, and its words are laid out again on its layer's slots.
- QR codes (img src="qr:...") are drawn at PDF level where their slot is.

compose.py puts each page together (the static page as one shared Form
XObject under the variable one). The whole-document renderer (pdf_batch.py)
stays the reference: a reader sees the same words at the same places, in
the same fonts, and the same QR codes (tests/reader_view.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .compose import AGAIN, VARIABLE, Sources, compose
from .layers import (
    MARGIN_BOXES,
    SLOT,
    Document,
    Layer,
    Section,
    Slot,
    Variable,
    line_boxes,
    no_margin_boxes,
    split_document,
    text_measure,
)
from .pdf import layout_document

VARIABLE_PAGES = ("html, body { margin: 0 !important; padding: 0 !important; border: 0 !important; }\n"
                  "div.hb-page { position: relative; height: 1px; margin: 0; padding: 0; border: 0; }\n"
                  "div.hb-page + div.hb-page { break-before: page; }\n"
                  ".hb-v { position: absolute !important; margin: 0 !important; padding: 0 !important; "
                  "border: 0 !important; background: none !important; display: block !important; "
                  "visibility: visible !important; }\n"
                  ".hb-strings { height: 0; overflow: hidden; visibility: hidden; }\n")
PROBES_A_PAGE = 400  # copies measured on one page of probes
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
            copies = "".join(self.copy(number, index, variable, slot, layer) for index, variable, slot in words)
            if self.document.running:  # string-set is not read off absolutely placed boxes: set it in the flow too
                copies = ('<div class="hb-strings">'
                          + "".join(variable.content for _, variable, _ in words if "class=" in variable.content)
                          + "</div>" + copies)
            self.pages.append(f'<div class="hb-page">{copies}</div>')
            self.expected.append({index: slot.lines for index, _, slot in words})
        return self._seen[signature]

    def copy(self, number: int, index: int, variable: Variable, slot: Slot, layer: Layer) -> str:
        """Return a variable element's copy placed on its slot, numbered (data-slot number:index) for its lines."""
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


class Probes:
    """Copies of variable elements on their slots, to count their lines before any page of words is laid out.

    Many a page, one over another: an absolutely placed box is laid out
    alone. Each distinct element, slot style and width is measured once.
    """

    def __init__(self, document: Document):
        self._pages = VariablePages(document)
        self._found: dict[tuple, str] = {}
        self._copies: list[str] = []

    def add(self, variable: Variable, slot: Slot, layer: Layer) -> str:
        """Return where the lines of a variable element on a slot are counted (its data-slot)."""
        signature = (variable, slot.style, slot.width)
        if signature not in self._found:
            number = len(self._copies)
            self._copies.append(self._pages.copy(number // PROBES_A_PAGE, number, variable, slot, layer))
            self._found[signature] = f"{number // PROBES_A_PAGE}:{number}"
        return self._found[signature]

    def html(self) -> str | None:
        """Return the probes' document (None: nothing to measure)."""
        if not self._copies:
            return None
        self._pages.pages = [f'<div class="hb-page">{"".join(self._copies[start:start + PROBES_A_PAGE])}</div>'
                             for start in range(0, len(self._copies), PROBES_A_PAGE)]
        return self._pages.html()


@dataclass(frozen=True)
class Forecast:
    """The lines some batches' words will take, where they differ from their sections' static layers'."""

    lines: dict[int, dict[int, tuple[int, ...]]]  # batch -> section -> the lines of its variable elements
    wanted: dict[str, tuple[Document, dict[str, Section]]]  # per stylesheet: layers of those lines, by key


def forecast(batches: list[tuple[int, str]], base, roots, layers: dict[str, Layer]) -> Forecast:
    """Count the lines the words of numbered batches will take before their pages of words are laid out.

    So that a section whose words wrap otherwise than its layer's (a long
    name, a longer period) is printed on a layer of its own lines at once,
    not laid out again after (finish_batch). The words measured are those
    that may wrap otherwise: an element whose layer's words took one line
    and that is no longer (text_measure) is taken to take one too. Its
    lines are counted again as its page of words is laid out, all the same.
    """
    documents = [(number, split_document(html)) for number, html in batches]
    probes: dict[str, Probes] = {}
    asked = []  # per batch, per section: per variable element, where its lines are counted (None: its layer's)
    for number, document in documents:
        probe = probes.setdefault(document.head, Probes(document))
        pairs = [(section, layers[document.key(section)]) for section in document.sections]
        asked.append([[None if variable.image or _one_line(variable, slot) else probe.add(variable, slot, layer)
                       for variable, slot in zip(section.variables, layer.slots)] for section, layer in pairs])
    counts = {}
    for head, probe in probes.items():
        html = probe.html()
        counts[head] = line_counts(layout_document(html, base, roots)) if html else {}
    lines: dict[int, dict[int, tuple[int, ...]]] = {}
    wanted: dict[str, tuple[Document, dict[str, Section]]] = {}
    for (number, document), sections in zip(documents, asked):
        for index, (section, where) in enumerate(zip(document.sections, sections)):
            layer = layers[document.key(section)]
            counted = tuple(slot.lines if ref is None else counts[document.head].get(ref, slot.lines)
                            for slot, ref in zip(layer.slots, where))
            if counted != layer.lines:
                lines.setdefault(number, {})[index] = counted
                key = document.key(section, counted)
                if key not in layers:
                    wanted.setdefault(document.head, (Document(document.head, document.tail), {}))[1][key] = section
    return Forecast(lines, wanted)


def _one_line(variable: Variable, slot: Slot) -> bool:
    """Tell whether a variable element surely takes one line on its slot: its layer's took one, and it is no longer."""
    return slot.lines == 1 and 0 < text_measure(variable) <= slot.measure


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


@dataclass(frozen=True)
class Draft:
    """A batch whose words are laid out: its parts written but those waiting for layers of their words' lines."""

    pages: dict[str, int]  # part id -> its page count, for the parts written
    waiting: frozenset[str]  # the parts that wait
    wanted: dict[str, Section]  # the layers they need, by key (a section's, with its words' line counts)
    document: Document  # the batch's head and tail (no sections): what those layers are laid out in
    words: list[list[int | None]]  # per section, per page of its layer: its page of words (first layout)
    redo: dict[int, tuple[int, ...]]  # section -> the lines its words took, where its layer's differ
    variable: Path | None  # the words' PDF (first layout), kept for the parts that wait


def lay_out_words(html: str, base, roots, prefix: str, layers: dict[str, Layer], lines: dict[int, tuple[int, ...]],
                  write: Callable[[str, bytes], None], scratch: Path) -> Draft:
    """Lay out a batch's words over the static layers given; write the parts whose words fit their layers.

    A section whose words take other lines than its layer's (a long name
    wrapping) needs a layer of its own line counts: those forecast (lines,
    by section) have theirs; the part of one that was not waits
    (finish_batch) while the layers every batch wants are laid out together.
    """
    document = split_document(html)
    chosen = [layers[document.key(section, lines.get(number))] for number, section in enumerate(document.sections)]
    first = VariablePages(document)
    words = [[first.add(section, layer, page) for page in range(layer.pages)]
             for section, layer in zip(document.sections, chosen)]
    laid_out = layout_document(first.html(), base, roots)
    counts = line_counts(laid_out)
    wrapped = first.wrapped(counts)
    redo = {number: _measured(counts, refs, chosen[number], document.sections[number])
            for number, refs in enumerate(words) if wrapped.intersection(ref for ref in refs if ref is not None)}
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    variable_pdf = laid_out.write_pdf(pdf_identifier=identifier) if laid_out.pages else None
    del laid_out  # its boxes are left for the child's exit: collecting their cycles costs more than they weigh
    parts = _parts(document, prefix)
    waiting = frozenset(parts[number] for number in redo)
    sources = Sources()
    if variable_pdf is not None:
        sources.add(VARIABLE, variable_pdf)
    refs = [[None if ref is None else (VARIABLE, ref) for ref in section] for section in words]
    pages = _compose_parts(document, parts, chosen, refs, sources, lambda part: part not in waiting, write)
    if not waiting:
        return Draft(pages, waiting, {}, Document(document.head, document.tail), [], {}, None)
    variable = None
    if variable_pdf is not None:
        variable = scratch.with_suffix(".pdf")
        variable.write_bytes(variable_pdf)
    wanted = {document.key(document.sections[number], taken): document.sections[number]
              for number, taken in redo.items()}
    return Draft(pages, waiting, {key: section for key, section in wanted.items() if key not in layers},
                 Document(document.head, document.tail), words, redo, variable)


def finish_batch(html: str, base, roots, prefix: str, layers: dict[str, Layer], lines: dict[int, tuple[int, ...]],
                 draft: Draft, write: Callable[[str, bytes], None]) -> dict[str, int]:
    """Write the parts of a batch that waited, their wrapped sections' words laid out on layers of their lines."""
    document = split_document(html)
    chosen = [layers[document.key(section, draft.redo.get(number, lines.get(number)))]
              for number, section in enumerate(document.sections)]
    again = VariablePages(document)
    refs = [[None if ref is None else (VARIABLE, ref) for ref in section] for section in draft.words]
    for number in draft.redo:
        layer, section = chosen[number], document.sections[number]
        refs[number] = [_again(again.add(section, layer, page)) for page in range(layer.pages)]
    sources = Sources()
    if draft.variable is not None:
        sources.add(VARIABLE, draft.variable.read_bytes())
    if again.pages:
        sources.add(AGAIN, layout_document(again.html(), base, roots).write_pdf(
            pdf_identifier=hashlib.sha256(html.encode("utf-8")).hexdigest()[32:].encode("ascii")))
    return _compose_parts(document, _parts(document, prefix), chosen, refs, sources,
                          lambda part: part in draft.waiting, write)


def _again(number: int | None) -> tuple[str, int] | None:
    return None if number is None else (AGAIN, number)


def _parts(document: Document, prefix: str) -> list[str | None]:
    """Return the part each section belongs to (None before the first part's anchor)."""
    parts, current = [], None
    for section in document.sections:
        if section.anchor is not None and section.anchor.startswith(prefix):
            current = section.anchor[len(prefix):]
        parts.append(current)
    return parts


def base_layers(batches: Iterable[str]) -> Iterator[tuple[Document, list[Section]]]:
    """Yield, per stylesheet (head), a typical section of each static key the batches hold, in their order.

    The words are hidden on a static layer, only their room counts: each
    variable element is given the content of median length among the
    sections of its key, so that the layer takes the lines most sections'
    words take and fewest need a layer of their own (a long name wrapping).
    What is kept of the sections is a count per length: memory stays flat.
    """
    heads: dict[str, tuple[Document, dict[str, tuple[Section, list[dict[float, list]]]]]] = {}
    for html in batches:
        document = split_document(html)
        kept = heads.setdefault(document.head, (document, {}))[1]
        for section in document.sections:
            first, lengths = kept.setdefault(document.key(section), (section, [{} for _ in section.variables]))
            for counts, variable in zip(lengths, section.variables):
                counts.setdefault(text_measure(variable), [0, variable])[0] += 1
    for document, kept in heads.values():
        yield document, [replace(first, variables=tuple(_median(counts) for counts in lengths))
                         for first, lengths in kept.values()]


def _median(counts: dict[float, list]) -> Variable:
    """Return the variable element of median length among those counted by length ([count, an element])."""
    middle, seen = sum(count for count, _ in counts.values()) // 2, 0
    for length in sorted(counts):
        seen += counts[length][0]
        if seen > middle:
            return counts[length][1]
    raise ValueError("no element counted")


def _measured(counts: dict[str, int], refs: list[int | None], layer: Layer, section: Section) -> tuple[int, ...]:
    """Return the lines each variable element of a section took on the variable layer (an image: its slot's)."""
    lines = []
    for index, slot in enumerate(layer.slots):
        ref = refs[slot.page]
        lines.append(slot.lines if section.variables[index].image or ref is None
                     else counts.get(f"{ref}:{index}", slot.lines))
    return tuple(lines)


def _compose_parts(document: Document, parts: list[str | None], chosen: list[Layer],
                   words: list[list[tuple[str, int] | None]], sources: Sources, wanted: Callable[[str], bool],
                   write: Callable[[str, bytes], None]) -> dict[str, int]:
    """Write each wanted part's PDF, its pages composed of static layers, pages of words and QR codes; return
    their page counts."""
    pages: dict[str, list] = {}
    try:
        for section, part, layer, refs in zip(document.sections, parts, chosen, words):
            if part is None or not wanted(part):
                continue
            sources.add(layer.source, layer.pdf)
            for page in range(layer.pages):
                codes = [(QR_SOURCE.search(variable.attributes).group(1), slot.x, slot.y, slot.width)
                         for variable, slot in zip(section.variables, layer.slots)
                         if variable.image and slot.page == page]
                pages.setdefault(part, []).append((layer.source, layer.first + page, refs[page], codes))
        for part, composed in pages.items():
            write(part, compose(sources, composed, part))
        return {part: len(composed) for part, composed in pages.items()}
    finally:
        sources.close()
