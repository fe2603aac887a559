"""Turn a project's fee rules and one unit's facts into an itemised, immutable fee statement.

Every amount the site, the guide, the boards and the notices show comes from
here (§4(2)2 of the source document). Pure: no I/O, Decimal only, never float.

Conventions beyond the rules in handbook.model.fees:

- Developer months (deferred billing or gifted months) apply to management
  fees only: the issue states them for management billing and gives parking
  only "the same prepayment rule". Parking is billed from the same billing
  start, so its owner months start there.
- The free access cards are a developer-paid line (free cards x cost price),
  so the developer's total per unit shows what it funds; no line when a
  project gives none.
- Every computed line (management, parking, cards) is collected by the
  property company, rent for a rented space included: ParkingFee has no
  collector field. Only fee items (FeeItem.collector) name the developer.
- Decoration items are paid when the owner applies for decoration, so they
  are kept apart from the move-in lines and totals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Iterable, Literal, Mapping, Protocol, Sequence, TypeVar

from ..errors import HandbookError
from ..i18n.numerals import amount_in_capitals
from ..model.base import Collector, Payer
from ..model.estate import Phase
from ..model.fees import AccessCards, FeeItem, Fees, ManagementRate, ParkingFee

Group = Literal["management", "parking", "access_cards", "other", "for_developer", "decoration"]
Parking = Literal["none", "bought", "rented"]
QuantityUnit = Literal["m2", "space", "card", "unit"]
PAYERS: tuple[Payer, ...] = Payer.__args__
COLLECTORS: tuple[Collector, ...] = Collector.__args__
PARKING: tuple[Parking, ...] = Parking.__args__
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
EXAMPLE_DAYS = (10, 20)
"""Move-in days of the worked examples: one on each side of the 15th."""


def round_money(amount: Decimal) -> Decimal:
    """Round an amount half up to the cent: the one rounding rule of every fee."""
    # The rule, stated once: a line item is computed exactly (area x rate,
    # area x per-m² amount, count x price), then rounded half up to 0.01
    # (88.10 m² x 2.85 = 251.085 -> 251.09). A monthly item rounds its monthly
    # amount, then multiplies it by whole months, so a notice's "monthly x
    # months" always checks out. Totals are sums of rounded items.
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class FeeRuleMissing(HandbookError, ValueError):
    """A unit names a property type, space type or phase the fee rules do not have."""


class FeeRules(Protocol):
    """What statement() reads: a Project or its public view qualifies."""

    @property
    def fees(self) -> Fees: ...

    @property
    def phases(self) -> Sequence[Phase]: ...


@dataclass(frozen=True)
class UnitFacts:
    """One unit as the fee rules see it."""

    area_m2: Decimal
    property_type: str
    move_in_date: dt.date
    phase: str | None = None
    parking: Parking = "none"
    parking_type: str | None = None
    extra_cards: int = 0
    refuses_prepayment: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.area_m2, Decimal) or not self.area_m2.is_finite() or self.area_m2 <= 0:
            raise ValueError(f"area_m2 must be a positive Decimal, not {self.area_m2!r}")
        if self.parking not in PARKING:
            raise ValueError(f"parking must be one of {', '.join(PARKING)}, not {self.parking!r}")
        if self.extra_cards < 0:
            raise ValueError(f"extra_cards must not be negative, not {self.extra_cards}")


@dataclass(frozen=True)
class Period:
    """Whole months a periodic fee covers, both ends inclusive."""

    start: dt.date
    end: dt.date
    months: int

    @classmethod
    def of(cls, start: dt.date, months: int) -> Period:
        """Return the period of whole months from start: 15 Jan + 1 month ends on 14 Feb."""
        return cls(start, add_months(start, months) - dt.timedelta(days=1), months)


@dataclass(frozen=True)
class FeeLine:
    """One item of a statement, with what it takes to show how it was computed."""

    id: str
    """Fee id: the editor's FeeItem id, or a dotted id (management.owner) no editor id can take."""
    name: str | None
    """Editor's name of the rule behind it (fee, property type or space type); None for access cards."""
    group: Group
    payer: Payer
    collector: Collector
    quantity: Decimal
    """How many of quantity_unit: m² of area, spaces, cards, or 1 unit."""
    quantity_unit: QuantityUnit
    unit_price: Decimal
    """Price per quantity_unit, per month for periodic lines."""
    amount: Decimal
    """round_money(quantity x unit_price), times months for periodic lines."""
    monthly: Decimal | None = None
    period: Period | None = None
    refundable: bool = False
    note: str | None = None

    @property
    def months(self) -> int | None:
        """Return the months a periodic line covers, or None for a one-off."""
        return self.period.months if self.period else None

    def in_capitals(self, script: str = "Hans") -> str:
        """Return the amount in Chinese capital numerals."""
        return amount_in_capitals(self.amount, script)


