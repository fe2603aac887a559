"""Fonts the print outputs use: a family name in, its file and the characters it can draw out.

WeasyPrint does not report a character missing from every font (it prints a
tofu box), so outputs check their text against the character maps here and
fail the build naming the character and where it occurs.

Fillable forms need a font for what the reader types: fill_in_font cuts the
family down to a region's everyday characters, once per machine (cached).
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools import subset
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


# A form field's font is embedded whole (WeasyPrint cannot know what will be typed): a whole Noto Sans CJK face is
# 16 MB in every PDF. A field font carries a region's everyday characters instead, about 1.5 MB: GB 2312 (its 6,763
# hanzi and its symbols) for Simplified, Big5's symbols and 5,401 common characters (常用字) for Traditional; with
# ASCII, Latin-1 and the CJK and full-width punctuation. Rarer characters are written by hand on the printed form.
REPERTOIRES = {"gb2312": (range(0xA1, 0xF8), range(0xA1, 0xFF)),
               "big5": (range(0xA1, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])}
_BESIDE = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2028), *range(0x3000, 0x3040),
           *range(0xFF01, 0xFF5F)]
FILL_IN_VERSION = "1"  # part of the cached file's name: change it when what fill_in_font makes changes


def repertoire(encoding: str) -> str:
    """Return the characters of a double-byte encoding's rows (REPERTOIRES), and the Latin and punctuation beside."""
    leads, trails = REPERTOIRES[encoding]
    found = []
    for lead in leads:
        for trail in trails:
            try:
                found.append(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                pass
    return "".join(map(chr, _BESIDE)) + "".join(found)


def fill_in_font(family: str, encoding: str, cache: Path) -> Path:
    """Return a font file of the family with a region's everyday characters, for form fields; made once, then cached.

    Cut in about ten seconds, once a process (builds of many repositories, as the tests make, share it) and kept
    in cache; the same bytes on every machine with the same font (no timestamps), written whole before it is
    named, so builds running side by side never read half a file.
    """
    path, index = font_file(family)
    stat = path.stat()
    key = hashlib.sha256(f"{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{encoding}|{FILL_IN_VERSION}".encode())
    found = cache / f"{family.replace(' ', '-')}.{encoding}.{key.hexdigest()[:12]}.otf"
    if found.is_file():
        return found
    cache.mkdir(parents=True, exist_ok=True)
    partial = found.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(_cut(path, index, encoding))
    os.replace(partial, found)
    return found


@lru_cache(maxsize=None)
def _cut(path: Path, index: int, encoding: str) -> bytes:
    """Return the font of a file (its index in a collection) cut down to an encoding's repertoire, as OpenType."""
    font = TTFont(str(path), fontNumber=index, lazy=True, recalcTimestamp=False)
    options = subset.Options(layout_features=[], hinting=False, notdef_outline=True, name_IDs=["*"],
                             drop_tables=[*subset.Options().drop_tables, "VORG", "vhea", "vmtx", "BASE"])
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=repertoire(encoding))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    font.close()
    return out.getvalue()
