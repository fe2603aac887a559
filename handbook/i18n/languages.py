"""The language table: one row per language tag a project may declare.

Every place that needs to know something about a language (MkDocs Material's
theme language, the HTML lang attribute, the CJK font face, the Babel locale,
the OpenCC profile) reads it from here, never from a tag compared inline.
"""

from __future__ import annotations

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
    opencc_from_traditional: str | None  # OpenCC profile converting Traditional text to this language
    native_name: str

    def sans_family(self) -> str:
        """Return the Noto Sans CJK family for this language."""
        return f"Noto Sans CJK {self.cjk_face}"

    def serif_family(self) -> str:
        """Return the Noto Serif CJK family for this language."""
        return f"Noto Serif CJK {self.cjk_face}"


LANGUAGES: dict[str, Language] = {
    "zh-CN": Language("zh-CN", "Hans", "zh", "zh-CN", "SC", "zh_Hans_CN", None, "t2s", "简体中文"),
    "zh-HK": Language("zh-HK", "Hant", "zh-Hant", "zh-HK", "HK", "zh_Hant_HK", "s2hk", None, "繁體中文(香港)"),
    "zh-MO": Language("zh-MO", "Hant", "zh-Hant", "zh-MO", "HK", "zh_Hant_MO", "s2hk", None, "繁體中文(澳門)"),
    "zh-TW": Language("zh-TW", "Hant", "zh-TW", "zh-TW", "TC", "zh_Hant_TW", "s2twp", None, "繁體中文(台灣)"),
    "en": Language("en", "Latn", "en", "en", "SC", "en", None, None, "English"),
}

DEFAULT_LANGUAGE = "zh-CN"


def language(tag: str) -> Language:
    """Return the table row for a language tag (KeyError for an unknown tag)."""
    return LANGUAGES[tag]
