"""One error type with a place, and how a run's errors are printed.

Editors read these: every error names the file, line and column, the field
path (item numbers counted from 1, as editors count) and, in the project's
language, what was expected and what was found.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str | Said  # a Said is worded in the reader's language when printed

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"


class Said:
    """A message worded when it is printed, in the reader's language: a catalogue key and its parameters.

    Engines and outputs do not know who reads their errors; the command line
    words them in the project's language. A parameter may itself be a Said
    (worded first) or a list of them (worded and joined with the language's
    list separator).
    """

    def __init__(self, key: str, /, **params: Any):
        self.key = key
        self.params = params

    def words(self, messages: Callable[..., str]) -> str:
        """Return the message in the words of a catalogue (a handbook.i18n.messages.Catalogue)."""
        def word(value: Any) -> Any:
            if isinstance(value, Said):
                return value.words(messages)
            if isinstance(value, (list, tuple)):
                return messages("punct.list").join(str(word(item)) for item in value)
            return value

        return messages(self.key, **{name: word(value) for name, value in self.params.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.params!r})"

    def __str__(self) -> str:  # for logs and tracebacks; users read words(), in their language
        from .i18n.languages import DEFAULT_LANGUAGE
        from .i18n.messages import catalogue

        return self.words(catalogue(DEFAULT_LANGUAGE))


Entry = Problem | Said | str


class HandbookError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback and exits 1."""

    def __init__(self, problems: Entry | Sequence[Entry]):
        if isinstance(problems, (Problem, Said, str)):
            problems = [problems]
        self.problems: list[Entry] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # keep the problems (not only their text) when a forked child sends an error back
        return (self.__class__, (self.problems,))

    def lines(self, messages: Callable[..., str]) -> list[str]:
        """Return the problems as the lines to print, Said messages worded by a catalogue."""
        def line(problem: Entry) -> str:
            if isinstance(problem, Said):
                return problem.words(messages)
            if isinstance(problem, Problem) and isinstance(problem.message, Said):
                return str(replace(problem, message=problem.message.words(messages)))
            return str(problem)

        return [line(problem) for problem in self.problems]


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
