"""QR codes as images: a text (the site's URL, a form's trace code) in, an SVG or PNG data URI out."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=4096)
def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """Return an SVG data URI of text's QR code (error correction M), for an <img> sized by CSS."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=2, dark=dark, xmldecl=False, nl=False)


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
    return code.png_data_uri(scale=1, border=2, dark=dark)
