"""Render print HTML to PDF with WeasyPrint: HTML text in, a deterministic, strict, tagged PDF out.

Print artwork (display boards) takes the longer way: layout_document, a look
at the laid-out boxes (marked_boxes) to prove everything fits, write_document,
then split_pages into one file per page and preview_pngs of its pages.

Every WeasyPrint call of the package is here. Rendering is strict: anything
WeasyPrint logs as a problem (a missing image, CSS it ignores) fails the
build. Resources load only through FolderFetcher, which serves files inside
the folders it is given and refuses everything else. The PDF identifier and
dates come from the input, never the clock, so the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import mimetypes
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import pydyf
import pypdf
import pypdfium2 as pdfium
import weasyprint
from PIL import Image
from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox, TextBox
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import BuildFailed, Said
from .logs import collect_warnings
from .pdf_streams import install as write_each_stream_once
from .qr import SCHEME, trace_svg

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
write_each_stream_once()


class FetchRefused(FatalURLFetchingError):
    """A resource outside the allowed folders, or on another host; `said` is the message for the user."""

    def __init__(self, said: Said):
        super().__init__(str(said))
        self.said = said


class FolderFetcher(URLFetcher):
    """Serve file: URLs inside the allowed folders; refuse http(s), other files and `..` escapes."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data", "qr"})
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if url.startswith(SCHEME):
            return URLFetcherResponse(url, trace_svg(url), {"Content-Type": "image/svg+xml"})
        if parts.scheme != "file":
            raise FetchRefused(Said("refusal.fetch_remote", url=url))
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(Said("refusal.fetch_outside", path=str(path)))
        if not path.is_file():
            raise FetchRefused(Said("refusal.fetch_missing", path=str(path)))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def _strict():
    """Collect what WeasyPrint logs as a problem while rendering."""
    return collect_warnings("weasyprint")


# Warnings that mean a system library is missing, not a problem of the input: (message key, Debian package).
MISSING_LIBRARIES = {
    "Using fontTools instead of HarfBuzz-Subset": ("doctor.no_harfbuzz_subset", "libharfbuzz-subset0"),
}


def reported(messages: list[str]) -> BuildFailed:
    """Return the failure for what WeasyPrint logged; a missing system library is named by the package to install."""
    known = {start: found for start, found in MISSING_LIBRARIES.items() if any(m.startswith(start) for m in messages)}
    rest = [m for m in messages if not any(m.startswith(start) for start in known)]
    lines: list = [Said("doctor.install", problem=Said(key), package=package) for key, package in known.values()]
    return BuildFailed(lines + ([Said("refusal.weasyprint")] + rest if rest else []))


def render_pdf(html: str, base: Path, roots: list[Path], variant: str | None = "pdf/ua-1",
               stylesheets: list[str] | None = None, forms: bool = False,
               revise: Callable[[list[PageContent]], str | None] | None = None) -> bytes:
    """Return the PDF of an HTML document whose relative URLs resolve against base.

    With forms, its <input>, <textarea> and <select> elements become fillable fields (AcroForm), each named by its
    name attribute and described by its title (what a screen reader says); tagged, they fit PDF/UA-1.
    With revise, the laid-out pages (page_contents, by the data-part attribute) are shown to it first: the HTML it
    returns is laid out instead (once), None keeps the first layout.
    """
    options = {"pdf_identifier": hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii"),
               "pdf_variant": variant, "pdf_tags": True, "pdf_forms": forms, "uncompressed_pdf": False}
    with _strict() as problems:
        try:
            css = [weasyprint.CSS(string=text) for text in stylesheets or []]

            def lay_out(text: str) -> weasyprint.Document:
                return weasyprint.HTML(string=text, base_url=str(base.resolve()) + "/",
                                       url_fetcher=FolderFetcher(roots)).render(stylesheets=css, **options)

            document = lay_out(html)
            revised = revise(page_contents(document, PART)) if revise else None
            if revised is not None:
                document = lay_out(revised)
            pdf = document.write_pdf(finisher=_appearances_as_drawn if forms else None, **options)
        except FetchRefused as exc:
            raise BuildFailed(exc.said) from None
    if problems.messages:
        raise reported(problems.messages)
    return pdf


PART = "data-part"  # the attribute naming the part of a document an element begins (a section of the guide)


