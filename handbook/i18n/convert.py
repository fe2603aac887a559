"""Script conversion with OpenCC: text in one Chinese edition's script in, another's out.

Phrase-level profiles, never character by character: 软件 becomes 軟件 in
Hong Kong and 軟體 in Taiwan, and Taiwan's 計程車 comes back as 出租车.
Traditional to Traditional of another region goes through Simplified, each
step phrase-level; then the edition's term table (terms.py) writes each
regional concept in the edition's own word (Hong Kong's 按金 as 押金 for the
mainland). Terms a project keeps as written (its own name, street and
company names) are shielded from conversion.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Mapping

import opencc

from .languages import Language
from .terms import EditionTerms, edition_terms

# Private-use characters pass through OpenCC untouched: each kept term is swapped for one while converting.
_SHIELD_BASE = 0xF0000


@lru_cache(maxsize=None)
def _converter(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


def profiles(source: Language, target: Language) -> list[str] | None:
    """Return the OpenCC profiles converting source's text to target's, in order; None when no conversion applies.

    Hong Kong and Macau write the same characters: no profile, but still a conversion (the term table's words).
    """
    if "Latn" in (source.script, target.script):
        return None  # between Chinese and English it takes a translator, not a converter
    if source.tag == target.tag:
        return None
    if source.script == "Hans":
        steps = [target.opencc_from_simplified]
    elif target.script == "Hans":
        steps = [source.opencc_to_simplified]
    elif source.cjk_face == target.cjk_face:
        steps = []  # Hong Kong and Macau write alike
    else:
        steps = [source.opencc_to_simplified, target.opencc_from_simplified]
    return [step for step in steps if step]


class Converter:
    """Convert text from one Chinese edition's script to another's, keeping the listed names as the edition writes them.

    keep lists names to keep as written, or maps each written form of a name to
    the edition's form of it (a name given per edition: 莲花花园 -> 蓮花花園).
    After OpenCC, the edition's term table (terms.yml) writes each listed concept in the edition's word.
    """

    def __init__(self, steps: list[str], keep: Iterable[str] | Mapping[str, str] = (),
                 terms: EditionTerms | None = None):
        self.steps = [_converter(step) for step in steps]
        self.terms = terms
        names = keep if isinstance(keep, Mapping) else {name: name for name in keep}
        self.names = {written: shown for written, shown in names.items() if written}
        self.keep = sorted(self.names, key=len, reverse=True)  # longest first
        self._pattern = re.compile("|".join(map(re.escape, self.keep))) if self.keep else None
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        done = self._cache.get(text)
        if done is None:
            done = self._cache[text] = self._convert(text)
        return done

    def _convert(self, text: str) -> str:
        if self._pattern:
            text = self._pattern.sub(lambda m: chr(_SHIELD_BASE + self.keep.index(m.group())), text)
        for step in self.steps:
            text = step.convert(text)
        if self.terms:
            text = self.terms.write(text)
        if self._pattern:
            text = re.sub("[\U000F0000-\U000FFFFD]", lambda m: self.names[self.keep[ord(m.group()) - _SHIELD_BASE]],
                          text)
        return text


def converter(source: Language, target: Language, keep: Iterable[str] | Mapping[str, str] = ()) -> Converter | None:
    """Return the converter from source's script to target's, or None when the text needs none (or a translator)."""
    steps = profiles(source, target)
    return None if steps is None else Converter(steps, keep, edition_terms(target.tag))


def from_simplified(language: Language) -> Callable[[str], str] | None:
    """Return the function converting Simplified text to the language's script, or None when none is needed."""
    profile = language.opencc_from_simplified
    return _converter(profile).convert if profile else None


def by_profile(profile: str) -> Callable[[str], str]:
    """Return OpenCC's conversion by one of its profiles (t2s, s2hk...), without keeping terms or phrases of our own."""
    return _converter(profile).convert


def to_simplified(text: str) -> str:
    """Return text in Simplified characters (to compare texts across scripts)."""
    return _converter("t2s").convert(text)
