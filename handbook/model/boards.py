"""Display boards (展板, §4(2)5): which boards a project prints, their size, background and print options."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Id, Int, Model, RelPath, Text

BoardKind = Literal["company_intro", "move_in_process", "decoration_process", "fee_guide", "sample_form"]
# Common sizes in mm (width x height, portrait): a standing board and a roll-up banner.
BOARD_FORMATS: dict[str, tuple[int, int]] = {"board": (900, 1200), "rollup": (800, 2000)}


class Board(Model):
    id: Id
    """Board id, unique among boards; names the files (boards/<id>.<lang>.pdf)."""
    kind: BoardKind
    """company_intro, move_in_process, decoration_process, fee_guide or sample_form."""
    title: Text | None = None
    """Heading on the board; the kind's standard title when left out."""
    format: Literal["board", "rollup", "custom"] = "board"
    """board (900 x 1200 mm), rollup (800 x 2000 mm) or custom (give width_mm and height_mm)."""
    width_mm: Int | None = Field(default=None, ge=200, le=3000)
    """Width in mm, for format custom."""
    height_mm: Int | None = Field(default=None, ge=200, le=3000)
    """Height in mm, for format custom."""
    orientation: Literal["portrait", "landscape"] = "portrait"
    """portrait, or landscape (width and height swapped)."""
    background: RelPath | None = None
    """A real photo of the project inside the project folder, under a light overlay that keeps text legible."""
    crop_marks: bool = True
    """Print crop marks outside the trim (turn off when the print shop adds its own)."""
    pdf_x: bool = False
    """Produce PDF/X (CMYK) for print shops that ask for it."""
