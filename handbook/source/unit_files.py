"""Decode a unit list: the bytes of a units.csv in, its text, delimiter and the encoding it was decided on out.

Excel saves "CSV" in the Windows code page: GB18030 on Simplified Chinese
Windows, Big5 (code page 950) on Traditional Chinese Windows in Hong Kong,
Macau and Taiwan; "CSV UTF-8" and "Unicode text" (UTF-16, tab separated) on
request. A Big5 file often decodes without error as GB18030 too, into other
characters (梁嘉欣 reads 辩古猋), so the encoding is decided by evidence,
never by a fallback order:

- a byte-order mark names UTF-8 or UTF-16; so does project.yml's
  `unit_list_encoding`;
- text that is valid UTF-8 is UTF-8: legacy double-byte text is valid UTF-8
  only by accident;
- otherwise each encoding that decodes the file is a candidate. A reading is
  plausible when most of its telling characters are Chinese characters
  frequent in names and addresses (GB2312 level 1 for Simplified; their
  Traditional forms, by OpenCC, for Traditional), not rare ones, private-use,
  control or replacement characters, kana, box drawing and the like. A
  plausible reading clearly ahead of the others decides; else the script of
  the project's languages decides (Big5 for zh-HK, zh-MO, zh-TW; GB18030 for
  zh-CN) when its reading is the likelier; else the file is refused with each
  reading and how to name the encoding.

Private-use characters that survive (a Hong Kong character read in the wrong
encoding, or typed with a private font) are refused cell by cell: no font
prints them.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..errors import Problem, ProjectInvalid
from ..i18n.convert import by_profile, to_simplified
from ..i18n.languages import LANGUAGES
from ..i18n.messages import Catalogue
from ..model.project import UnitListEncoding

# The names project.yml uses (unit_list_encoding) and the Python codec of each.
CODECS: dict[UnitListEncoding, str] = {
    "utf-8": "utf-8-sig", "utf-16": "utf-16", "gb18030": "gb18030",
    "big5": "big5", "cp950": "cp950", "big5-hkscs": "big5hkscs",
}
GUESSED: tuple[UnitListEncoding, ...] = ("utf-8", "gb18030", "big5", "cp950", "big5-hkscs")
BIG5_FAMILY = ("cp950", "big5-hkscs", "big5")  # one encoding with variants: cp950 is the table Windows writes
# Measured on 12,000 random lists of Hong Kong, Taiwan and mainland names saved in Big5 and GB18030, read
# for zh-HK, zh-TW, zh-CN and en projects: lists of 13 or more names all read right but 4 refused in 12,500;
# one name alone is refused 1 time in 5 and misread 1 time in 3,000 (rare characters read as common ones).
PLAUSIBLE = 0.75  # share of telling characters that are frequent in the script
CLEAR_LEAD = 0.2  # a plausible reading this far ahead of every other decides
BOTH = ("Hans", "Hant")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class UnitText:
    """A unit list's text, and how it was read."""

    text: str
    encoding: UnitListEncoding
    delimiter: str


def decode_unit_list(raw: bytes, name: str, messages: Catalogue, languages: Sequence[str] = ("zh-CN",),
                     named: UnitListEncoding | None = None) -> UnitText:
    """Return the text of a CSV unit list and its encoding; raise ProjectInvalid when it cannot be decided."""
    encoding = named or next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding:
        text = _decode(raw, encoding, name, messages, named=bool(named))
    else:
        text, encoding = _decide(raw, _scripts(languages), name, messages)
    return UnitText(text, encoding, _delimiter(text))


