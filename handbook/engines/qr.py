"""QR codes as vector images: a text (the site's URL, a form's trace code) in, an SVG data URI out."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=4096)
def qr_data_uri(text: str, dark: str = "#000000") -> str:
    """Return an SVG data URI of text's QR code (error correction M), for an <img> sized by CSS."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=2, dark=dark, xmldecl=False, nl=False)
