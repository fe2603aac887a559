"""Chinese text wrapped over several lines in a file in, the text as one line of Chinese out.

Editors wrap long Chinese text over lines in YAML and Markdown. A line break
inside a Chinese sentence is not a space: Chinese has no spaces between
words, but YAML folds a wrapped line into a space and browsers and
WeasyPrint show a line break in HTML as one ("资料， 按约定时间"). The
YAML loader (handbook/source/load.py) marks where YAML folds a line (FOLD) and
`unfold` drops the mark between two Chinese characters, keeping a space
elsewhere (between English words); `join_lines` does the same for the line
breaks kept in literal blocks (`|`) and Markdown pages, leaving alone the
breaks Markdown gives a meaning (headings, table rows, hard breaks). Every
output reads the text the loader made, so they all agree.
"""

from __future__ import annotations

import re

# CJK ideographs (and their extensions), CJK and full-width punctuation, Bopomofo, kana.
_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff")
# Where YAML folded a line break into a space: a control character, which YAML's reader refuses in any input.
FOLD = "\x1f"
_FOLD_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]){FOLD}(?=[{_CJK}])")
_ENDS_CJK = re.compile(f"[{_CJK}]$")
_STARTS_CJK = re.compile(f"[{_CJK}]")
# A line whose break Markdown keeps: a heading, a table row, or a hard break (two spaces or a backslash at the end).
_KEEPS_BREAK = re.compile(r"^ {0,3}#|^\s*\||(?: {2}|\\)$")


def unfold(text: str) -> str:
    """Return text with each folded line break written as nothing between Chinese characters, else a space."""
    return _FOLD_BETWEEN_CJK.sub("", text).replace(FOLD, " ") if FOLD in text else text


def join_lines(text: str) -> str:
    """Return text (Markdown) with the line breaks inside Chinese sentences removed.

    A break is removed when the line before ends in a Chinese character and the line after starts with one
    (after its indentation), unless Markdown gives the break a meaning.
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        before = joined[-1]
        if (_ENDS_CJK.search(before.rstrip(" \t")) and _STARTS_CJK.match(line.lstrip(" \t"))
                and not _KEEPS_BREAK.search(before)):
            joined[-1] = before.rstrip(" \t") + line.lstrip(" \t")
        else:
            joined.append(line)
    return "\n".join(joined)


def fold_block(text: str) -> str:
    """Return a YAML literal block's text folded as a folded block (>) is, each folded break marked FOLD.

    YAML folds a single line break between two lines that are not more indented into a space; before empty
    lines it drops the break and keeps one per empty line; around more-indented lines it keeps every break.
    """
    body = text.rstrip("\n")
    tail = text[len(body):]
    lines = body.split("\n")
    result = [lines[0]]
    index = 1
    while index < len(lines):
        empty = 0
        while index < len(lines) and lines[index] == "":
            empty += 1
            index += 1
        if index == len(lines):
            result.append("\n" * empty)
            break
        line, before = lines[index], result[-1].rsplit("\n", 1)[-1]
        indented = line.startswith((" ", "\t")) or before.startswith((" ", "\t")) or before == ""
        result.append(("\n" * (empty + 1) if indented else "\n" * empty or FOLD) + line)
        index += 1
    return "".join(result) + tail
