"""Fonts the print outputs use: a family name in, its file and the characters it can draw out.

WeasyPrint does not report a character missing from every font (it prints a
tofu box), so outputs check their text against the character maps here and
fail the build naming the character and where it occurs.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from ..errors import BuildFailed, Said


@lru_cache(maxsize=None)
def font_file(family: str) -> tuple[Path, int]:
    """Return the file and collection index fontconfig picks for a family; fail if it is not installed."""
    result = subprocess.run(["fc-match", "--format=%{family}|%{file}|%{index}", family],
                            capture_output=True, text=True, check=False)
    found, path, index = (result.stdout.split("|") + ["", "", "0"])[:3]
    if result.returncode != 0 or family.split(":")[0] not in found.split(","):
        missing = Said("doctor.no_font", family=family)
        raise BuildFailed(Said("doctor.install", problem=missing, package="fonts-noto-cjk"))
    return Path(path), int(index or 0)


@lru_cache(maxsize=None)
def characters(family: str) -> frozenset[int]:
    """Return the code points a font family has glyphs for."""
    path, index = font_file(family)
    if path.suffix.lower() in (".ttc", ".otc"):
        collection = TTCollection(str(path), lazy=True)
        try:
            return frozenset(collection.fonts[index].getBestCmap())
        finally:
            collection.close()
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing(text: str, families: list[str]) -> list[str]:
    """Return the characters of text that none of the families can draw (white space and controls aside)."""
    available = [characters(family) for family in families]
    # Each distinct character once, in order of appearance: a chunk of notices is half a million characters.
    return [char for char in dict.fromkeys(text)
            if not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")
            and not any(ord(char) in chars for chars in available)]


def describe(char: str) -> str:
    """Return a character as editors can find it: the character and its code point."""
    return f"{char} (U+{ord(char):04X})"


def undrawable(view_data: object, html_text: str, families: list[str]) -> list[Said]:
    """Return a line per character no family can draw: in which field of the data, else near which text."""
    problems: list[Said] = []
    seen: set[str] = set()
    for path, text in _strings(view_data, ""):
        for char in missing(text, families):
            if char not in seen:
                seen.add(char)
                problems.append(Said("refusal.glyph_in_field", char=describe(char), field=path))
    for char in missing(html_text, families):
        if char not in seen:
            seen.add(char)
            at = html_text.index(char)
            problems.append(Said("refusal.glyph_near", char=describe(char), text=html_text[max(0, at - 12):at + 12]))
    return problems


def _strings(value: object, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index + 1}]")
    elif isinstance(value, str):
        yield path, value
