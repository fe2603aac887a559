"""How each currency is written: one symbol in every edition, and its name before an amount in capitals.

CLDR writes the pataca as MOP16.50 in zh-Hans and English but MOP$16.50 in
zh-Hant-MO, and the yuan as CN¥ in English: one project's notices would
disagree with its guide. So the symbol is ours, per currency, the one its
own region prints on bills; only the digit grouping comes from the locale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    """Written before every amount, in every edition, e.g. MOP$16.50."""
    names: dict[str, str]
    """The currency's name by script, written before an amount in capitals (人民币壹佰元整) or in words."""


CURRENCIES: dict[str, Currency] = {
    "CNY": Currency("CNY", "¥", {"Hans": "人民币", "Hant": "人民幣", "Latn": "Renminbi"}),
    "HKD": Currency("HKD", "HK$", {"Hans": "港元", "Hant": "港元", "Latn": "Hong Kong dollars"}),
    "MOP": Currency("MOP", "MOP$", {"Hans": "澳门元", "Hant": "澳門元", "Latn": "Macau patacas"}),
    "TWD": Currency("TWD", "NT$", {"Hans": "新台币", "Hant": "新臺幣", "Latn": "New Taiwan dollars"}),
}


def currency(code: str) -> Currency:
    """Return how a currency is written (KeyError for one the data model does not allow)."""
    return CURRENCIES[code]
