"""Which display boards a project prints: its own list, or one standard board of each kind."""

from __future__ import annotations

from ..model.boards import Board

DEFAULT_KINDS = ("company_intro", "move_in_process", "decoration_process", "fee_guide", "sample_form")


def project_boards(project) -> list[Board]:
    """Return the project's boards: its own list, else one standard board of each kind."""
    if project.boards is not None:
        return list(project.boards)
    kinds = [kind for kind in DEFAULT_KINDS
             if kind != "decoration_process" or project.processes.decoration is not None]
    return [Board(id=kind.replace("_", "-"), kind=kind) for kind in kinds]
