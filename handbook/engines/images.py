"""Tell whether an image file can be printed: a path in, whether Pillow (what WeasyPrint decodes with) can read it."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError


def readable_image(path: Path) -> bool:
    """Return whether the file is an image the print outputs can decode (SVG is drawn, not decoded: always yes)."""
    if path.suffix.lower() == ".svg":
        return True
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):  # what Pillow raises for a bad file
        return False
    return True