@dataclass(frozen=True)
class PageContent:
    """What a laid-out page holds: how far down its content reaches, and the parts it shows."""

    filled: float  # share of the page's text area down to its lowest text or image, 0 to 1
    parts: tuple[str, ...]  # the data-part values of what it shows, in order (running heads belong to none)


def page_contents(document: weasyprint.Document, attribute: str = PART) -> list[PageContent]:
    """Return, page by page, how full it is and which parts (elements carrying attribute) it shows."""
    pages = []
    for page in document.pages:
        box = page._page_box  # noqa: SLF001 -- the box tree is what layout produced
        found: list[DrawnBox] = []
        _collect_drawn(box, attribute, None, found)
        shown = [drawn for drawn in found if drawn.label is not None]
        top = box.content_box_y()
        bottom = max((drawn.y + drawn.height for drawn in shown), default=top)
        pages.append(PageContent(min(1.0, (bottom - top) / box.height), tuple(dict.fromkeys(d.label for d in shown))))
    return pages


def _appearances_as_drawn(document, pdf: pydyf.PDF) -> None:
    """Let viewers show the fields as WeasyPrint drew them: a ticked box its tick, an empty field nothing.

    WeasyPrint asks viewers to redraw every field (NeedAppearances), and a viewer that does (poppler's: Evince,
    Okular) draws a ticked checkbox without a caption empty. A field typed into is drawn by the viewer anyway.
    """
    pdf.catalog["AcroForm"]["NeedAppearances"] = "false"


def iso_date(day: dt.date) -> str:
    """Return a date as the PDF metadata in the HTML head wants it (dcterms.created / modified)."""
    return day.isoformat()


# Print artwork (display boards): lay out once, check the layout, write once, split into one file per page.
# Boards of one project share a document, so the CJK font is subset once for all of them (#7).

@dataclass(frozen=True)
class MarkedBox:
    """The laid-out box of an element carrying a marker attribute: its value and border box in CSS px."""

    value: str
    x: float
    y: float
    width: float
    height: float
    lines: int  # line boxes directly inside (text wrapped into this many lines)
    element: Any  # the element, for its other attributes


def layout_document(html: str, base: Path, roots: list[Path]) -> weasyprint.Document:
    """Return the laid-out pages of an HTML document (strict and confined like render_pdf)."""
    with _strict() as problems:
        try:
            document = weasyprint.HTML(string=html, base_url=str(base.resolve()) + "/",
                                       url_fetcher=FolderFetcher(roots)).render()
        except FetchRefused as exc:
            raise BuildFailed(exc.said) from None
    if problems.messages:
        raise reported(problems.messages)
    return document


def marked_boxes(document: weasyprint.Document, attribute: str, reach: bool = False) -> list[list[MarkedBox]]:
    """Return, page by page, the boxes of elements that carry attribute (one per element and page).

    With reach, each box's width runs as far right as anything inside it does: text that cannot break (a date
    kept on one line) runs past its box without widening it, and a fit check must see where it ends.
    """
    pages = []
    for page in document.pages:
        found: dict[int, MarkedBox] = {}
        _collect(page._page_box, attribute, found, reach)  # noqa: SLF001 -- the box tree is what layout produced
        pages.append(list(found.values()))
    return pages


def _collect(box, attribute: str, found: dict, reach: bool) -> None:
    element = getattr(box, "element", None)
    value = element.get(attribute) if element is not None and getattr(box, "element_tag", None) else None
    # An element gives several nested boxes (block, line, inline): keep the outermost, the first met.
    if value is not None and id(element) not in found:
        lines = sum(1 for child in getattr(box, "children", ()) if isinstance(child, LineBox))
        x, width = box.border_box_x(), box.border_width()
        if reach:
            width = max(width, _right_edge(box) - x)
        found[id(element)] = MarkedBox(value, x, box.border_box_y(), width, box.border_height(), lines, element)
    for child in getattr(box, "children", ()):
        _collect(child, attribute, found, reach)


@dataclass(frozen=True)
class DrawnBox:
    """A piece of text or an image as laid out: where it is (CSS px), what it says, what marks it belongs to."""

    x: float
    y: float
    width: float
    height: float
    text: str  # the text, or the image's tag name
    label: str | None  # the value of the marker attribute of its nearest marked ancestor


