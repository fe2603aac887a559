"""Masked names: what the sheets owners read print of another owner's name."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.derive.privacy import masked_name, public_name
from handbook.model.units import Unit


@pytest.mark.parametrize("name, masked", [
    ("陈大文", "陈**"),
    ("陳大文", "陳**"),
    ("黄丽", "黄*"),
    ("欧阳娜娜", "欧阳**"),  # compound surname: both characters kept
    ("歐陽震華", "歐陽**"),
    ("司徒锦", "司徒*"),
    ("諸葛亮", "諸葛*"),
    ("欧阳", "欧*"),  # two characters: a surname and a given name, not a compound surname alone
    ("陳 大文", "陳**"),  # spaces typed inside a Chinese name
    ("  陈大文 ", "陈**"),
])
def test_a_chinese_name_keeps_its_surname(name, masked):
    assert masked_name(name) == masked


@pytest.mark.parametrize("name, masked", [
    ("Chan Tai Man", "Chan T. M."),  # Hong Kong order: the surname first
    ("Chan, Tai Man", "Chan T. M."),  # a comma marks the surname
    ("Chan,Tai Man", "Chan T. M."),
    ("Chan Tai-man", "Chan T. M."),  # a hyphenated given name: an initial per syllable
    ("Peter CHAN Tai-man", "CHAN P. T. M."),  # the one word in capitals is the surname
    ("Au Yeung Ka Ming", "Au Yeung K. M."),  # 歐陽 in two words
    ("Wong, Daniel", "Wong D."),
    ("Daniel Wong", "Daniel W."),  # no comma, no capitals: read as Hong Kong writes it
    ("chan tai man", "chan T. M."),
])
def test_a_latin_name_keeps_its_surname_and_the_given_names_initials(name, masked):
    assert masked_name(name) == masked


@pytest.mark.parametrize("name, masked", [("李", "李*"), ("Madonna", "M."), ("Chan,", "C.")])
def test_a_one_character_or_one_word_name_is_never_printed_whole(name, masked):
    assert masked_name(name) == masked != name


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_stays_empty(name):
    assert masked_name(name) == ""


def unit(household_type: str, owner_name: str) -> Unit:
    return Unit(unit="1-101", household_type=household_type, owner_name=owner_name, move_in_date=dt.date(2027, 3, 6))


@pytest.mark.parametrize("household_type, name, shown", [
    ("company", "深圳前海启航投资有限公司", "深圳前海启航投资有限公司"),  # a company's name is not personal data
    ("company", "海港貿易", "海港貿易"),  # a company household, whatever its name says
    ("office_tenant", "Kwok \"Harbour\" Partners Limited", "Kwok \"Harbour\" Partners Limited"),
    ("shop_tenant", "何記茶餐廳", "何記茶餐廳"),  # a shop's name
    ("family", "陈大文", "陈**"),
    ("parking", "張志強", "張**"),
    ("residential_tenant", "Daniel Wong", "Daniel W."),
    ("shop_tenant", "李氏花藝", "李***"),  # may be a sole trader's own name: masked
])
def test_public_name_shows_a_company_in_full_and_masks_a_person(household_type, name, shown):
    assert public_name(unit(household_type, name)) == shown
