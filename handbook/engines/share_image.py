"""Share images through Pillow: text measured in a font, and a picture (filled boxes, a photo, lines of text) as PNG.

The owner site's share card (og:image) is laid out by outputs/share.py from
the measures here and drawn here; nothing else of the package calls Pillow
for it. The same picture gives the same bytes: Pillow writes no time or
software name into a PNG, and text is laid out by FreeType alone (Pillow's
basic layout, not Raqm's, whose version would change the shapes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

Font = tuple[Path, int]  # a font file and its face's index in a collection (engines.fonts.font_file)
ASCENT = 0.98  # the baseline's depth in a line's box, in ems: CJK ideographs reach up to about 0.88 em above it
LINE = 1.25  # a line's box, in ems: room below the baseline for descenders (about 0.2 em)


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, from its top left corner."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def holds(self, other: Box) -> bool:
        """Return whether other lies wholly inside this box."""
        return self.x <= other.x and self.y <= other.y and other.right <= self.right and other.bottom <= self.bottom


@dataclass(frozen=True)
class TextLine:
    """One line of text, its box's top left corner at (x, y); the box is LINE ems high."""

    text: str
    font: Font
    size: int
    x: int
    y: int
    colour: str

    @property
    def box(self) -> Box:
        """Return the line's box: as wide as its text, LINE ems high."""
        return Box(self.x, self.y, round(text_width(self.font, self.size, self.text)), line_height(self.size))


@dataclass(frozen=True)
class Picture:
    """What to draw, in order: the background, filled boxes, a photo cropped to fill its box, then the text."""

    width: int
    height: int
    background: str  # #RRGGBB
    fills: tuple[tuple[Box, str], ...] = ()
    photo: tuple[Path, Box] | None = None
    lines: tuple[TextLine, ...] = ()


@lru_cache(maxsize=64)
def _face(font: Font, size: int) -> ImageFont.FreeTypeFont:
    path, index = font
    return ImageFont.truetype(str(path), size, index=index, layout_engine=ImageFont.Layout.BASIC)


def text_width(font: Font, size: int, text: str) -> float:
    """Return the width text set in a font at a size takes, in pixels: its advance, or its ink where wider.

    A glyph's ink may reach past its advance (a bold r at the end of a line): a line fitted by this width
    keeps its pixels inside too.
    """
    face = _face(font, size)
    left, _, right, _ = face.getbbox(text, anchor="ls") if text else (0, 0, 0, 0)
    return max(face.getlength(text), right) - min(0, left)


def line_height(size: int) -> int:
    """Return the height of a line's box for text of a size."""
    return round(size * LINE)


def ink_box(line: TextLine) -> Box:
    """Return the box of the pixels a line's glyphs actually cover (not its advance or line box)."""
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(
        _baseline(line), line.text, font=_face(line.font, line.size), anchor="ls")
    return Box(left, top, right - left, bottom - top)


def _baseline(line: TextLine) -> tuple[int, int]:
    return line.x, line.y + round(line.size * ASCENT)


def png(picture: Picture) -> bytes:
    """Return a picture drawn as an RGB PNG."""
    image = Image.new("RGB", (picture.width, picture.height), picture.background)
    draw = ImageDraw.Draw(image)
    for box, colour in picture.fills:
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=colour)
    if picture.photo:
        path, box = picture.photo
        with Image.open(path) as photo:
            cropped = ImageOps.fit(ImageOps.exif_transpose(photo).convert("RGB"), (box.width, box.height),
                                   method=Image.Resampling.LANCZOS)
        image.paste(cropped, (box.x, box.y))
    for line in picture.lines:
        draw.text(_baseline(line), line.text, fill=line.colour, font=_face(line.font, line.size), anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