def drawn_boxes(document: weasyprint.Document, attribute: str) -> list[list[DrawnBox]]:
    """Return, page by page, every text box with visible characters and every image (<img>, inline <svg>)."""
    pages = []
    for page in document.pages:
        found: list[DrawnBox] = []
        _collect_drawn(page._page_box, attribute, None, found)  # noqa: SLF001 -- the box tree is what layout produced
        pages.append(found)
    return pages


def _collect_drawn(box, attribute: str, label: str | None, found: list[DrawnBox]) -> None:
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get(attribute) is not None:
        label = element.get(attribute)
    if isinstance(box, TextBox) and box.text.strip():
        found.append(DrawnBox(box.position_x, box.position_y, box.width, box.height, box.text.strip(), label))
    elif isinstance(box, ReplacedBox):
        found.append(DrawnBox(box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height(),
                              f"<{box.element_tag}>", label))
    for child in getattr(box, "children", ()):
        _collect_drawn(child, attribute, label, found)


def _right_edge(box) -> float:
    """Return the rightmost edge of a box and everything laid out inside it."""
    right = box.position_x + box.margin_width()
    for child in getattr(box, "children", ()):
        right = max(right, _right_edge(child))
    return right


def write_document(document: weasyprint.Document, identifier: str, variant: str | None = None) -> bytes:
    """Return the PDF of laid-out pages, untagged (print artwork); variant e.g. "pdf/x-4"."""
    with _strict() as problems:
        pdf = document.write_pdf(pdf_identifier=hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32]
                                 .encode("ascii"), pdf_variant=variant, pdf_tags=False, uncompressed_pdf=False)
    if problems.messages:
        raise reported(problems.messages)
    return pdf


@dataclass(frozen=True)
class PrintCondition:
    """What a PDF/X file's output intent names: the printing condition its CMYK colours are separated for."""

    identifier: str  # as registered at color.org, e.g. "CGATS TR 001" (SWOP)
    info: str  # the profile's own description


