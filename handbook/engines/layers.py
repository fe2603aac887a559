"""Static layers: a document of like sections in, each section's page laid out once without its variable words out.

A template marks each element whose content varies from unit to unit with
`data-var`: a block (a div or p holding text), closed by `<!--var-->` right
after its end tag, or an img (a QR code), so that it is found without
parsing HTML (VAR_PATTERN). A section's *static key* is its HTML with those
contents blanked: sections alike but for their variable words share it. The
first section of a key is laid out alone with its variable elements hidden
(visibility: hidden keeps their room): its static layer, and the slots where
each variable element sits, how wide, in how many lines and in what style.
"""

from __future__ import annotations

import hashlib
import html as html_text
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from .pdf import layout_document

VAR = "data-var"
VAR_PATTERN = re.compile(r"<(\w+)([^>]*?) data-var>(.*?)</\1><!--var-->|<img([^>]*?) data-var([^>]*)>", re.S)
SECTION = re.compile(r"<section\b.*?</section>", re.S)
SECTION_ID = re.compile(r'\A(<section\b[^>]*?) id="([^"]*)"')
SLOT = "data-slot"
TAGS = re.compile(r"<[^>]*>")

HIDE_VARIABLES = "[data-var] { visibility: hidden; }\n"
# Margin boxes are drawn on the static layer, but a running head that may carry the unit (string()) on the variable one.
MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner", "right-top",
                "right-middle", "right-bottom", "bottom-right-corner", "bottom-right", "bottom-center",
                "bottom-left", "bottom-left-corner", "left-bottom", "left-middle", "left-top")
MARGIN_RULE = re.compile(r"@(" + "|".join(sorted(MARGIN_BOXES, key=len, reverse=True)) + r")\s*\{([^{}]*)\}")


def no_margin_boxes(boxes) -> str:
    """Return CSS that leaves these margin boxes empty on every page."""
    return "@page { " + " ".join(f"@{box} {{ content: none !important; }}" for box in sorted(boxes)) + " }\n"
# The text style a variable element's copy takes from the element as laid out (it is placed out of its context).
TEXT_STYLE = ("font_family", "font_size", "font_weight", "font_style", "font_stretch", "line_height", "color",
              "text_align_all", "text_indent", "white_space", "letter_spacing", "word_spacing", "text_transform",
              "word_break", "overflow_wrap", "hyphens", "font_variant_numeric", "font_feature_settings")


@dataclass(frozen=True)
class Variable:
    """A variable element of a section: its tag, attributes and content."""

    tag: str
    attributes: str  # as written, data-var left out
    content: str  # inner HTML; an img's is empty

    @property
    def image(self) -> bool:
        return self.tag == "img"


@dataclass(frozen=True)
class Section:
    """A section of a document: what it is without its variable content, and that content."""

    anchor: str | None  # the id it carries (a part's start), kept off the static key
    blank: str  # the section's HTML, its variable contents blanked and its id left out
    variables: tuple[Variable, ...]

    def html(self, anchor: str | None = None) -> str:
        """Return the section's HTML again, each variable element numbered (data-slot anchor:n) in order.

        anchor: the id it takes (a layer among others in one document), instead of its own (left out).
        """
        numbers = iter(range(len(self.variables)))

        def refill(match: re.Match) -> str:
            index = next(numbers)
            variable = self.variables[index]
            marks = f'{VAR} {SLOT}="{anchor or ""}:{index}"'
            if variable.image:
                return f"<img{variable.attributes} {marks}>"
            return f"<{variable.tag}{variable.attributes} {marks}>{variable.content}</{variable.tag}>"
        html = VAR_PATTERN.sub(refill, self.blank)
        return html if anchor is None else html.replace("<section", f'<section id="{anchor}"', 1)


@dataclass(frozen=True)
class Slot:
    """Where a variable element sits on its static layer (CSS px from the page's corner) and how it reads."""

    page: int  # the section's page it is on
    x: float
    y: float
    width: float
    height: float  # an image's; a text's follows from its lines
    lines: int  # line boxes its text took (an image: 0)
    style: str  # CSS declarations: its text style as laid out
    measure: float = 0.0  # text_measure of the words laid out (hidden) there


@dataclass(frozen=True)
class Layer:
    """A section's static layer: its pages with the variable content hidden, and its slots."""

    key: str
    source: str  # the PDF it is in (layers laid out together share one, and its fonts)
    pdf: bytes
    first: int  # its first page there
    pages: int
    origin: tuple[float, float]  # the page area's corner (CSS px): where the variable layer's pages start
    slots: tuple[Slot, ...]

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(slot.lines for slot in self.slots)


@dataclass
class Document:
    """A document of sections split for layering: its head (stylesheet), its sections in order and its tail."""

    head: str  # everything before the first section
    tail: str  # everything after the last
    sections: list[Section] = field(default_factory=list)

    @cached_property
    def running(self) -> set[str]:
        """Return the margin boxes that may show a unit's words (a running string): the variable layer draws them."""
        return {match.group(1) for match in MARGIN_RULE.finditer(self.head) if "string(" in match.group(2)}

    def key(self, section: Section, lines: tuple[int, ...] | None = None) -> str:
        """Return a section's static key: the head, its blanked HTML and the line counts of its variable elements.

        Without lines, the key of the first layer laid out for such sections (whatever their lines).
        """
        digest = hashlib.sha256(self.head.encode("utf-8") + b"\0" + section.blank.encode("utf-8"))
        if lines is not None:
            digest.update(repr(lines).encode("ascii"))
        return digest.hexdigest()[:32]

    def with_style(self, css: str, body: str) -> str:
        """Return a document of this head, css added last, and body."""
        head = self.head.replace("</head>", f"<style>{css}</style>\n</head>", 1)
        return f"{head}{body}{self.tail}"


