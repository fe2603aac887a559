"""QR codes: a text (the site's URL, a form's trace code) in, an SVG or PNG data URI, a qr: URL or PDF paths out."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

import segno

SCHEME = "qr:"  # an <img src="qr:..."> is drawn from its text when laid out (engines/pdf.py FolderFetcher)
BORDER = 2  # quiet zone, in modules, around every code drawn here
# Trace codes are one per printed page, thousands a build: segno's choice of mask (scoring all eight) costs five
# times the rest of the code. Every reader reads every mask; the pages' codes use one (mask 0, the checkerboard).
TRACE_MASK = 0
DARK_RUN = re.compile(rb"\x01+")  # a run of dark modules in a row of segno's matrix


@lru_cache(maxsize=4096)
def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """Return an SVG data URI of text's QR code (error correction M), for an <img> sized by CSS."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=BORDER, dark=dark, xmldecl=False, nl=False)


@lru_cache(maxsize=64)
def qr_png_data_uri(text: str, dark: str = "#000000") -> str:
    """Return a PNG data URI of text's QR code, one pixel a module, for an <img> sized by CSS.

    For a code repeated on hundreds of pages of one document: WeasyPrint
    draws an SVG again on every page, but writes a raster image once and
    points every page at it. Style the <img> `image-rendering: pixelated`
    (PDF /Interpolate false): every module then prints as an exact square at
    any size, as sharp as the vector code.
    """
    code = segno.make(text, error="m", micro=False)
    return code.png_data_uri(scale=1, border=BORDER, dark=dark)


def qr_url(text: str) -> str:
    """Return a qr: URL of a page's trace code: made into its code where it is laid out, not where it is written."""
    return SCHEME + quote(text, safe="")


def url_text(url: str) -> str:
    return unquote(url[len(SCHEME):])


def trace_code(text: str) -> segno.QRCode:
    return segno.make(text, error="m", micro=False, mask=TRACE_MASK)


def trace_svg(url: str) -> bytes:
    """Return the SVG of a qr: URL's code, as qr_data_uri draws one."""
    return trace_code(url_text(url)).svg_inline(scale=1, border=BORDER, dark="#000000").encode("utf-8")


def trace_paths(url: str, x: float, y: float, size: float) -> bytes:
    """Return PDF operators drawing a qr: URL's code in a square of side size, its lower left corner at x, y.

    The same code as trace_svg, drawn as WeasyPrint draws that SVG: in
    module units scaled onto the square, each run of dark modules in a row a
    line one module thick. (Rectangles in page units render at 150 dpi with
    seams a decoder trips on.)
    """
    matrix = trace_code(url_text(url)).matrix
    module = size / (len(matrix) + 2 * BORDER)
    ops = [b"q %.6f 0 0 %.6f %.3f %.3f cm 0 0 0 RG 1 w 0 J" % (module, -module, x, y + size)]
    for row_number, row in enumerate(matrix):  # a row is a bytearray of 0 and 1 (dark)
        middle = row_number + BORDER + 0.5
        ops.extend(b"%d %.1f m %d %.1f l" % (run.start() + BORDER, middle, run.end() + BORDER, middle)
                   for run in DARK_RUN.finditer(row))
    ops.append(b"S Q")
    return b"\n".join(ops)