def split_pages(pdf: bytes, bleed_pt: float | None = None, condition: PrintCondition | None = None) -> list[bytes]:
    """Return one PDF per page, each with its own bookmarks only, the document's metadata, intents and shared fonts.

    With bleed_pt, each page's BleedBox is set that far outside its TrimBox (WeasyPrint puts it at most 10 pt out,
    wherever the bleed ends: with marks in a slug, the CSS bleed is wider than the print shop's). With condition,
    the output intent names it (WeasyPrint names it after the CSS colour profile).
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    bookmarks = _bookmarks(reader, reader.outline)
    base = _without_outline(pdf)
    files = []
    for keep in range(count):
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(base))  # copies what the catalogue reaches, nothing else
        writer.pdf_header = pdf[:pdf.index(b"\n")]  # keep the version (PDF/X-4 needs 1.6), not pypdf's 1.3
        for index in reversed(range(count)):
            if index != keep:
                writer.remove_page(index)
        _add_bookmarks(writer, [b for b in bookmarks if b.page == keep], None)
        if bleed_pt is not None:
            _set_bleed_box(writer.pages[0], bleed_pt)
            if "/ArtBox" in writer.pages[0]:  # PDF/X: a page has a TrimBox or an ArtBox, never both
                del writer.pages[0]["/ArtBox"]
        if condition is not None:
            _name_output_intent(writer, condition)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        _identify(writer, keep)
        out = io.BytesIO()
        writer.write(out)
        files.append(out.getvalue())
    return files


def _without_outline(pdf: bytes) -> bytes:
    """Return a document without its bookmarks, which point at every page: each file gets its own (_add_bookmarks).

    Dropped from the catalogue, the old items still reach each other (and the pages) in a file pypdf writes;
    a file cloned from this one copies only what its catalogue reaches.
    """
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.root_object.pop("/Outlines", None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int
    top: float | None
    children: tuple[Bookmark, ...]


def _bookmarks(reader: pypdf.PdfReader, outline: list) -> list[Bookmark]:
    """Return an outline as bookmarks with page numbers (pypdf lists an item's children right after it)."""
    result: list[Bookmark] = []
    for item in outline:
        if isinstance(item, list):
            if result:
                last = result.pop()
                result.append(Bookmark(last.title, last.page, last.top, tuple(_bookmarks(reader, item))))
            continue
        top = item.get("/Top")
        result.append(Bookmark(str(item.title), reader.get_destination_page_number(item),
                               float(top) if isinstance(top, (int, float)) else None, ()))
    return result


def _add_bookmarks(writer: pypdf.PdfWriter, bookmarks: list[Bookmark], parent) -> None:
    """Add bookmarks to a one-page file, each pointing at its place on the page; children that moved away are left out."""
    for bookmark in bookmarks:
        item = writer.add_outline_item(title=bookmark.title, page_number=0, parent=parent, fit=pypdf.generic.Fit.xyz(top=bookmark.top))
        _add_bookmarks(writer, [child for child in bookmark.children if child.page == bookmark.page], item)


def _set_bleed_box(page, bleed_pt: float) -> None:
    left, bottom, right, top = (float(v) for v in page.trimbox)
    page.bleedbox = pypdf.generic.RectangleObject([left - bleed_pt, bottom - bleed_pt, right + bleed_pt,
                                                   top + bleed_pt])


def _name_output_intent(writer: pypdf.PdfWriter, condition: PrintCondition) -> None:
    for intent in writer.root_object.get("/OutputIntents", []):
        intent = intent.get_object()
        intent[pypdf.generic.NameObject("/OutputConditionIdentifier")] = pypdf.generic.TextStringObject(
            condition.identifier)
        intent[pypdf.generic.NameObject("/RegistryName")] = pypdf.generic.TextStringObject("http://www.color.org")
        intent[pypdf.generic.NameObject("/Info")] = pypdf.generic.TextStringObject(condition.info)


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _identify(writer: pypdf.PdfWriter, index: int) -> None:
    """Give a split file its own identifiers, derived from its page so that builds stay reproducible.

    WeasyPrint writes a random uuid4 as the XMP DocumentID of PDF/X-4 files,
    and every split file would otherwise share the document's /ID.
    """
    digest = hashlib.sha256(writer.pages[0].get_contents().get_data() + str(index).encode()).digest()
    writer._ID = pypdf.generic.ArrayObject([pypdf.generic.ByteStringObject(digest[:16])] * 2)  # noqa: SLF001
    metadata = writer.root_object.get("/Metadata")
    if metadata is not None:
        stream = metadata.get_object()
        document_id = b"xmp.did:" + str(uuid.UUID(bytes=digest[16:32], version=4)).encode()
        stream.set_data(_XMP_DOCUMENT_ID.sub(document_id, stream.get_data()))


def preview_pngs(pdf: bytes, widths: tuple[int, ...]) -> list[list[bytes]]:
    """Return PNGs of each page's trim box (a board as it is cut), one per width in pixels, in 256 colours.

    Boards are flat colour, type and one photo: a 256-colour palette keeps them
    readable in a quarter of the bytes of full colour (owners load previews on
    phones) and encodes in half the time. The pages of one document share its
    fonts, which PDFium reads once for all of them.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        return [[_preview(document[index], width) for width in widths] for index in range(len(document))]
    finally:
        document.close()


def _preview(page, width_px: int) -> bytes:
    media, trim = page.get_mediabox(), page.get_trimbox()
    crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
    # PDFium truncates the bitmap's size: half a pixel more in both directions gives the whole width and height,
    # cut off here, so a page shows the preview at its exact size without resampling.
    # Photos are scaled down without smoothing: a third of the render's time, unseen at preview size.
    trim_width, trim_height = trim[2] - trim[0], trim[3] - trim[1]
    height_px = round(width_px * trim_height / trim_width)
    scale = max((width_px + 0.5) / trim_width, (height_px + 0.5) / trim_height)
    image = page.render(scale=scale, crop=crop, no_smoothimage=True).to_pil()
    image = image.crop((0, 0, width_px, height_px))
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


def page_count(path: Path) -> int:
    """Return how many pages a PDF file has."""
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    """Return the text of every page of a PDF (pdfium in-process: a pdftotext run per file cost seconds)."""
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        document.close()


def field_values(path: Path) -> list[str]:
    """Return what is filled in a PDF's form fields (typed text, a ticked box's state); none for a PDF without fields.

    Page text (pdf_text) does not hold them: a field's value lives in the form, not on the page.
    """
    fields = pypdf.PdfReader(path).get_fields() or {}
    return [str(value) for value in (field.get("/V") for field in fields.values()) if value not in (None, "", "/Off")]
