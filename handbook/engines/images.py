"""Images through Pillow (what WeasyPrint decodes with): whether a file prints, its size, colour through a profile.

Print shops take CMYK: a colour or a photo is converted from sRGB through
the output profile here, the one place Pillow is called.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError


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


def image_size(path: Path) -> tuple[int, int]:
    """Return an image file's width and height in pixels (read from its header)."""
    with Image.open(path) as image:
        return image.size


def cmyk_colour(rgb: tuple[int, int, int], profile: Path) -> tuple[int, int, int, int]:
    """Return an sRGB colour's CMYK (0-255 each) through an output profile."""
    pixel = ImageCms.profileToProfile(Image.new("RGB", (1, 1), rgb), _srgb(), str(profile), outputMode="CMYK")
    return pixel.getpixel((0, 0))


def cmyk_jpeg(source: bytes, profile: Path, quality: int = 90) -> bytes:
    """Return a photo (any format Pillow reads) as a CMYK JPEG through an output profile."""
    with Image.open(io.BytesIO(source)) as image:
        converted = ImageCms.profileToProfile(image.convert("RGB"), _srgb(), str(profile), outputMode="CMYK")
    buffer = io.BytesIO()
    converted.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def profile_description(profile: Path) -> str:
    """Return an ICC profile's own description, e.g. Artifex CMYK SWOP Profile (raises OSError when not a profile)."""
    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(str(profile))).strip()


def profile_version(profile: Path) -> str:
    """Return an ICC profile's version (raises OSError when the file is not a profile)."""
    return str(ImageCms.ImageCmsProfile(str(profile)).profile.version)


@lru_cache(maxsize=1)
def _srgb():
    return ImageCms.createProfile("sRGB")
