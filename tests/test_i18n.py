"""The language table and the message catalogues."""

import pytest

from handbook.i18n.languages import LANGUAGES
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