def private_use_problems(header: list[str], rows: list[tuple[int, list[object]]], name: str, messages: Catalogue,
                         encoding: str | None) -> list[Problem]:
    """Return a problem for every cell holding a private-use character (encoding None: a spreadsheet)."""
    # Big5 Hong Kong characters read as GB18030 land in its private-use rows; in UTF-8 or a
    # spreadsheet they were typed with a private font (EUDC) and no other computer has the glyph.
    hint = "hint.unit_private_use_encoding" if encoding in ("gb18030", "big5", "cp950") \
        else "hint.unit_private_use_typed"
    problems = []
    for line, values in rows:
        for column, value in enumerate(values):
            found = next((c for c in str(value or "") if _private(c)), None)
            if found:
                field = header[column] if column < len(header) else ""
                problems.append(Problem(name, line, column + 1, field, messages(
                    "error.unit_private_use", value=value, code=f"U+{ord(found):04X}", hint=messages(hint))))
    return problems


def _decode(raw: bytes, encoding: UnitListEncoding, name: str, messages: Catalogue, named: bool) -> str:
    try:
        return raw.decode(CODECS[encoding])
    except UnicodeDecodeError as exc:
        key = "error.unit_list_not_in_encoding" if named else "error.unit_list_unreadable"
        line = _line(raw, CODECS[encoding], exc.start)
        raise ProjectInvalid(Problem(name, line, None, "", messages(key, encoding=encoding))) from None


def _decide(raw: bytes, scripts: tuple[str, ...], name: str, messages: Catalogue) -> tuple[str, UnitListEncoding]:
    readings: dict[str, list[UnitListEncoding]] = {}  # text -> the encodings that read it so
    furthest = 0, "utf-8"
    for encoding in GUESSED:
        try:
            readings.setdefault(raw.decode(CODECS[encoding]), []).append(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, (exc.start, encoding))
    if not readings:
        line = _line(raw, CODECS[furthest[1]], furthest[0])
        raise ProjectInvalid(Problem(name, line, None, "", messages("error.unit_list_unreadable")))
    for text, encs in readings.items():
        if "utf-8" in encs:
            return text, "utf-8"  # a private-use character in it is refused cell by cell, with its place
    readings = _one_big5_reading(readings)
    text = _plausible_reading(list(readings), scripts)
    if text is None:
        likeliest = sorted(readings, key=lambda text: _plausibility(text, scripts), reverse=True)  # the example first
        raise ProjectInvalid(_ambiguous(likeliest, readings, name, messages))
    return text, readings[text][0]


def _plausible_reading(texts: list[str], scripts: tuple[str, ...]) -> str | None:
    """Return the reading the evidence decides on, or None when two or more remain plausible."""
    if len(texts) == 1:
        return texts[0]
    anywhere = {text: _plausibility(text, BOTH) for text in texts}
    best, runner_up = sorted(texts, key=anywhere.get, reverse=True)[:2]
    if anywhere[best] >= PLAUSIBLE and anywhere[best] - anywhere[runner_up] >= CLEAR_LEAD:
        return best
    # A Big5 name can read as plausible Simplified in GB18030 and the reverse: the project's script
    # settles it only when its reading is the likelier one, so a short list is refused, not garbled.
    plausible = [text for text in texts if anywhere[text] >= PLAUSIBLE]
    in_region = [text for text in plausible if _plausibility(text, scripts) >= PLAUSIBLE]
    if len(in_region) == 1 and all(_plausibility(in_region[0], scripts) > anywhere[other]
                                   for other in plausible if other != in_region[0]):
        return in_region[0]
    return None


def _one_big5_reading(readings: dict[str, list[UnitListEncoding]]) -> dict[str, list[UnitListEncoding]]:
    """Return the readings with the Big5 variants' differing readings (symbols only) reduced to one."""
    big5 = [text for text, encs in readings.items() if set(encs) <= set(BIG5_FAMILY)]
    if len(big5) < 2:
        return readings
    keep = min(big5, key=lambda text: min(BIG5_FAMILY.index(enc) for enc in readings[text]))
    return {text: encs for text, encs in readings.items() if text == keep or text not in big5}