def split_document(text: str) -> Document:
    """Return a document's head, tail and sections, each with its variable elements taken out."""
    sections = list(SECTION.finditer(text))
    if not sections:
        return Document(text, "")
    document = Document(text[:sections[0].start()], text[sections[-1].end():])
    for match in sections:
        html = match.group(0)
        anchor = None
        found = SECTION_ID.match(html)
        if found:
            anchor = html_text.unescape(found.group(2))
            html = found.group(1) + html[found.end():]
        variables = []

        def blank(var: re.Match) -> str:
            if var.group(1):
                variables.append(Variable(var.group(1), var.group(2), var.group(3)))
                return f"<{var.group(1)}{var.group(2)} data-var></{var.group(1)}><!--var-->"
            variables.append(Variable("img", var.group(4) + var.group(5), ""))
            return "<img data-var>"
        blanked = VAR_PATTERN.sub(blank, html)
        document.sections.append(Section(anchor, blanked, tuple(variables)))
    return document


def static_layers(document: Document, sections: list[Section], base, roots) -> list[Layer]:
    """Lay out sections in one document, their variable content hidden: each one's static pages and slots.

    Laid out together, they share one PDF and its font subsets: a packet
    printed on a dozen layers carries one copy of the typeface, not twelve.
    A layer's key is its section's with the line counts it laid out in: the
    same pages get the same key whichever unit's words were hidden.
    """
    css = HIDE_VARIABLES + (no_margin_boxes(document.running) if document.running else "")
    anchors = [f"hb-layer-{number}" for number in range(len(sections))]
    laid_out = layout_document(document.with_style(css, "".join(
        section.html(anchor) for section, anchor in zip(sections, anchors))), base, roots)
    starts: dict[str, int] = {}
    slots: dict[str, dict[int, Slot]] = {anchor: {} for anchor in anchors}
    for number, page in enumerate(laid_out.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
        root = page._page_box.children[0].style  # noqa: SLF001 -- positions are read off the laid-out box tree
        _find_slots(page._page_box, number, slots, root)  # noqa: SLF001
    ends = [starts[anchor] for anchor in anchors[1:]] + [len(laid_out.pages)]
    page_box = laid_out.pages[0]._page_box  # noqa: SLF001
    origin = (page_box.content_box_x(), page_box.content_box_y())
    keys, layers = [], []
    for section, anchor, end in zip(sections, anchors, ends):
        found = slots[anchor]
        if set(found) != set(range(len(section.variables))):
            raise ValueError(f"variable elements of {anchor} were not laid out (data-var on an inline?)")
        ordered = tuple(replace(found[index], page=found[index].page - starts[anchor],
                                measure=text_measure(section.variables[index])) for index in range(len(found)))
        keys.append(document.key(section, tuple(slot.lines for slot in ordered)))
        layers.append((starts[anchor], end - starts[anchor], ordered))
    source = hashlib.sha256("".join(keys).encode("ascii")).hexdigest()[:32]
    pdf = laid_out.write_pdf(pdf_identifier=source.encode("ascii"))
    return [Layer(key, source, pdf, first, pages, origin, ordered)
            for key, (first, pages, ordered) in zip(keys, layers)]


def _find_slots(box, page: int, found: dict[str, dict[int, Slot]], root) -> None:
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get(SLOT) is not None:
        anchor, index = element.get(SLOT).rsplit(":", 1)
        if int(index) not in found[anchor]:  # the outermost box of the element
            found[anchor][int(index)] = Slot(page, box.content_box_x(), box.content_box_y(), box.width, box.height,
                                             line_boxes(box), text_style(box.style, root))
        return
    for child in getattr(box, "children", ()):
        _find_slots(child, page, found, root)


def text_measure(variable: Variable) -> float:
    """Return roughly how wide a variable element's text is, in em: a wide (CJK) character 1, any other 0.6."""
    text = html_text.unescape(TAGS.sub("", variable.content))
    return sum(1.0 if unicodedata.east_asian_width(character) in "WF" else 0.6 for character in text)


def line_boxes(box) -> int:
    """Return the lines a block's text took."""
    return sum(1 for child in getattr(box, "children", ()) if type(child).__name__ == "LineBox")


def text_style(style, root) -> str:
    """Return CSS declarations for the text style a box was laid out with, where it is not the root's.

    Every property here is inherited: where the box's value is the root
    element's, its copy inherits it (fewer declarations, a faster cascade).
    """
    declarations = []
    for name in TEXT_STYLE:
        value = _css_value(name, style[name])
        if value != _css_value(name, root[name]):
            declarations.append(f"{'text-align' if name == 'text_align_all' else name.replace('_', '-')}: {value}")
    return "; ".join(declarations)


def _css_value(name: str, value) -> str:
    if name == "font_family":
        return ", ".join(f"'{family}'" for family in value)
    if name == "color":
        red, green, blue = value.to("srgb").coordinates
        return f"rgba({red * 255:.3f}, {green * 255:.3f}, {blue * 255:.3f}, {value.alpha})"
    if hasattr(value, "unit"):  # a Dimension
        return f"{value.value}{value.unit}"
    if name == "font_feature_settings" and not isinstance(value, str):
        return ", ".join(f"'{tag}' {number}" for tag, number in value)
    if name == "font_variant_numeric" and not isinstance(value, str):
        return " ".join(value)
    if isinstance(value, (int, float)) and name in ("font_size", "word_spacing", "letter_spacing", "text_indent"):
        return f"{value}px"
    return str(value)
