"""Words and numbers for display: model values and fee results in, localised text out.

Every output formats money, dates, periods and fee-line names through these
functions, so a figure reads the same on the site, in the guide, on a board
and on a notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Mapping

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..i18n.currency import currency as currency_of
from ..i18n.languages import Language
from ..i18n.messages import Catalogue
from ..i18n.numerals import amount_in_capitals
from ..model.fees import AccessCards, FeeItem
from .fee_schedule import FeeSchedule, Figure
from .fees import FeeLine, FeeRate, Period


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
        """Return an amount with its currency's one symbol, e.g. ¥3,000.00, HK$118.00 or MOP$16.50."""
        digits = format_decimal(amount, format="#,##0.00", locale=self.language.babel_locale, decimal_quantization=True)
        return currency_of(self.currency).symbol + digits

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

    def date_range_unbroken(self, start: dt.date, end: dt.date) -> Markup:
        """Return a date range that may wrap between its dates, never inside one (2027年3月6日 至 / 2027年3月21日)."""
        unbroken = Markup('<span class="nowrap">{}</span>')
        pattern = Markup(escape(self.messages("label.date_range", start="{start}", end="{end}")))
        return pattern.format(start=unbroken.format(self.date(start)), end=unbroken.format(self.date(end)))

    def rate(self, amount: Decimal) -> str:
        """Return a management rate, e.g. ¥2.85/平方米/月."""
        return self.messages("label.per_m2_month", amount=self.money(amount))

    def period(self, period: Period) -> str:
        """Return the months a periodic fee covers, e.g. 2027年3月15日 至 2027年6月14日(3 个月)."""
        return self.messages("label.period", start=self.date(period.start), end=self.date(period.end),
                             months=period.months)

    def fee_line_name(self, line: FeeLine) -> str:
        """Return what a statement line is called: the editor's name, or a label for computed lines."""
        key = "label.fee_line." + line.id.replace(".", "_") + ("_refused" if line.refused else "")
        if line.group in ("management", "parking", "access_cards"):
            return self.messages(key, name=line.name or "")
        return line.name or line.id

    def fee_line_computation(self, line: FeeLine) -> str:
        """Return how a line's amount was computed, as computed: 72.3 平方米 × ¥2.85 = ¥206.06/月 × 3 个月."""
        return " = ".join(self.fee_line_steps(line))

    def fee_line_steps(self, line: FeeLine) -> list[str]:
        """Return the steps of a line's computation: quantity × price, then for a monthly line monthly × months.

        A monthly line shows its rounded monthly amount: the engine rounds it before multiplying by the months.
        Print keeps each step on one line and may break between them.
        """
        unit = self.messages(f"label.quantity.{line.quantity_unit}", count=self.number(line.quantity))
        steps = [f"{unit} × {self.money(line.unit_price)}"]
        if line.monthly is not None and line.months:
            monthly = self.messages("label.monthly_amount", amount=self.money(line.monthly))
            steps.append(f"{monthly} × " + self.messages("label.months", count=line.months))
        return steps

    def fee_rate(self, rate: FeeRate) -> str:
        """Return an item priced per person as its rate, e.g. 装修工人出入证 MOP$30.00/人."""
        return f"{rate.name} {self.messages('label.per_person', amount=self.money(rate.unit_price))}"

    def item_scope(self, item: FeeItem, property_names: Mapping[str, str], phase_names: Mapping[str, str]) -> str:
        """Return who pays a fee item, e.g. 住宅，家庭户、公司户，自愿办理：委托开发商代办不动产权证书."""
        t, join = self.messages, self.punct.list.join
        parts = [join(property_names[kind] for kind in item.property_types)] if item.property_types else []
        if item.household_types:
            parts.append(join(t(f"label.household.{kind}") for kind in item.household_types))
        if item.phases:
            parts.append(join(phase_names.get(phase, phase) for phase in item.phases))
        if item.parking:
            parts.append(join(t(f"label.parking_tenure.{tenure}") for tenure in item.parking))
        if item.optional:
            parts.append(t("label.optional_item", option=item.option or item.name))
        return self.punct.comma.join(parts) or t("label.all_types")

    def fee_rules(self, schedule: FeeSchedule) -> list[str]:
        """Return the sentences that say how move-in fees are computed, as the engine computes them.

        The billing start, each monthly fee's prepayment and what refusing it means, the developer's months
        (project-wide, then per phase where a phase differs), the free cards, and the rounding rule.
        """
        return [self.messages("label.billing_rule"), *self.prepayment_rules(schedule),
                *self.developer_rules(schedule), self.card_rule(schedule.cards), self.messages("label.rounding_rule")]

    def prepayment_rules(self, schedule: FeeSchedule) -> list[str]:
        """Return what each monthly fee prepays at move-in, and what an owner who refuses pays instead."""
        t, sentences = self.messages, []
        for term in schedule.prepayments:
            name, terms = t(f"label.monthly_fee.{term.fee}"), term.terms
            if not terms.months:
                sentences.append(t("label.prepayment_none", fee=name))
                continue
            refusal = t(f"label.prepayment_refusal.{terms.refusal_collects}") if terms.refusable else \
                t("label.prepayment_not_refusable")
            sentences.append(t("label.prepayment_rule", months=terms.months, fee=name) + refusal)
        return sentences

    def developer_rules(self, schedule: FeeSchedule) -> list[str]:
        """Return the months of each monthly fee the developer pays: for everyone, then each phase that differs."""
        t = self.messages
        return [t("label.developer_months_rule" if term.months else "label.developer_months_none",
                  phase=term.phase.name if term.phase else t("label.for_everyone"), months=term.months,
                  fee=t(f"label.monthly_fee.{term.fee}"))
                for term in schedule.developer_months]

    def card_rule(self, cards: AccessCards) -> str:
        """Return how many access cards are free and what another costs."""
        t = self.messages
        return t("label.access_cards_rule", free=cards.free_per_unit, price=self.money(cards.cost_price)) + \
            (t("label.access_cards_parking_rule", free=cards.free_per_parking_unit)
             if cards.free_per_parking_unit else "")

    def item_amount(self, item: FeeItem) -> str:
        """Return what a fee item costs on its basis, e.g. 每平方米 ¥38.00."""
        return self.messages(f"label.basis.{item.basis}", amount=self.money(item.amount))

    def figure(self, figure: Figure) -> str:
        """Return a schedule figure as an FAQ answer quotes it: ¥2.85/平方米/月, ¥450.00, 3, 每平方米 ¥38.00."""
        if figure.kind == "rate":
            return self.rate(figure.value)
        if figure.kind == "money":
            return self.money(figure.value)
        if figure.kind == "item":
            return self.item_amount(figure.value)
        return self.number(figure.value)

    def document_details(self, item) -> str:
        """Return what to bring of a document, e.g. （原件，复印件 3 份）; empty when nothing is said."""
        parts = ([self.messages("label.original")] if item.original else []) + \
                ([self.messages("label.copies", count=item.copies)] if item.copies else [])
        return self.punct.paren(self.punct.comma.join(parts))

    def capitals(self, amount: Decimal) -> str:
        """Return an amount in capitals after its currency's name, e.g. 澳門元壹萬元整; "" in an English edition.

        Capitals (大写) are a Chinese safeguard against altering an amount: the PBoC's rules for bills require
        them, since 一, 二, 三 and 十 become one another with a stroke, and Chinese readers expect them beside a
        total to pay. English has no such convention for a notice or a statement: English bills print the figure,
        with its currency symbol and cents, and amounts in words belong to cheques, which the payer writes
        ("One thousand five and 50/100" read like a cheque on a notice). So English editions print the figure
        alone, and the templates leave out the words, with their label, when this is empty.
        """
        if self.language.script == "Latn":
            return ""
        name = currency_of(self.currency).names[self.language.script]
        return name + amount_in_capitals(amount, self.language.script)
