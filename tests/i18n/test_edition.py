"""Tests for handbook.i18n.edition: an edition's tag, site folder, source language and whether it is a translation."""

from __future__ import annotations

from handbook.i18n.convert import by_profile
from handbook.i18n.edition import Edition
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue


def edition(tag: str, primary: bool = False, source: str | None = None, text=None) -> Edition:
    return Edition(LANGUAGES[tag], primary, catalogue(tag), LANGUAGES[source] if source else None, text=text)


def test_the_primary_edition_is_the_sites_root_and_written_in_itself():
    primary = edition("zh-CN", primary=True)
    assert (primary.tag, primary.site_prefix) == ("zh-CN", "")
    assert primary.written_in is LANGUAGES["zh-CN"]
    assert primary.translated is False


def test_a_converted_edition_has_its_folder_and_is_not_a_translation():
    hong_kong = edition("zh-HK", source="zh-CN", text=by_profile("s2hk"))
    assert hong_kong.site_prefix == "zh-HK/"
    assert hong_kong.written_in is LANGUAGES["zh-CN"]
    assert hong_kong.translated is False
    assert hong_kong.messages("punct.comma") == "，"


def test_an_english_edition_of_chinese_data_is_a_translation():
    english = edition("en", source="zh-CN", text=lambda text: None)
    assert english.translated is True
    assert english.site_prefix == "en/"
    assert edition("en", source="zh-CN").translated is False  # no text function: the data is shown as written


def test_a_chinese_edition_of_english_data_is_a_translation():
    assert edition("zh-CN", source="en", text=lambda text: text).translated is True
