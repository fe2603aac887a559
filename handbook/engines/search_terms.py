"""Words owners type that a page does not say, in the site's search index: the built index in, the same index
findable by every variant of its words, and its home page by the project's name in every edition, out.

Owners type the word of their region and script: a Hong Kong page saying 鎖匙
must be found by 鑰匙 and 钥匙. For each indexed section that mentions one
word of a synonym group, the group's other words are appended inside a
hidden span: searchable, never displayed (Material renders result text as
HTML). Owners also type the project's name, in any edition's writing (Lotus
Garden on the Chinese site), which the home page need not say: the home
page's title gets every name the same way, so it ranks first as a title
does. Runs after MkDocs, on its search_index.json; deterministic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from pathlib import Path

import yaml

from ..i18n.wrapping import search_words

SYNONYMS = Path(__file__).resolve().parent.parent / "i18n" / "search_synonyms.yml"
ZERO_WIDTH_SPACE = "\u200b"
# A run of Chinese characters (CJK ideographs and their extensions), as Material's plugin segments them.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    with open(SYNONYMS, encoding="utf-8") as f:
        return tuple(tuple(group) for group in yaml.safe_load(f))


def add_search_terms(index_file: Path, names: Sequence[str] = ()) -> None:
    """Add the missing synonyms to every section of a built index, and the names to its home page's title."""
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        add_synonyms(doc)
    home = next((doc for doc in index["docs"] if doc["location"] == ""), None)
    if home is not None and names:
        add_names(home, names)
    # The same serialisation as Material's search plugin.
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str),
                          encoding="utf-8")


def add_synonyms(doc: dict) -> None:
    """Append the missing variants of every synonym group an indexed section mentions to its text."""
    plain = (doc.get("title", "") + doc.get("text", "")).replace(ZERO_WIDTH_SPACE, "")
    extra = [word for group in synonym_groups() if any(w in plain for w in group)
             for word in group if word not in plain]
    if extra:
        doc["text"] += f'<span hidden>{ZERO_WIDTH_SPACE.join([""] + extra + [""])}</span>'


def add_names(doc: dict, names: Sequence[str]) -> None:
    """Append names to an indexed section's title, hidden, each segmented as Material segments the pages."""
    words = ZERO_WIDTH_SPACE.join(segmented(escape(name)) for name in names)
    doc["title"] += f"<span hidden>{ZERO_WIDTH_SPACE}{words}{ZERO_WIDTH_SPACE}</span>"


def segmented(text: str) -> str:
    """Return text with each run of Chinese cut into words by jieba, words apart by zero-width spaces.

    As Material's search plugin does (SearchIndex._segment_chinese), with the domain words the build loaded.
    """
    def cut(run: re.Match[str]) -> str:
        return ZERO_WIDTH_SPACE + ZERO_WIDTH_SPACE.join(search_words(run.group(0))) + ZERO_WIDTH_SPACE

    return _HAN_RUN.sub(cut, text).strip(ZERO_WIDTH_SPACE)
