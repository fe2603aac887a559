"""Wrap short labels (flowchart boxes, board headings) into lines: text in, lines out.

Chinese wraps by character count (a Latin character counts half) at word
boundaries found by jieba (so 钥匙 is never split), never starting a line
with closing punctuation; English wraps by word. A label that
needs more lines than its box allows does not fit: validation reports it.
"""

from __future__ import annotations

import logging
import textwrap
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

from .convert import to_simplified

jieba.setLogLevel(logging.WARNING)
# Domain words (管理费, 门禁卡, 验房...) in both scripts: atomic words only, since the search index
# matches word prefixes and 物业管理费 as one word would hide it from a search for 管理费.
# Loaded once into jieba's default tokenizer, which Material's search plugin also uses.
# Loaded on first use (half a second: a build that changes nothing never needs it).
JIEBA_USER_DICT = Path(__file__).parent / "jieba_user_dict.txt"


@lru_cache(maxsize=1)
def load_domain_words() -> None:
    """Load the domain words into jieba's default tokenizer, once per process."""
    with open(JIEBA_USER_DICT, "rb") as words_file:  # jieba leaves a file it opens itself unclosed
        jieba.load_userdict(words_file)

# Punctuation that must not start a line, and that must not end one (CJK typesetting rules).
NO_LINE_START = set("，。、；：？！）」』】》〉’”,.;:?!)%")
NO_LINE_END = set("（「『【《〈‘“(")


def search_words(text: str) -> list[str]:
    """Return Chinese text cut into words as Material's search plugin cuts the pages (jieba's default, our words)."""
    load_domain_words()
    return list(jieba.cut(text))


def char_width(char: str) -> float:
    """Return a character's width in CJK ideograph units (Latin letters and digits count half)."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5


def is_cjk_text(text: str) -> bool:
    return any(char_width(c) == 1.0 for c in text)


def break_units(text: str) -> list[str]:
    """Return text cut where a line may break, for a caller that measures lines itself (a share image's name).

    Chinese words (jieba's) and Latin words stay whole, each with the space before it; closing punctuation stays
    with the word before it and opening punctuation with the word after it, so no line starts or ends with them.
    """
    units: list[str] = []
    for token in _plain_tokens(" ".join(text.split())):
        if units and units[-1].strip() and all(char in NO_LINE_END for char in units[-1].strip()):
            units[-1] += token
        else:
            units.append(token)
    return units


def wrap(text: str, width: float) -> list[str]:
    """Return text broken into as few lines of at most `width` units as possible, evenly filled."""
    text = " ".join(text.split())
    lines = _greedy(text, width)
    # Balance: the narrowest width giving the same number of lines avoids a lone last character.
    narrow = max(1.0, _width(text) / len(lines))
    while narrow < width:
        balanced = _greedy(text, narrow)
        if len(balanced) == len(lines):
            return balanced
        narrow += 0.5
    return lines


def _greedy(text: str, width: float) -> list[str]:
    if not is_cjk_text(text):
        return textwrap.wrap(text, width=max(1, int(width * 2)), break_long_words=True) or [""]
    lines: list[str] = []
    for token in _fitting(_tokens(text, width), width):
        if lines and _width(lines[-1] + token) <= width:
            lines[-1] += token
        elif lines and token[0] in NO_LINE_START:
            lines[-1] += token  # hang the punctuation rather than start a line with it
        else:
            if lines and lines[-1] and lines[-1][-1] in NO_LINE_END:
                token, lines[-1] = lines[-1][-1] + token, lines[-1][:-1]
            lines.append(token.lstrip())
    return [line.rstrip() for line in lines if line.strip()] or [""]


def _fitting(tokens: list[str], width: float) -> list[str]:
    """Return tokens with any wider than a line split into characters."""
    return [part for token in tokens for part in (token if _width(token) > width else [token])]


def _tokens(text: str, width: float) -> list[str]:
    """Split text into ideographs, whole Latin words and short 《titles》, which stay on one line."""
    tokens: list[str] = []
    for part in _titles(text, width):
        if part.startswith("《"):
            tokens.append(part)
        else:
            tokens.extend(_plain_tokens(part))
    return tokens


def _titles(text: str, width: float) -> list[str]:
    """Split text around 《…》 titles narrow enough to keep whole."""
    parts: list[str] = []
    rest = text
    while "《" in rest and "》" in rest[rest.index("《"):]:
        start = rest.index("《")
        end = rest.index("》", start) + 1
        if _width(rest[start:end]) > width:
            break
        parts += [rest[:start], rest[start:end]]
        rest = rest[end:]
    return [p for p in parts + [rest] if p]


def _plain_tokens(text: str) -> list[str]:
    """Split plain text into words (jieba's for Chinese); spaces lead the next word, punctuation ends the last."""
    tokens: list[str] = []
    for word in _words(text):
        if word.isspace():
            tokens.append(" ")
        elif tokens and tokens[-1] == " ":
            tokens[-1] += word
        elif tokens and all(char in NO_LINE_START for char in word):
            tokens[-1] += word
        else:
            tokens.append(word)
    return tokens


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Return text split into words; Traditional text is segmented through its Simplified form."""
    # jieba's dictionary is Simplified: segment the Simplified form, then cut the
    # original at the same offsets (t2s maps character for character here).
    load_domain_words()
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = text
    words, start = [], 0
    for word in jieba.lcut(simplified, HMM=True):  # HMM finds words missing from the dictionary (验房)
        words.append(text[start:start + len(word)])
        start += len(word)
    return tuple(words)


def _width(text: str) -> float:
    return sum(char_width(c) for c in text)


def fits(text: str, width: float, max_lines: int) -> bool:
    """Return whether text wraps into at most max_lines lines of the given width."""
    return len(wrap(text, width)) <= max_lines
