"""Script conversion with OpenCC: Simplified text in, the edition's script (with regional phrases) out.

Phrase-level profiles (s2hk, s2twp), never character by character: 软件
becomes 軟件 in Hong Kong and 軟體 in Taiwan.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import opencc

from .languages import Language


@lru_cache(maxsize=None)
def _converter(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


def from_simplified(language: Language) -> Callable[[str], str] | None:
    """Return the function converting Simplified text to the language's script, or None when none is needed."""
    profile = language.opencc_from_simplified
    return _converter(profile).convert if profile else None


def to_simplified(text: str) -> str:
    """Return text in Simplified characters (to compare texts across scripts)."""
    return _converter("t2s").convert(text)