def _ambiguous(texts: list[str], readings: dict[str, list[UnitListEncoding]], name: str,
               messages: Catalogue) -> Problem:
    """Return the refusal naming the possible encodings and the first cell they read differently."""
    delimiter = _delimiter(texts[0])
    tables = [[next(csv.reader([line], delimiter=delimiter), []) for line in text.splitlines()] for text in texts]
    header = tables[0][0] if tables[0] else []
    line, column = next(((i, j) for i, row in enumerate(tables[0]) for j in range(len(row))
                         if len({_cell(t, i, j) for t in tables}) > 1), (0, 0))
    encodings = [readings[text][0] for text in texts]
    shown = messages("punct.list").join(f"{enc}: {_cell(t, line, column)}" for enc, t in zip(encodings, tables))
    field = header[column] if column < len(header) else ""
    text = messages("error.unit_list_ambiguous", encodings=messages("punct.list").join(encodings), readings=shown,
                    example=encodings[0])
    return Problem(name, line + 1, column + 1, field, text)


def _cell(table: list[list[str]], line: int, column: int) -> str:
    row = table[line] if line < len(table) else []
    return row[column] if column < len(row) else ""


def _plausibility(text: str, scripts: tuple[str, ...]) -> float:
    """Return the share of telling characters that are frequent in the likelier of the scripts."""
    shares = []
    for script in scripts:
        frequent = _frequent(script)
        good = bad = 0
        for char in text:
            if _neutral(char):
                continue
            if char in frequent or unicodedata.name(char, "").startswith("LATIN"):  # é in Chloé
                good += 1
            else:
                bad += 1  # rare Han, kana, box drawing, private use: one Chinese encoding's bytes read in another
        shares.append((good + 1) / (good + bad + 2))  # one of each beforehand: a name or two is weak evidence
    return max(shares)


@lru_cache(maxsize=None)
def _frequent(script: str) -> frozenset[str]:
    """Return the characters frequent in names and addresses: GB2312 level 1, or the Traditional forms of those."""
    simplified = frozenset(_decoded("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF), last=(0xD7, 0xF9)))
    if script == "Hans":
        return simplified
    # Big5 level 1 (its frequent characters) that are forms of those, as OpenCC converts one character a line.
    big5 = _decoded("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], last=(0xC6, 0x7E))
    as_simplified = to_simplified("\n".join(big5)).split("\n")
    profiles = {"s2t"} | {lang.opencc_from_simplified for lang in LANGUAGES.values()
                          if lang.script == "Hant" and lang.opencc_from_simplified}
    column = "\n".join(sorted(simplified))
    converted = [by_profile(profile)(column).split("\n") for profile in sorted(profiles)]
    return frozenset([char for char, plain in zip(big5, as_simplified) if plain in simplified]
                     + [char for chars in converted for char in chars])


def _decoded(codec: str, leads: range, trails: list[int] | range, last: tuple[int, int]) -> list[str]:
    """Return the characters of a block of a double-byte code table, up to its last code."""
    return [bytes(code).decode(codec) for code in ((lead, trail) for lead in leads for trail in trails) if code <= last]


def _scripts(languages: Sequence[str]) -> tuple[str, ...]:
    """Return the Chinese scripts of the project's languages (both when it has none)."""
    scripts = tuple(dict.fromkeys(LANGUAGES[tag].script for tag in languages if LANGUAGES[tag].script != "Latn"))
    return scripts or BOTH


def _delimiter(text: str) -> str:
    """Return the delimiter of the header line: Excel's "Unicode text" separates with tabs."""
    header = text.split("\n", 1)[0]
    return "\t" if header.count("\t") > header.count(",") else ","


def _line(raw: bytes, codec: str, offset: int) -> int:
    return raw[:offset].decode(codec, errors="replace").count("\n") + 1


def _private(char: str) -> bool:
    return "\ue000" <= char <= "\uf8ff" or char >= "\U000f0000"


def _neutral(char: str) -> bool:
    """Return whether a character tells nothing of the encoding: printable ASCII, punctuation, spaces."""
    if char < "\x80":
        return char.isprintable() or char in "\t\r\n"
    return unicodedata.category(char)[0] in "PZ" or "\uff01" <= char <= "\uff5e"
