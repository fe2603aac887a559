"""One error type with a place, and how a run's errors are printed.

Editors read these: every error names the file, line and column, the field
path (item numbers counted from 1, as editors count) and, in the project's
language, what was expected and what was found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"


class HandbookError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback and exits 1."""

    def __init__(self, problems: Problem | str | Sequence[Problem]):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: list[Problem | str] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProjectInvalid(HandbookError):
    """A project's data has one or more problems; all of them are listed."""


class BuildFailed(HandbookError):
    """An output could not be made from valid data (e.g. a missing font glyph)."""


def field_path(loc: Loc) -> str:
    """Return a field path as editors count it: contacts[1].phone for the first contact."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def relative_name(path: Path, root: Path | None = None) -> str:
    """Return the path relative to the working folder (or root) when it lies inside it."""
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems in file order, so an editor can fix them top to bottom."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.field))