@dataclass(frozen=True)
class FeeStatement:
    """Everything a unit pays, or is paid for, at move-in, line by line."""

    unit: UnitFacts
    currency: str
    billing_start: dt.date
    lines: tuple[FeeLine, ...]
    """Move-in lines: management, parking, access cards, other fees, fees for the developer."""
    decoration_lines: tuple[FeeLine, ...]
    """Due when the owner applies for decoration, so outside the move-in totals."""

    def total(self, payer: Payer | None = None, collector: Collector | None = None) -> Decimal:
        """Return the sum of the move-in lines with this payer and collector (None for any)."""
        return sum_lines(self.lines, payer, collector)

    def decoration_total(self, payer: Payer | None = None, collector: Collector | None = None) -> Decimal:
        """Return the sum of the decoration lines with this payer and collector (None for any)."""
        return sum_lines(self.decoration_lines, payer, collector)

    def total_in_capitals(
        self, payer: Payer | None = None, collector: Collector | None = None, script: str = "Hans"
    ) -> str:
        """Return a move-in total in Chinese capital numerals."""
        return amount_in_capitals(self.total(payer, collector), script)

    @property
    def owner_total(self) -> Decimal:
        """Return what the owner brings to move-in, across both collectors."""
        return self.total(payer="owner")

    @property
    def by_payer(self) -> Mapping[Payer, Decimal]:
        """Return the move-in total of each payer."""
        return MappingProxyType({payer: self.total(payer=payer) for payer in PAYERS})

    @property
    def by_collector(self) -> Mapping[Collector, Decimal]:
        """Return the move-in total each collector takes (each at its own POS)."""
        return MappingProxyType({collector: self.total(collector=collector) for collector in COLLECTORS})


@dataclass(frozen=True)
class WorkedExample:
    """A sample unit and its statement, for outputs to print without typing totals."""

    key: str
    """Short id of the facts that differ between examples, e.g. move-in-day-10."""
    statement: FeeStatement

    @property
    def unit(self) -> UnitFacts:
        """Return the sample unit's facts."""
        return self.statement.unit


def statement(rules: FeeRules, unit: UnitFacts) -> FeeStatement:
    """Return the itemised fees of one unit under a project's fee rules."""
    fees = rules.fees
    start = billing_start(unit.move_in_date)
    lines = (
        *management_lines(fees, unit, start, developer_months(rules, unit.phase)),
        *parking_lines(fees, unit, start),
        *card_lines(fees.access_cards, unit),
        *item_lines(fees.other, "other", unit),
        *item_lines(fees.for_developer, "for_developer", unit),
    )
    return FeeStatement(unit, fees.currency, start, lines, item_lines(fees.decoration, "decoration", unit))


def worked_examples(
    rules: FeeRules, area: Decimal = Decimal("80"), property_type: str | None = None
) -> tuple[WorkedExample, ...]:
    """Return a unit moving in on the 10th and one on the 20th of the first phase's move-in month."""
    if not rules.phases:
        raise FeeRuleMissing("worked examples need a phase with a move-in window; the rules have none")
    phase = rules.phases[0]
    kind = property_type or rules.fees.management[0].property_type
    return tuple(
        WorkedExample(
            f"move-in-day-{day}",
            statement(rules, UnitFacts(area, kind, phase.move_in.start.replace(day=day), phase=phase.id)),
        )
        for day in EXAMPLE_DAYS
    )


