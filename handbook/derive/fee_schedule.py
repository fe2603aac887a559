"""A project's fee schedule: its fee rules in, every owner-facing fee as the owner outputs print it out.

A FeeStatement is one unit's fees; the FeeSchedule is the project's: each
monthly rate, each prepayment and what refusing it collects, the developer's
months, the access cards, every one-off item with its scope and collector, the
worked examples and how to pay. The fees page, the guide's fee section and the
fee-guide board print it through the same macros (templates/_shared/fee_schedule.html),
and FAQ answers quote its figures by name (`{{ fee.management.rate }}`): the
names and values are `figures()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..model.base import Collector
from ..model.estate import Phase
from ..model.fees import (
    AccessCards,
    FeeItem,
    ManagementRate,
    PaymentChannel,
    Prepayment,
)
from .fees import (
    COLLECTORS,
    FeeRules,
    Group,
    MonthlyFee,
    WorkedExample,
    developer_months,
    prepayment,
    project_monthly_fees,
    worked_examples,
)

FigureKind = Literal["rate", "money", "count", "item"]
SCHEDULE_GROUPS: tuple[Group, ...] = ("other", "for_developer", "decoration")
"""The one-off items (fees.ITEM_GROUPS) in the order owners meet them: at move-in, for the developer, decorating."""


@dataclass(frozen=True)
class ParkingRow:
    """One kind of space: its name and the monthly fee of a bought one (service fee) and of a rented one (rent)."""

    space_type: str
    name: str
    bought: Decimal | None
    rented: Decimal | None


@dataclass(frozen=True)
class PrepaymentTerm:
    """How much of a monthly fee is prepaid at move-in, and what an owner who refuses pays."""

    fee: MonthlyFee
    terms: Prepayment


@dataclass(frozen=True)
class DeveloperMonthsTerm:
    """The months of a monthly fee the developer pays: for every unit (phase None), or a phase's own figure."""

    fee: MonthlyFee
    phase: Phase | None
    months: int


@dataclass(frozen=True)
class ItemGroup:
    group: Group
    items: tuple[FeeItem, ...]


@dataclass(frozen=True)
class Figure:
    """A value of the schedule an editor may quote by name, and how to print it."""

    kind: FigureKind
    value: Decimal | int | FeeItem


@dataclass(frozen=True)
class FeeSchedule:
    """Every fee an owner may pay, as the project's rules set them, with worked examples."""

    currency: str
    management: tuple[ManagementRate, ...]
    parking: tuple[ParkingRow, ...]
    prepayments: tuple[PrepaymentTerm, ...]
    developer_months: tuple[DeveloperMonthsTerm, ...]
    cards: AccessCards
    groups: tuple[ItemGroup, ...]
    examples: tuple[WorkedExample, ...]
    payment: tuple[PaymentChannel, ...]

    @property
    def items(self) -> tuple[FeeItem, ...]:
        return tuple(item for group in self.groups for item in group.items)

    def group(self, name: Group) -> tuple[FeeItem, ...]:
        return next((group.items for group in self.groups if group.group == name), ())

    def collectors(self) -> tuple[Collector, ...]:
        """Return who collects at move-in, in the catalogue's order: the property company, then the developer."""
        named = {"property_company"} | {item.collector for item in self.items}
        return tuple(collector for collector in COLLECTORS if collector in named)

    def figures(self) -> dict[str, Figure]:
        """Return every figure an editor may quote, by its placeholder name (without the leading `fee.`).

        Ids are written with underscores for hyphens (phase-2 -> phase_2), so each name is a Jinja attribute path.
        """
        names: dict[str, Figure] = {}
        if len(self.management) == 1:
            names["management.rate"] = Figure("rate", self.management[0].rate)
        for rate in self.management:
            names[f"management.{key(rate.property_type)}.rate"] = Figure("rate", rate.rate)
        for term in self.prepayments:
            names[f"{term.fee}.prepaid_months"] = Figure("count", term.terms.months)
        for term in self.developer_months:
            where = key(term.phase.id) if term.phase else "all"
            names[f"{term.fee}.developer_months.{where}"] = Figure("count", term.months)
        for row in self.parking:
            for tenure in ("bought", "rented"):
                monthly = getattr(row, tenure)
                if monthly is not None:
                    names[f"parking.{key(row.space_type)}.{tenure}"] = Figure("money", monthly)
        names["cards.free"] = Figure("count", self.cards.free_per_unit)
        names["cards.price"] = Figure("money", self.cards.cost_price)
        if self.cards.free_per_parking_unit:
            names["cards.free_per_parking_unit"] = Figure("count", self.cards.free_per_parking_unit)
        for item in self.items:
            names[f"item.{key(item.id)}.amount"] = Figure("money", item.amount)
            names[f"item.{key(item.id)}.rate"] = Figure("item", item)
        return names


def key(identifier: str) -> str:
    """Return an id as a placeholder name's part: hyphens become underscores."""
    return identifier.replace("-", "_")


def fee_schedule(rules: FeeRules, examples: bool = True) -> FeeSchedule:
    """Return a project's fee schedule from its fee rules (fees and phases).

    Without examples, no worked example is computed: they need the first phase's move-in window, which the
    figures an FAQ quotes do not (so `check` reports a missing window by its own check, not by a crash here).
    """
    fees = rules.fees
    monthly = project_monthly_fees(fees)
    return FeeSchedule(
        currency=fees.currency,
        management=tuple(fees.management),
        parking=parking_rows(fees.parking),
        prepayments=tuple(PrepaymentTerm(fee, prepayment(fees, fee)) for fee in monthly),
        developer_months=developer_terms(rules, monthly),
        cards=fees.access_cards,
        groups=tuple(ItemGroup(group, tuple(getattr(fees, group))) for group in SCHEDULE_GROUPS
                     if getattr(fees, group)),
        examples=worked_examples(rules) if examples else (),
        payment=tuple(fees.payment),
    )


def parking_rows(parking: list) -> tuple[ParkingRow, ...]:
    """Return one row per space type, in the order the data first names it."""
    rows: dict[str, dict] = {}
    for fee in parking:
        row = rows.setdefault(fee.space_type, {"name": fee.name, "bought": None, "rented": None})
        row[fee.tenure] = fee.monthly
    return tuple(ParkingRow(space_type, **row) for space_type, row in rows.items())


def developer_terms(rules: FeeRules, monthly: tuple[MonthlyFee, ...]) -> tuple[DeveloperMonthsTerm, ...]:
    """Return the developer's months of each monthly fee: the project's figure if any, then each phase that differs."""
    terms = []
    for fee in monthly:
        everyone = developer_months(rules, None, fee)
        if everyone:
            terms.append(DeveloperMonthsTerm(fee, None, everyone))
        terms += [DeveloperMonthsTerm(fee, phase, own) for phase in rules.phases
                  if (own := developer_months(rules, phase.id, fee)) != everyone]
    return tuple(terms)

