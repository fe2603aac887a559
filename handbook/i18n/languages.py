"""The language table: one row per language tag a project may declare.

Every place that needs to know something about a language (MkDocs Material's
theme language, the HTML lang attribute, the CJK font face, the Babel locale,
the OpenCC profile) reads it from here, never from a tag compared inline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LanguageTag = Literal["zh-CN", "zh-HK", "zh-MO", "zh-TW", "en"]
Script = Literal["Hans", "Hant", "Latn"]


@dataclass(frozen=True)
class Language:
    tag: str
    script: Script
    material_language: str  # MkDocs Material's theme.language ("zh-Hans" does not exist there)
    html_lang: str  # WeasyPrint picks the JP face for "zh-Hans"/"zh-Hant": always a region tag
    cjk_face: str  # the Noto CJK regional subset: SC, HK or TC
    babel_locale: str
    opencc_from_simplified: str | None  # OpenCC profile converting Simplified text to this language
    opencc_to_simplified: str | None  # OpenCC profile converting this language's text to Simplified
    native_name: str

    def sans_family(self) -> str:
        """Return the Noto Sans CJK family for this language."""
        return f"Noto Sans CJK {self.cjk_face}"

    def serif_family(self) -> str:
        """Return the Noto Serif CJK family for this language."""
        return f"Noto Serif CJK {self.cjk_face}"


LANGUAGES: dict[str, Language] = {
    "zh-CN": Language("zh-CN", "Hans", "zh", "zh-CN", "SC", "zh_Hans_CN", None, None, "简体中文"),
    "zh-HK": Language("zh-HK", "Hant", "zh-Hant", "zh-HK", "HK", "zh_Hant_HK", "s2hk", "hk2s", "繁體中文(香港)"),
    "zh-MO": Language("zh-MO", "Hant", "zh-Hant", "zh-MO", "HK", "zh_Hant_MO", "s2hk", "hk2s", "繁體中文(澳門)"),
    "zh-TW": Language("zh-TW", "Hant", "zh-TW", "zh-TW", "TC", "zh_Hant_TW", "s2twp", "tw2sp", "繁體中文(台灣)"),
    "en": Language("en", "Latn", "en", "en", "SC", "en", None, None, "English"),
}

DEFAULT_LANGUAGE = "zh-CN"


def language(tag: str) -> Language:
    """Return the table row for a language tag (KeyError for an unknown tag)."""
    return LANGUAGES[tag]


def is_variant(name: str) -> bool:
    """Return whether a file is an edition's own version of a page or file (fees.en.md beside fees.md)."""
    parts = name.rsplit(".", 2)
    return len(parts) == 3 and parts[1] in LANGUAGES


def variant_name(name: str, tag: str) -> str:
    """Return the file name of an edition's version of a page: fees.md -> fees.en.md."""
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}.{tag}.{suffix}"


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_han(text: str) -> bool:
    """Return whether text holds a Chinese character (text without any reads the same in every edition)."""
    return bool(_HAN.search(text))
