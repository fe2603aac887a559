"""Message catalogues: a language tag and a key in, the label or message text out.

One YAML file per language under messages/ (messages/<tag>.yml), plus any
topic files in messages/<tag>/ (e.g. boards.yml), so each output keeps its
labels together. A file may say `extends: <tag>` and list only the keys
whose wording differs (zh-MO extends zh-HK). Every language must define
every key: a missing key raises, it never falls back; a key defined in two
files of one language is an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .languages import LANGUAGES

MESSAGES_DIR = Path(__file__).parent / "messages"


class MissingMessage(KeyError):
    """A key that a language's catalogue does not define."""


class Catalogue:
    """The messages of one language; call it with a key and parameters."""

    def __init__(self, tag: str, messages: dict[str, str]):
        self.tag = tag
        self.messages = messages

    def __call__(self, message_key: str, /, **params: object) -> str:
        try:
            text = self.messages[message_key]
        except KeyError:
            raise MissingMessage(f"message {message_key!r} is missing from the {self.tag} catalogue") from None
        return text.format(**params) if params else text

    def keys(self) -> set[str]:
        return set(self.messages)


def _read(tag: str) -> dict[str, str]:
    data = _load(MESSAGES_DIR / f"{tag}.yml")
    parent = data.pop("extends", None)
    for topic in sorted((MESSAGES_DIR / tag).glob("*.yml")):
        extra = _load(topic)
        twice = sorted(set(extra) & set(data))
        if twice:
            raise ValueError(f"{topic.name} of {tag} defines keys defined elsewhere: {', '.join(twice)}")
        data.update(extra)
    return {**_read(parent), **data} if parent else data


def _load(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


@lru_cache(maxsize=None)
def catalogue(tag: str) -> Catalogue:
    """Return the message catalogue of a language tag from the language table."""
    if tag not in LANGUAGES:
        raise KeyError(f"unknown language tag {tag!r}")
    return Catalogue(tag, _read(tag))
