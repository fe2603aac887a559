"""The language table and the message catalogues."""

import opencc
import pytest

from handbook.i18n.languages import LANGUAGES, has_han
from handbook.i18n.messages import MissingMessage, catalogue


def test_every_catalogue_defines_every_key():
    reference = catalogue("zh-CN").keys()
    for tag in LANGUAGES:
        assert catalogue(tag).keys() == reference, tag


def test_a_missing_key_raises_instead_of_falling_back():
    with pytest.raises(MissingMessage):
        catalogue("en")("label.no_such_label")


@pytest.mark.parametrize("tag, material, face", [
    ("zh-CN", "zh", "SC"), ("zh-HK", "zh-Hant", "HK"), ("zh-MO", "zh-Hant", "HK"),
    ("zh-TW", "zh-TW", "TC"), ("en", "en", "SC"),
])
def test_language_table(tag, material, face):
    language = LANGUAGES[tag]
    assert language.material_language == material
    assert language.cjk_face == face
    # WeasyPrint picks the Japanese face for zh-Hans/zh-Hant: never emit those as lang.
    assert language.html_lang not in ("zh-Hans", "zh-Hant")


def test_traditional_catalogues_are_in_traditional_script():
    assert "校驗" in catalogue("zh-HK")("error.yaml_syntax", problem="x") or "語法" in catalogue("zh-HK")(
        "error.yaml_syntax", problem="x")
    assert "语法" in catalogue("zh-CN")("error.yaml_syntax", problem="x")
    assert catalogue("zh-MO")("error.missing", field="x") == catalogue("zh-HK")("error.missing", field="x")


# Characters that OpenCC would convert but that Traditional Chinese writes as they are: 入伙 (Hong Kong's
# usual form of 入夥) and 台 (櫃台, 印台).
TRADITIONAL_AS_WELL = {"伙", "台"}


@pytest.mark.parametrize("tag", ["zh-HK", "zh-MO", "zh-TW"])
def test_every_traditional_catalogue_entry_has_no_simplified_character(tag):
    s2t, t2s = opencc.OpenCC("s2t.json"), opencc.OpenCC("t2s.json")
    wrong = {key: text for key, text in catalogue(tag).messages.items()
             if any(s2t.convert(char) != char and t2s.convert(char) == char and char not in TRADITIONAL_AS_WELL
                    for char in text)}
    assert not wrong, "\n".join(f"{key}: {text}" for key, text in wrong.items())


def test_every_simplified_catalogue_entry_has_no_traditional_character():
    t2s = opencc.OpenCC("t2s.json")
    wrong = {key: text for key, text in catalogue("zh-CN").messages.items() if t2s.convert(text) != text}
    assert not wrong, "\n".join(f"{key}: {text}" for key, text in wrong.items())


# Messages printed before a file is read as UTF-8 cannot know its language: they say it in both.
BILINGUAL = {"error.not_utf8", "error.unreadable", "error.utf16"}


def test_the_english_catalogue_has_no_chinese_but_in_bilingual_messages():
    wrong = {key: text for key, text in catalogue("en").messages.items() if has_han(text) and key not in BILINGUAL}
    assert not wrong, "\n".join(f"{key}: {text}" for key, text in wrong.items())
