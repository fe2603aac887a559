"""Plural messages in the catalogues: CLDR's categories (Babel's) chosen by a number, never "(s)"."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import Catalogue, Plural, catalogue, plural_message
from handbook.outputs.fee_calculator import calculator_words

D = Decimal
en = catalogue("en")


@pytest.mark.parametrize("count, text", [
    (1, "1 month"), (0, "0 months"), (2, "2 months"), (12, "12 months"),
    ("1", "1 month"), ("3", "3 months"),  # a number as the presenter prints it
    (D(1), "1 month"), (D(3), "3 months"),
])
def test_english_chooses_one_or_other_by_count(count, text):
    assert en("label.months", count=count) == text


@pytest.mark.parametrize("count, text", [
    ("72.3", "72.3 units"), (D("72.3"), "72.3 units"),  # an area's decimals: other, as CLDR says
    ("1.0", "1.0 units"), (D("1.0"), "1.0 units"), (1.5, "1.5 units"),  # "1.0" has a visible decimal: other
    ("1,200", "1,200 units"),  # read back with the locale's grouping
    ("1", "1 unit"),
])
def test_formatted_and_decimal_counts_are_read_as_cldr_reads_them(count, text):
    assert en("label.quantity.unit", count=count) == text


def test_a_message_may_agree_with_a_parameter_other_than_count():
    assert en("error.too_few_items", limit=1, found=None) == "needs at least 1 item"
    assert en("error.too_few_items", limit=2, found=None) == "needs at least 2 items"
    assert en("cli.summary", built=1, failed=0) == "1 project built, 0 failed"
    assert en("cli.summary", built=3, failed=1) == "3 projects built, 1 failed"
    assert en("label.prepayment_rule", months=1, fee="management fees") == \
        "At move-in you prepay 1 month of management fees."


def test_the_number_a_plural_message_agrees_with_must_be_given():
    with pytest.raises(TypeError, match="count"):
        en("label.months")
    with pytest.raises(TypeError, match="a number"):
        en("label.months", count=None)


def test_plain_messages_work_unchanged():
    assert en("label.monthly_amount", amount="¥1.00") == "¥1.00/month"
    assert en("label.original") == "original"
    assert "label.months" in en.keys() and en.messages["label.months"] == "{count} months"  # the other form


@pytest.mark.parametrize("tag", ["zh-CN", "zh-HK", "zh-MO", "zh-TW"])
def test_chinese_catalogues_need_no_plural_forms(tag):
    messages = catalogue(tag)
    assert not messages.plurals
    assert messages("label.months", count=1) == messages("label.months", count=3).replace("3", "1")
    assert messages("label.quantity.unit", count="72.3").startswith("72.3")


def test_every_english_plural_message_gives_one_and_other_and_no_text_says_s_in_brackets():
    assert en.plurals, "the English catalogue has plural messages"
    texts = list(en.messages.values()) + [text for plural in en.plurals.values() for text in plural.forms.values()]
    for plural in en.plurals.values():
        assert set(plural.forms) == {"one", "other"}
    bracketed = [text for text in texts if re.search(r"\w\((s|es|ies)\)", text)]
    assert not bracketed, bracketed


def test_each_plural_form_uses_only_the_parameters_its_other_form_has():
    for catalogue_ in (catalogue(tag) for tag in LANGUAGES):
        for key, plural in catalogue_.plurals.items():
            names = set(re.findall(r"\{(\w+)\}", plural.forms["other"]))
            assert plural.by in names, key
            for text in plural.forms.values():
                assert set(re.findall(r"\{(\w+)\}", text)) <= names, (key, text)


@pytest.mark.parametrize("value, problem", [
    ({"other": "{count} months"}, "one, other"),  # English needs one
    ({"one": "{count} month", "few": "{count} months", "other": "{count} months"}, "one, other"),  # no few
    ({"one": "{count} month", "other": ["{count} months"]}, "one, other"),
    ({"by": 3, "one": "{count} month", "other": "{count} months"}, "by names a parameter"),
])
def test_a_plural_message_with_the_wrong_categories_is_refused(value, problem):
    with pytest.raises(ValueError, match=problem):
        plural_message("en", "label.months", value)


def test_a_chinese_plural_message_has_only_other():
    assert plural_message("zh-CN", "label.months", {"other": "{count} 个月"}) == Plural("count", {"other": "{count} 个月"})
    with pytest.raises(ValueError):
        plural_message("zh-CN", "label.months", {"one": "{count} 个月", "other": "{count} 个月"})


def test_a_catalogue_built_by_hand_works_without_plurals():
    assert Catalogue("en", {"label.x": "{count} x"})("label.x", count=1) == "1 x"


def test_the_calculator_receives_each_plural_message_with_its_forms():
    words = calculator_words(en)
    assert words["label.months"] == {"by": "count", "forms": {"one": "{count} month", "other": "{count} months"}}
    assert words["label.monthly_amount"] == "{amount}/month"
    assert calculator_words(catalogue("zh-CN"))["label.months"] == "{count} 个月"


def test_wordings_give_every_text_a_message_may_print():
    assert en.wordings("label.months") == ["{count} month", "{count} months"]
    assert en.wordings("label.original") == ["original"]
    assert catalogue("zh-CN").wordings("label.months") == ["{count} 个月"]
