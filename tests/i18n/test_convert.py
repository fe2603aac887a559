"""Tests for handbook.i18n.convert: phrase-level script conversion between Chinese editions, kept terms as written."""

from __future__ import annotations

import pytest

from handbook.i18n.convert import (
    by_profile,
    converter,
    from_simplified,
    profiles,
    to_simplified,
)
from handbook.i18n.languages import LANGUAGES


def convert(source: str, target: str, text: str, keep: list[str] = ()) -> str:
    return converter(LANGUAGES[source], LANGUAGES[target], keep)(text)


@pytest.mark.parametrize("source, target, steps", [
    ("zh-CN", "zh-HK", ["s2hk"]), ("zh-CN", "zh-TW", ["s2twp"]), ("zh-HK", "zh-CN", ["hk2s"]),
    ("zh-TW", "zh-CN", ["tw2sp"]), ("zh-HK", "zh-TW", ["hk2s", "s2twp"]),
    ("zh-HK", "zh-MO", []), ("zh-MO", "zh-HK", []), ("zh-CN", "zh-CN", None), ("zh-CN", "en", None), ("en", "zh-HK", None),
])
def test_profiles(source, target, steps):
    assert profiles(LANGUAGES[source], LANGUAGES[target]) == steps


def test_simplified_becomes_each_regions_traditional_phrase_by_phrase():
    assert convert("zh-CN", "zh-HK", "软件和出租车") == "軟件和出租車"
    assert convert("zh-CN", "zh-TW", "软件和出租车") == "軟體和計程車"
    assert convert("zh-TW", "zh-CN", "計程車和軟體") == "出租车和软件"
    assert convert("zh-HK", "zh-TW", "軟件") == "軟體"  # through Simplified


def test_kept_terms_stay_as_written():
    keep = ["莲花苑", "发展", "发展大道"]  # the longer term wins where one holds another
    assert convert("zh-CN", "zh-HK", "莲花苑位于发展大道，软件", keep) == "莲花苑位於发展大道，軟件"
    assert convert("zh-CN", "zh-TW", "莲花苑", keep) == "莲花苑"
    assert convert("zh-CN", "zh-TW", "莲花苑") == "蓮花苑"  # without keep it converts


def test_no_converter_where_none_applies():
    assert converter(LANGUAGES["zh-HK"], LANGUAGES["zh-HK"]) is None
    assert converter(LANGUAGES["zh-CN"], LANGUAGES["en"], ["莲花苑"]) is None


def test_hong_kong_text_reads_in_macau_words_without_changing_script():
    assert convert("zh-HK", "zh-MO", "乘升降機到會所") == "乘電梯到會所"
    assert convert("zh-MO", "zh-HK", "乘電梯到會所，再乘扶手電梯") == "乘升降機到會所，再乘扶手電梯"


def test_helpers():
    assert from_simplified(LANGUAGES["zh-CN"]) is None
    assert from_simplified(LANGUAGES["zh-TW"])("软件") == "軟體"
    assert by_profile("s2hk")("软件") == "軟件"
    assert to_simplified("業主入夥") == "业主入伙"
