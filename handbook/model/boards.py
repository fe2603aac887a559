"""Display boards (展板, §4(2)5): which boards a project prints, their size, background and print options."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Id, Int, Model, RelPath, Text

BoardKind = Literal["company_intro", "move_in_process", "decoration_process", "fee_guide", "sample_form"]
# Common sizes in mm (width x height, portrait): a standing board and a roll-up banner.
BOARD_FORMATS: dict[str, tuple[int, int]] = {"board": (900, 1200), "rollup": (800, 2000)}


class SafeZone(Model):
    """Distances from the trimmed edge, in mm, inside which the text and codes of a board stay."""

    top: Int = Field(ge=0, le=500)
    """From the top edge (a roll-up's clamp)."""
    bottom: Int = Field(ge=0, le=500)
    """From the bottom edge (a roll-up's base)."""
    sides: Int = Field(ge=0, le=500)
    """From the left and right edges."""


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
    """A real photo of the project inside the project folder, shown in a band under the heading; when left out, the project's photo marked for boards."""
    photo: bool = True
    """Show a photo; false prints the flat house colour instead."""
    accept_low_resolution: bool = False
    """Print the photo even below 100 ppi at the board's size (the print shop's job ticket says so)."""
    safe_zone: SafeZone | None = None
    """Margins in mm that text and codes keep clear of: a stand's clamp and base, the mount's frame; the format's standard ones when left out."""
    crop_marks: bool = True
    """Print crop and registration marks outside the bleed (turn off when the print shop adds its own)."""
    quantity: Int = Field(default=1, ge=1, le=999)
    """How many to print of each edition (the print shop's job ticket)."""
    material: Text | None = None
    """Material and stand, as ordered from the print shop (e.g. 5 mm foam board, matte film); the format's usual one when left out."""