def billing_start(move_in: dt.date) -> dt.date:
    """Return the day management fees start for a unit moving in on move_in."""
    # §4(2)2: days 1-15 start on the 15th of that month, later days on the 1st of the next.
    if move_in.day <= 15:
        return move_in.replace(day=15)
    return add_months(move_in.replace(day=1), 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day of the month months later, kept within that month."""
    # Billing starts fall on the 1st or the 15th, which every month has; the
    # clamp only keeps the function honest for other days.
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def unit_phase(rules: FeeRules, phase_id: str | None) -> Phase | None:
    """Return the phase a unit names, or None when it names none (the project-wide rules apply, never a guess)."""
    if phase_id is None:
        return None
    return find("phase", phase_id, {phase.id: phase for phase in rules.phases})


def developer_months(rules: FeeRules, phase_id: str | None) -> int:
    """Return the months the developer pays for a unit of this phase; a phase's own figure wins."""
    phase = unit_phase(rules, phase_id)
    if phase is None or phase.developer_months is None:
        return rules.fees.developer_months
    return phase.developer_months


def owner_months(fees: Fees, unit: UnitFacts) -> int:
    """Return the months the owner prepays at move-in: the first month only if they refuse."""
    # min(): refusing never makes an owner pay more than the project's prepayment.
    return min(fees.prepaid_months, 1) if unit.refuses_prepayment else fees.prepaid_months


def payers_of_months(start: dt.date, developer: int, owner: int) -> tuple[tuple[Payer, Period], ...]:
    """Return who pays which months: the developer's first, then the owner's prepayment."""
    periods: tuple[tuple[Payer, Period], ...] = (
        ("developer", Period.of(start, developer)),
        ("owner", Period.of(add_months(start, developer), owner)),
    )
    return tuple((payer, period) for payer, period in periods if period.months)


def management_lines(fees: Fees, unit: UnitFacts, start: dt.date, developer: int) -> tuple[FeeLine, ...]:
    """Return the management fee months the developer pays, then those the owner prepays."""
    rate = find("property type", unit.property_type, {rate.property_type: rate for rate in fees.management})
    return tuple(
        monthly_line("management", rate, unit.area_m2, "m2", rate.rate, payer, period)
        for payer, period in payers_of_months(start, developer, owner_months(fees, unit))
    )


def parking_lines(fees: Fees, unit: UnitFacts, start: dt.date) -> tuple[FeeLine, ...]:
    """Return the owner's prepaid parking service fee (bought) or rent (rented), if any."""
    if unit.parking == "none":
        return ()
    spaces = {space.space_type: space for space in fees.parking if space.tenure == unit.parking}
    space = find(f"{unit.parking} parking space type", unit.parking_type, spaces)
    # Developer months defer management fees only (see the module docstring).
    return tuple(
        monthly_line("parking", space, Decimal(1), "space", space.monthly, payer, period)
        for payer, period in payers_of_months(start, 0, owner_months(fees, unit))
    )


def card_lines(cards: AccessCards, unit: UnitFacts) -> tuple[FeeLine, ...]:
    """Return the free cards the developer funds and the extra cards the owner buys, at cost price."""
    counts: tuple[tuple[str, Payer, int], ...] = (
        ("access_cards.free", "developer", cards.free_per_unit),
        ("access_cards.extra", "owner", unit.extra_cards),
    )
    return tuple(
        one_off_line(
            line_id, None, "access_cards", payer, "property_company", Decimal(count), "card", cards.cost_price
        )
        for line_id, payer, count in counts
        if count
    )


def item_lines(items: Iterable[FeeItem], group: Group, unit: UnitFacts) -> tuple[FeeLine, ...]:
    """Return a line for each fee item that applies to the unit's property type."""
    return tuple(item_line(item, group, unit) for item in items if applies(item, unit.property_type))


def applies(item: FeeItem, property_type: str) -> bool:
    """Return whether a fee item applies to a property type (an empty list means all)."""
    return not item.property_types or property_type in item.property_types


def item_line(item: FeeItem, group: Group, unit: UnitFacts) -> FeeLine:
    """Return a fee item's line: its amount, or its amount per m² times the unit's area."""
    quantity, quantity_unit = (unit.area_m2, "m2") if item.basis == "per_m2" else (Decimal(1), "unit")
    return one_off_line(
        item.id, item.name, group, item.payer, item.collector, quantity, quantity_unit, item.amount,
        refundable=item.refundable, note=item.note,
    )


def monthly_line(
    group: Group, rule: ManagementRate | ParkingFee, quantity: Decimal, quantity_unit: QuantityUnit,
    price: Decimal, payer: Payer, period: Period,
) -> FeeLine:
    """Return a periodic line: quantity x monthly price, rounded, times whole months."""
    monthly = round_money(quantity * price)
    return FeeLine(
        f"{group}.{payer}", rule.name, group, payer, "property_company", quantity, quantity_unit, price,
        monthly * period.months, monthly=monthly, period=period,
    )


def one_off_line(
    line_id: str, name: str | None, group: Group, payer: Payer, collector: Collector,
    quantity: Decimal, quantity_unit: QuantityUnit, price: Decimal, *, refundable: bool = False,
    note: str | None = None,
) -> FeeLine:
    """Return a one-off line: quantity x price, rounded."""
    return FeeLine(
        line_id, name, group, payer, collector, quantity, quantity_unit, price, round_money(quantity * price),
        refundable=refundable, note=note,
    )


def sum_lines(lines: Iterable[FeeLine], payer: Payer | None, collector: Collector | None) -> Decimal:
    """Return the sum of the lines with this payer and collector (None matches any)."""
    return sum(
        (line.amount for line in lines if payer in (None, line.payer) and collector in (None, line.collector)),
        ZERO,
    )


T = TypeVar("T")


def find(kind: str, wanted: str | None, known: Mapping[str, T]) -> T:
    """Return the rule a unit names, or raise FeeRuleMissing naming the ones there are."""
    if wanted in known:
        return known[wanted]
    raise FeeRuleMissing(
        f"the fee rules have no {kind} {wanted!r}; known: {', '.join(sorted(known)) or 'none'}"
    )
