"""Words and numbers for display: model values and fee results in, localised text out.

Every output formats money, dates, periods and fee-line names through these
functions, so a figure reads the same on the site, in the guide, on a board
and on a notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from ..i18n.languages import Language
from ..i18n.messages import Catalogue
from ..i18n.numerals import amount_in_capitals, amount_in_words
from .fees import FeeLine, Period


class Punctuation:
    """The edition's punctuation for joining values in templates: {{ punct.colon }}, {{ punct.open }}..."""

    def __init__(self, messages: Catalogue):
        for mark in ("colon", "comma", "list", "open", "close", "stop"):
            setattr(self, mark, messages(f"punct.{mark}"))

    def paren(self, text: str) -> str:
        """Return text in the edition's parentheses, or nothing when there is no text."""
        return f"{self.open}{text}{self.close}" if text else ""


class Presenter:
    """Format values for one edition: its locale, its messages and the project's currency."""

    def __init__(self, language: Language, messages: Catalogue, currency: str):
        self.language = language
        self.messages = messages
        self.currency = currency
        self.punct = Punctuation(messages)

    def money(self, amount: Decimal) -> str:
        """Return an amount with its currency, e.g. ¥3,000.00 or HK$118.00."""
        return format_currency(amount, self.currency, locale=self.language.babel_locale)

    def number(self, value: Decimal | int) -> str:
        """Return a plain number in the locale, e.g. 1,200 or 88.88."""
        return format_decimal(value, locale=self.language.babel_locale)

    def date(self, value: dt.date) -> str:
        """Return a date in the locale's long form, e.g. 2027年3月6日."""
        return format_date(value, format="long", locale=self.language.babel_locale)

    def datetime(self, value: dt.datetime) -> str:
        """Return a date and time, e.g. 2027年3月6日 09:30."""
        return f"{self.date(value.date())} {format_time(value.time(), format='short', locale=self.language.babel_locale)}"

    def date_range(self, start: dt.date, end: dt.date) -> str:
        return self.messages("label.date_range", start=self.date(start), end=self.date(end))

    def rate(self, amount: Decimal) -> str:
        """Return a management rate, e.g. ¥2.85/平方米/月."""
        return self.messages("label.per_m2_month", amount=self.money(amount))

    def period(self, period: Period) -> str:
        """Return the months a periodic fee covers, e.g. 2027年3月15日 至 2027年6月14日(3 个月)."""
        return self.messages("label.period", start=self.date(period.start), end=self.date(period.end),
                             months=period.months)

    def fee_line_name(self, line: FeeLine) -> str:
        """Return what a statement line is called: the editor's name, or a label for computed lines."""
        key = "label.fee_line." + line.id.replace(".", "_")
        if line.group in ("management", "parking", "access_cards"):
            return self.messages(key, name=line.name or "")
        return line.name or line.id

    def fee_line_computation(self, line: FeeLine) -> str:
        """Return how a line's amount was computed, e.g. 88.88 平方米 × ¥2.85 × 3 个月."""
        unit = self.messages(f"label.quantity.{line.quantity_unit}", count=self.number(line.quantity))
        text = f"{unit} × {self.money(line.unit_price)}"
        if line.months:
            text += " × " + self.messages("label.months", count=line.months)
        return text

    def document_details(self, item) -> str:
        """Return what to bring of a document, e.g. （原件，复印件 3 份）; empty when nothing is said."""
        parts = ([self.messages("label.original")] if item.original else []) + \
                ([self.messages("label.copies", count=item.copies)] if item.copies else [])
        return self.punct.paren(self.punct.comma.join(parts))

    def capitals(self, amount: Decimal) -> str:
        """Return an amount in Chinese capital numerals in the edition's script (in words for English)."""
        if self.language.script == "Latn":
            return amount_in_words(amount)
        return amount_in_capitals(amount, self.language.script)
