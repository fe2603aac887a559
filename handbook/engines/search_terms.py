"""Regional synonyms in the site's search index: the built index in, the same index findable by every variant out.

Owners type the word of their region and script: a Hong Kong page saying 鎖匙
must be found by 鑰匙 and 钥匙. For each indexed section that mentions one
word of a synonym group, the group's other words are appended inside a
hidden span: searchable, never displayed (Material renders result text as
HTML). Runs after MkDocs, on its search_index.json; deterministic.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml

SYNONYMS = Path(__file__).resolve().parent.parent / "i18n" / "search_synonyms.yml"
ZERO_WIDTH_SPACE = "\u200b"


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    with open(SYNONYMS, encoding="utf-8") as f:
        return tuple(tuple(group) for group in yaml.safe_load(f))


def add_synonyms(index_file: Path) -> None:
    """Append the missing variants of every synonym group a section mentions to its indexed text."""
    if not index_file.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        plain = (doc.get("title", "") + doc.get("text", "")).replace(ZERO_WIDTH_SPACE, "")
        extra = [word for group in synonym_groups() if any(w in plain for w in group)
                 for word in group if word not in plain]
        if extra:
            doc["text"] += f'<span hidden>{ZERO_WIDTH_SPACE.join([""] + extra + [""])}</span>'
    # The same serialisation as Material's search plugin.
    index_file.write_text(json.dumps(index, separators=(",", ":"), default=str),
                          encoding="utf-8")
