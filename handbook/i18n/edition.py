"""One language edition of a project: its language, its catalogue, and how the data's text reads in it.

handbook.source.editions makes them; every output renders one (or, for
documents each owner reads in their own language, all of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from .languages import Language
from .messages import Catalogue


@dataclass(frozen=True)
class Edition:
    """One language edition of a project (handbook.source.editions makes them)."""

    language: Language
    primary: bool
    messages: Catalogue
    source: Language | None = None  # the primary language, the data's and project pages' (None: this one)
    # names a conversion does not convert: (written form, the form this edition prints) pairs, from keep_as_written
    names: tuple[tuple[str, str], ...] = ()
    text: Callable[[str], str | None] | None = None  # the data's text -> this edition's (None: as written)

    @property
    def keep(self) -> Mapping[str, str]:
        """Return the names a conversion does not convert: each written form -> the form this edition prints."""
        return dict(self.names)

    @property
    def translated(self) -> bool:
        """Return whether this edition is a translation (its pages are written apart, never converted)."""
        return self.text is not None and "Latn" in (self.language.script, self.written_in.script)

    @property
    def written_in(self) -> Language:
        """Return the language the project's data and pages are written in."""
        return self.source or self.language

    @property
    def tag(self) -> str:
        return self.language.tag

    @property
    def site_prefix(self) -> str:
        """Return the edition's folder inside the site: '' for the primary language, else '<tag>/'."""
        return "" if self.primary else f"{self.tag}/"
