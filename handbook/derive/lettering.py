"""The documents each household type brings, lettered: a project's documents in, each type's lettered list out.

The source letters every household type's documents A., B., C. ... and a
proxy's extras continue the letters (H. "委托人除须带以上A-G项所要求的资料外..."),
so staff at the venue can say "缺C项". The letters are made here once, and
every output prints these: the guide, the site's pages, the notices'
checklists and the printable "what to bring" pages. They are Latin capitals
in every language, as the source writes them. Example::

    family = lettered("family", project.documents.family)
    [(entry.letter, entry.name) for entry in family.items]  # [("A", "《收楼通知书》"), ("B", "房屋买卖合同"), ...]
    family.proxy_extras[0].letter  # "H": a proxy's extras continue after G
    family.span  # "A–G": the letters every household of the type brings
"""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_uppercase
from typing import Any, Iterable


@dataclass(frozen=True)
class LetteredItem:
    """One document to bring, with its letter: what the guide, the site and a notice print of it."""

    letter: str
    name: str
    original: bool
    copies: int
    purpose: str | None


@dataclass(frozen=True)
class LetteredDocuments:
    """One household type's documents, lettered in order, then a proxy's extras continuing the letters."""

    type: str  # the household type: family, company, parking, transfer, residential_tenant...
    items: tuple[LetteredItem, ...]
    proxy_extras: tuple[LetteredItem, ...]

    @property
    def slug(self) -> str:
        """Return the household type as addresses write it: residential-tenant."""
        return self.type.replace("_", "-")

    @property
    def span(self) -> str:
        """Return the letters every household of the type brings, e.g. A–G (a proxy brings these and the extras)."""
        return letter_span(self.items)

    @property
    def all(self) -> tuple[LetteredItem, ...]:
        """Return every document, a proxy's extras last: A to the last letter."""
        return self.items + self.proxy_extras


def letter(index: int) -> str:
    """Return the letter of the document at index: 0 is A, 25 is Z, then AA, AB... as spreadsheets name columns."""
    word = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(ascii_uppercase))
        word = ascii_uppercase[rest] + word
    return word


def letter_span(items: tuple[LetteredItem, ...]) -> str:
    """Return the letters of consecutive items as the source writes them: A–G, or the one letter of one item."""
    if not items:
        return ""
    first, last = items[0].letter, items[-1].letter
    return first if first == last else f"{first}–{last}"


def lettered(household_type: str, documents: Any) -> LetteredDocuments:
    """Return a household type's documents (a HouseholdDocuments, or its public view's) with their letters."""
    items = lettered_items(documents.items, start=0)
    extras = lettered_items(documents.proxy_extras, start=len(items))
    return LetteredDocuments(household_type, items, extras)


def lettered_items(items: Iterable[Any], start: int) -> tuple[LetteredItem, ...]:
    """Return documents with their letters, the first taking the letter at start."""
    return tuple(LetteredItem(letter(start + index), item.name, item.original, item.copies, item.purpose)
                 for index, item in enumerate(items))


def households(documents: Any) -> list[LetteredDocuments]:
    """Return the lettered documents of every household type a project lists (its Documents), in the data's order."""
    return [lettered(household_type, household) for household_type, household in documents if household]


def household(documents: Any, household_type: str) -> LetteredDocuments | None:
    """Return one household type's lettered documents, None when the project lists none for it."""
    found = getattr(documents, household_type, None)
    return lettered(household_type, found) if found else None
