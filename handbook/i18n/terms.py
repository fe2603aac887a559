"""One word per domain concept for each Chinese edition: terms.yml in, a phrase layer and a consistency check out.

OpenCC converts scripts phrase by phrase, but it keeps each region's
vocabulary: Hong Kong's 按金 and 执修 come out of hk2s unchanged, and s2hk
writes 入夥 where Hong Kong writes 入伙. The term table names, for each
concept whose word differs between regions, the one form each edition uses.
`write` puts an edition's forms into converted text (after OpenCC), and
`foreign` finds any other form in a text the edition prints, for `check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml

TERMS_FILE = Path(__file__).with_name("terms.yml")
# zh-MO writes as zh-HK unless the table gives it a form of its own (its catalogue extends zh-HK's, too).
FALLBACK = {"zh-MO": "zh-HK"}


@dataclass(frozen=True)
class Concept:
    name: str
    forms: dict[str, str]  # language tag -> the word that edition prints
    variants: tuple[str, ...]
    exceptions: tuple[str, ...]  # longer words holding another form, meaning something else

    def form(self, tag: str) -> str | None:
        return self.forms.get(tag) or self.forms.get(FALLBACK.get(tag, ""))

    def others(self, tag: str) -> tuple[str, ...]:
        """Return the words an edition must not print for this concept: other editions' forms and the variants.

        Each also as the edition's script writes it: Hong Kong's 鎖匙 reaches a Simplified text as 锁匙.
        """
        own, script = self.form(tag), in_script(tag)
        words = (*self.forms.values(), *self.variants)
        return tuple(dict.fromkeys(form for word in words for form in (word, script(word)) if form != own))


@dataclass(frozen=True)
class ForeignWord:
    """A word of another region (or a variant) found in an edition's text."""

    word: str
    concept: str
    wanted: str  # the edition's own form


class EditionTerms:
    """The term table as one edition reads it: its own forms, and every other form it must not print."""

    def __init__(self, tag: str, concepts: tuple[Concept, ...]):
        self.tag = tag
        self.concepts = tuple(concept for concept in concepts if concept.form(tag))
        self._wanted = {word: concept for concept in self.concepts for word in concept.others(tag)}
        self._exceptions = sorted({e for concept in self.concepts for e in concept.exceptions}, key=len, reverse=True)
        words = sorted(self._wanted, key=len, reverse=True)  # longest first: 升降机 before a shorter form
        # An exception is matched (and kept) before any of the words it holds.
        self._pattern = re.compile("|".join(map(re.escape, [*self._exceptions, *words]))) if words else None

    def write(self, text: str) -> str:
        """Return text with every other region's form of a listed concept written as this edition's form."""
        if not self._pattern:
            return text
        return self._pattern.sub(self._replacement, text)

    def _replacement(self, match: re.Match[str]) -> str:
        word = match.group()
        concept = self._wanted.get(word)
        return concept.form(self.tag) if concept and word not in self._exceptions else word

    def foreign(self, text: str, allowed: tuple[str, ...] = ()) -> list[ForeignWord]:
        """Return the other forms a text holds, in order, outside the allowed words (kept as written)."""
        if not self._pattern:
            return []
        for word in allowed:
            text = text.replace(word, "\0")
        return [ForeignWord(match.group(), concept.name, concept.form(self.tag))
                for match in self._pattern.finditer(text)
                if match.group() not in self._exceptions and (concept := self._wanted.get(match.group()))]


def in_script(tag: str) -> Callable[[str], str]:
    """Return the function writing a word in an edition's script (OpenCC, phrase-level)."""
    from .convert import (
        by_profile,  # here, not at the top: convert.py applies this table
    )

    return by_profile({"zh-CN": "t2s", "zh-TW": "s2twp"}.get(tag, "s2hk"))


@lru_cache(maxsize=None)
def concepts(path: Path = TERMS_FILE) -> tuple[Concept, ...]:
    """Return the term table's concepts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Concept(name, dict(entry["forms"]), tuple(entry.get("variants", ())), tuple(entry.get("except", ())))
                 for name, entry in data.items())


@lru_cache(maxsize=None)
def edition_terms(tag: str) -> EditionTerms:
    """Return the term table for one edition (no concept for English: it has no regional forms here)."""
    return EditionTerms(tag, concepts())
