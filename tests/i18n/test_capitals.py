"""Tests for handbook.i18n.numerals: capital numerals written out by hand, in both scripts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.i18n.numerals import amount_in_capitals

D = Decimal

# amount, Simplified, Traditional
CAPITALS = [
    ("1005.50", "壹仟零伍元伍角", "壹仟零伍元伍角"),                      # zeros inside; no 整 after 角
    ("100000", "壹拾万元整", "壹拾萬元整"),                                 # 整 after 元
    ("10.05", "壹拾元零伍分", "壹拾元零伍分"),                              # 零 where 角 is zero
    ("101010.10", "壹拾万壹仟零壹拾元壹角", "壹拾萬壹仟零壹拾元壹角"),
    ("0.05", "伍分", "伍分"),                                               # no 零元 below one 元
    ("0.50", "伍角", "伍角"),
    ("0.55", "伍角伍分", "伍角伍分"),
    ("0", "零元整", "零元整"),
    ("10", "壹拾元整", "壹拾元整"),                                         # 壹拾 keeps its 壹
    ("1", "壹元整", "壹元整"),
    ("6007.14", "陆仟零柒元壹角肆分", "陸仟零柒元壹角肆分"),                # one 零 for a run of zeros
    ("1409.50", "壹仟肆佰零玖元伍角", "壹仟肆佰零玖元伍角"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分", "壹仟陸佰捌拾元參角貳分"),        # zero 元 digit before 角
    ("107000.53", "壹拾万柒仟元伍角叁分", "壹拾萬柒仟元伍角參分"),           # zeros ending a group
    ("16409.02", "壹万陆仟肆佰零玖元零贰分", "壹萬陸仟肆佰零玖元零貳分"),
    ("325.04", "叁佰贰拾伍元零肆分", "參佰貳拾伍元零肆分"),
    ("100010", "壹拾万零壹拾元整", "壹拾萬零壹拾元整"),                     # a group starting with zeros
    ("20000000.00", "贰仟万元整", "貳仟萬元整"),
    ("100000000", "壹亿元整", "壹億元整"),
    ("100010000", "壹亿零壹万元整", "壹億零壹萬元整"),
    ("100001000", "壹亿零壹仟元整", "壹億零壹仟元整"),
    ("1000000001", "壹拾亿零壹元整", "壹拾億零壹元整"),                     # a whole zero group
    ("1010101010.10", "壹拾亿壹仟零壹拾万壹仟零壹拾元壹角", "壹拾億壹仟零壹拾萬壹仟零壹拾元壹角"),
    ("2345678901.23", "贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分",
     "貳拾參億肆仟伍佰陸拾柒萬捌仟玖佰零壹元貳角參分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
     "玖仟玖佰玖拾玖億玖仟玖佰玖拾玖萬玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize("amount, hans, hant", CAPITALS)
def test_amount_in_capitals(amount, hans, hant):
    assert amount_in_capitals(D(amount)) == hans
    assert amount_in_capitals(D(amount), "Hant") == hant


def test_whole_numbers_are_accepted():
    assert amount_in_capitals(1005) == "壹仟零伍元整"


@pytest.mark.parametrize("amount, error, message", [
    (D("-0.01"), ValueError, "non-negative"),
    (D("1.005"), ValueError, "more than two decimal places"),
    (D("NaN"), ValueError, "finite"),
    (D("Infinity"), ValueError, "finite"),
    (D("1000000000000"), ValueError, "too large"),
    (1005.5, TypeError, "not float"),
])
def test_amounts_without_a_capital_form(amount, error, message):
    with pytest.raises(error, match=message):
        amount_in_capitals(amount)


def test_unknown_script():
    with pytest.raises(ValueError, match="unknown script 'Latn'; known: Hans, Hant"):
        amount_in_capitals(D("1"), "Latn")


DIGITS = {char: value for value, char in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


def read_capitals(text: str) -> Decimal:
    """Return the amount that capital numerals spell: an independent reading to check against."""
    whole, _, change = text.removesuffix("整").rpartition("元") if "元" in text else ("", "", text)
    total = group = digit = 0
    for char in whole:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in PLACES:
            group, digit = group + digit * PLACES[char], 0
        elif char == "万":
            total, group, digit = total + (group + digit) * 10_000, 0, 0
        else:  # 亿, the largest group, comes first
            total, group, digit = (total + group + digit) * 100_000_000, 0, 0
    cents = 0
    for number, unit in zip(change.replace("零", "")[::2], change.replace("零", "")[1::2]):
        cents += DIGITS[number] * (10 if unit == "角" else 1)
    return D(total + group + digit) + D(cents) / 100


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=D("999999999999.99"), places=2))
def test_capitals_read_back_to_the_amount(amount):
    text = amount_in_capitals(amount)
    assert read_capitals(text) == amount
    assert "零零" not in text and not text.endswith("零")
    assert text.endswith("整") == (amount == amount.to_integral_value())

