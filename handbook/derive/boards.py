"""Which display boards a project prints, and what each is called and measures: the project in, its boards out."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..engines.images import image_size
from ..errors import BuildFailed, Said
from ..i18n.messages import Catalogue
from ..model.boards import BOARD_FORMATS, Board, SafeZone

DEFAULT_KINDS = ("company_intro", "move_in_process", "decoration_process", "fee_guide", "sample_form")
# The owner-site page (content/owner/) each kind of board's QR code opens, in the board's own edition: the page
# about what the board shows. A kind not listed prints no code (the sample form shows how to fill in a card).
QR_PAGES: dict[str, str] = {"company_intro": "index.md", "move_in_process": "move-in.md",
                            "decoration_process": "decoration.md", "fee_guide": "fees.md"}


BLEED_MM = 3  # background colour and photos run this far past the trim, where the print shop cuts
SLUG_MM = 12  # white margin outside the bleed: crop and registration marks, never cut into the board
# Where text and codes stay clear of, in mm from the trimmed edge. A roll-up's top rail clamps about 30 mm and its
# base cassette hides about 100 mm (80 x 200 cm stands): 40 mm and 120 mm keep a margin past both; a mounted board
# (foam board on an easel, a frame) loses up to 10 mm to its frame or rounded corners, so 15 mm all round.
SAFE_ZONES: dict[str, SafeZone] = {
    "board": SafeZone(top=15, bottom=15, sides=15),
    "rollup": SafeZone(top=40, bottom=120, sides=20),
    "custom": SafeZone(top=15, bottom=15, sides=15),
}
# PDF/X needs an output intent: a CMYK printer profile. Debian ships no ISO Coated (FOGRA39) or Japan Color profile;
# libgs-common's is Ghostscript's SWOP one, which every RIP takes and converts to its own press condition. Building
# a FOGRA profile from characterisation data (argyll's colprof) would print an unofficial profile under an official
# name: the boards and the job ticket say SWOP, and a print shop that wants another condition re-separates.
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
PRINT_CONDITION = "CGATS TR 001"  # SWOP's characterisation, as registered at color.org
MIN_PPI = 100  # a photo's pixels per inch at the board's size: below it, large-format prints show the pixels
# Of a board's height, the photo band under the heading: the fee guide's body holds the whole fee schedule.
PHOTO_SHARE = {"tall": 0.13, "process": 0.07, "fee_guide": 0.05, "other": 0.15}


def project_boards(project) -> list[Board]:
    """Return the project's boards: its own list, else one standard board of each kind."""
    if project.boards is not None:
        return list(project.boards)
    kinds = [kind for kind in DEFAULT_KINDS
             if kind != "decoration_process" or project.processes.decoration is not None]
    return [Board(id=kind.replace("_", "-"), kind=kind) for kind in kinds]


def board_size(board: Board) -> tuple[int, int]:
    """Return a board's trim size in mm (width, height), orientation applied."""
    if board.format == "custom":
        if board.width_mm is None or board.height_mm is None:
            raise BuildFailed(Said("error.board_custom_size"))  # validation refuses it first (model.checks)
        width, height = board.width_mm, board.height_mm
    else:
        width, height = BOARD_FORMATS[board.format]
    return (max(width, height), min(width, height)) if board.orientation == "landscape" else (width, height)


def board_title(board: Board, project, messages: Catalogue) -> str:
    """Return a board's heading: its own title, else its kind's standard one, from the data where the data names it.

    The board prints it and the owner site's downloads page lists the board by it.
    """
    if board.title:
        return board.title
    processes = project.processes
    if board.kind == "move_in_process":
        return processes.move_in.name
    if board.kind == "decoration_process":
        if processes.decoration is None:
            raise BuildFailed(Said("error.board_no_decoration"))  # validation refuses it first (model.checks)
        return processes.decoration.name
    if board.kind == "sample_form":
        return messages("board.title.sample_form", form=owner_card_name(project, messages))
    return messages(f"board.title.{board.kind}")


def owner_card_name(project, messages: Catalogue) -> str:
    """Return the owner information card's name as the project's forms list calls it."""
    form = next((f for f in project.forms if f.id == "owner_card"), None)
    return form.name if form else messages("board.form.owner_card")


def safe_zone(board: Board) -> SafeZone:
    """Return the margins a board's text and codes keep clear of: its own, else its format's standard ones."""
    return board.safe_zone or SAFE_ZONES[board.format]


def board_shape(width_mm: float, height_mm: float) -> str:
    """Return tall (a roll-up), landscape or portrait: the layout of a board's body."""
    if height_mm >= 1.6 * width_mm:
        return "tall"
    return "landscape" if width_mm > height_mm else "portrait"


@dataclass(frozen=True)
class BoardPhoto:
    """The photo a board prints and where it comes from, for its resolution check and the job ticket."""

    file: str
    accepted_low: bool  # the editor accepts it below MIN_PPI
    source: tuple  # the field path that names it: the board's background, or the project photo's file


def board_photo(board: Board, index: int | None, project) -> BoardPhoto | None:
    """Return the photo a board prints: its own background, else the project's photo marked for boards, else none.

    index is the board's place in the project's boards list (None for a standard board the project does not list).
    """
    if not board.photo:
        return None
    if board.background:
        listed = next((p for p in project.photos if p.file == board.background), None)
        accepted = board.accept_low_resolution or bool(listed and listed.accept_low_resolution)
        return BoardPhoto(board.background, accepted, ("boards", index, "background"))
    for number, photo in enumerate(project.photos):
        if "board" in photo.use:
            return BoardPhoto(photo.file, board.accept_low_resolution or photo.accept_low_resolution,
                              ("photos", number, "file"))
    return None


def photo_band_mm(board: Board) -> tuple[float, float]:
    """Return the size in mm of the band a board's photo fills (cover), bleed included across."""
    width, height = board_size(board)
    shape = board_shape(width, height)
    key = "tall" if shape == "tall" else "process" if board.kind.endswith("_process") else \
        board.kind if board.kind in PHOTO_SHARE else "other"
    return width + 2 * BLEED_MM, round(height * PHOTO_SHARE[key])


def cover_ppi(pixels: tuple[int, int], area_mm: tuple[float, float]) -> float:
    """Return the resolution of an image scaled to cover an area (CSS background-size: cover), in pixels per inch."""
    return min(pixels[0] / (area_mm[0] / 25.4), pixels[1] / (area_mm[1] / 25.4))


def photo_ppi(find: Callable[[str], Path], board: Board, photo: BoardPhoto | None) -> float | None:
    """Return the pixels per inch a board's photo prints at in its band; None without one, for a drawing (SVG: sharp
    at any size) or a file that is not there (validation names it). find gives the file a name in the data stands for."""
    path = find(photo.file) if photo else None
    if path is None or not path.is_file() or path.suffix.lower() == ".svg":
        return None
    return cover_ppi(image_size(path), photo_band_mm(board))


def pixels_needed(pixels: tuple[int, int], area_mm: tuple[float, float], ppi: float = MIN_PPI) -> tuple[int, int]:
    """Return the least pixels, in the image's proportions, that cover an area at ppi."""
    width_in, height_in = area_mm[0] / 25.4, area_mm[1] / 25.4
    width = math.ceil(ppi * max(width_in, height_in * pixels[0] / pixels[1]))
    return width, math.ceil(width * pixels[1] / pixels[0])
