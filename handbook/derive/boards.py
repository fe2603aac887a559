"""Which display boards a project prints, and what each is called and measures: the project in, its boards out."""

from __future__ import annotations

from ..errors import BuildFailed, Said
from ..i18n.messages import Catalogue
from ..model.boards import BOARD_FORMATS, Board

DEFAULT_KINDS = ("company_intro", "move_in_process", "decoration_process", "fee_guide", "sample_form")
# The owner-site page (content/owner/) each kind of board's QR code opens, in the board's own edition: the page
# about what the board shows. A kind not listed prints no code (the sample form shows how to fill in a card).
QR_PAGES: dict[str, str] = {"company_intro": "index.md", "move_in_process": "move-in.md",
                            "decoration_process": "decoration.md", "fee_guide": "fees.md"}


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
