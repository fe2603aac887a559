"""Turn a project's fee rules and one unit's facts into an itemised, immutable fee statement.

Every amount the site, the guide, the boards and the notices show comes from
here (§4(2)2 of the source document). Pure: no I/O, Decimal only, never float.

Conventions beyond the rules in handbook.model.fees:

- Three kinds of monthly fee are billed from the same billing start:
  management, a bought space's service fee and a rented space's rent. Each
  has its own prepayment (months, whether it may be refused, what a refusal
  collects) and its own developer months, per project and per phase.
- Refusing a prepayment (§4(2)2②: the owner pays month by month) collects
  nothing before it falls due: at most the month that starts at the billing
  start, never a month after the developer's.
- A fee item applies to a unit when the unit is in its scope (household
  type, property type, phase, parking) and, for an optional item, when the
  unit asked for it. An owner of a parking space only (household type
  parking) has no management area and pays only the items that name parking
  among their household types, or that are charged for spaces alone.
- An item priced per person (a worker pass) is a rate, not a line: the
  number of people is not known at move-in, so it stays out of every total.
- The free access cards are a developer-paid line (free cards x cost price),
  so the developer's total per unit shows what it funds; no line when a
  project gives none.
- Every monthly line is collected by the property company, rent for a
  rented space included: ParkingFee has no collector field. Only fee items
  (FeeItem.collector) name the developer.
- Decoration items are paid when the owner applies for decoration, so they
  are kept apart from the move-in lines and totals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Iterable, Iterator, Literal, Mapping, Protocol, Sequence, TypeVar

from ..errors import HandbookError
from ..i18n.numerals import amount_in_capitals
from ..model.base import Collector, ParkingTenure, Payer
from ..model.estate import Phase
from ..model.fees import (
    AccessCards,
    FeeItem,
    Fees,
    ManagementRate,
    ParkingFee,
    Prepayment,
)

Group = Literal["management", "parking", "access_cards", "other", "for_developer", "decoration"]
MonthlyFee = Literal["management", "parking_service", "parking_rent"]
MONTHLY_FEES: tuple[MonthlyFee, ...] = MonthlyFee.__args__
QuantityUnit = Literal["m2", "space", "card", "unit"]
PAYERS: tuple[Payer, ...] = Payer.__args__
COLLECTORS: tuple[Collector, ...] = Collector.__args__
PARKING: tuple[ParkingTenure, ...] = ParkingTenure.__args__
ITEM_GROUPS: tuple[Group, ...] = ("decoration", "other", "for_developer")
"""The Fees lists of fee items, by their group name."""
PARKING_ONLY = "parking"
"""The household type of an owner of a parking space only."""
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

    area_m2: Decimal | None
    """Floor area; None only for a parking space alone."""
    property_type: str | None
    """Property type; None only for a parking space alone."""
    move_in_date: dt.date
    phase: str | None = None
    parking: ParkingTenure = "none"
    parking_type: str | None = None
    extra_cards: int = 0
    refuses_prepayment: bool = False
    household_type: str = "family"
    options: frozenset[str] = frozenset()
    """Ids of the optional items the unit asked for."""

    def __post_init__(self) -> None:
        if self.area_m2 is not None and (
            not isinstance(self.area_m2, Decimal) or not self.area_m2.is_finite() or self.area_m2 <= 0
        ):
            raise ValueError(f"area_m2 must be a positive Decimal, not {self.area_m2!r}")
        if self.parking not in PARKING:
            raise ValueError(f"parking must be one of {', '.join(PARKING)}, not {self.parking!r}")
        if self.extra_cards < 0:
            raise ValueError(f"extra_cards must not be negative, not {self.extra_cards}")
        if self.parking_only:
            if self.property_type is not None or self.parking == "none":
                raise ValueError("a parking-only unit has a space (parking) and no property type")
        elif self.property_type is None or self.area_m2 is None:
            raise ValueError(f"a {self.household_type} unit needs a property type and an area")

    @property
    def parking_only(self) -> bool:
        """Return whether the unit is a parking space bought or rented alone."""
        return self.household_type == PARKING_ONLY


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
    option: str | None = None
    """For an optional item the unit asked for: what it asked for (the item's option text, else its name)."""
    refused: bool = False
    """For the owner's months of a monthly fee: the owner refused the prepayment and pays month by month."""

    @property
    def months(self) -> int | None:
        """Return the months a periodic line covers, or None for a one-off."""
        return self.period.months if self.period else None

    def in_capitals(self, script: str = "Hans") -> str:
        """Return the amount in Chinese capital numerals."""
        return amount_in_capitals(self.amount, script)


@dataclass(frozen=True)
class FeeRate:
    """An item priced per person (a worker pass): shown as a rate, outside every total."""

    id: str
    name: str
    group: Group
    payer: Payer
    collector: Collector
    unit_price: Decimal
    refundable: bool = False
    note: str | None = None
    option: str | None = None


@dataclass(frozen=True)
class MonthByMonth:
    """A monthly fee the owner refused to prepay (§4(2)2②): what each month costs and when the next falls due."""

    fee: MonthlyFee
    name: str
    """The editor's name of the property type or space type."""
    monthly: Decimal
    next_due: dt.date
    """The start of the first month not paid at move-in (nor by the developer)."""


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
    rates: tuple[FeeRate, ...] = ()
    """Items priced per person, of any group: paid when the people are known, outside every total."""
    month_by_month: tuple[MonthByMonth, ...] = ()
    """The monthly fees the owner refused to prepay, billed month by month after move-in."""

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
        *management_lines(rules, unit, start),
        *parking_lines(rules, unit, start),
        *card_lines(fees.access_cards, unit),
        *item_lines(fees.other, "other", unit),
        *item_lines(fees.for_developer, "for_developer", unit),
    )
    rates = tuple(
        rate_line(item, group, unit) for group, item in fee_items(fees)
        if item.basis == "per_person" and applies(item, unit)
    )
    return FeeStatement(unit, fees.currency, start, lines, item_lines(fees.decoration, "decoration", unit), rates,
                        month_by_month(rules, unit, start))


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


def developer_months(rules: FeeRules, phase_id: str | None, fee: MonthlyFee = "management") -> int:
    """Return the months of a monthly fee the developer pays for a unit of this phase; a phase's own figure wins."""
    phase = unit_phase(rules, phase_id)
    own = phase.developer_months if phase else None
    months = getattr(own, fee) if own else None
    if months is None:
        months = getattr(rules.fees.developer_months, fee)
    return months or 0


def prepayment(fees: Fees, fee: MonthlyFee) -> Prepayment:
    """Return the prepayment rule of a monthly fee."""
    return getattr(fees.prepayment, fee)


def owner_months(rule: Prepayment, unit: UnitFacts, developer: int) -> int:
    """Return the months the owner pays at move-in: the prepayment, or what a refusal collects."""
    if not (unit.refuses_prepayment and rule.refusable):
        return rule.months
    # §4(2)2②: refusing, the owner pays month by month, so nothing is collected before it falls due:
    # at most the month starting at the billing start, which the developer's months push away.
    if rule.refusal_collects == "first_month" and developer == 0:
        return min(rule.months, 1)
    return 0


def monthly_fee(parking: ParkingTenure) -> MonthlyFee:
    """Return which monthly fee a unit's parking pays: a bought space's service fee or a rented space's rent."""
    return "parking_service" if parking == "bought" else "parking_rent"


def project_monthly_fees(fees: Fees) -> tuple[MonthlyFee, ...]:
    """Return the monthly fees a project charges: management, and a space's service fee or rent if it has spaces."""
    tenures = {space.tenure for space in fees.parking}
    return ("management", *(monthly_fee(tenure) for tenure in ("bought", "rented") if tenure in tenures))


def unit_monthly_fees(unit: UnitFacts) -> tuple[MonthlyFee, ...]:
    """Return the monthly fees a unit pays: management for a home, shop or office, and its space's fee or rent."""
    return (("management",) if unit.property_type is not None else ()) + \
        ((monthly_fee(unit.parking),) if unit.parking != "none" else ())


def payers_of_months(start: dt.date, developer: int, owner: int) -> tuple[tuple[Payer, Period], ...]:
    """Return who pays which months: the developer's first, then the owner's."""
    periods: tuple[tuple[Payer, Period], ...] = (
        ("developer", Period.of(start, developer)),
        ("owner", Period.of(add_months(start, developer), owner)),
    )
    return tuple((payer, period) for payer, period in periods if period.months)


def monthly_lines(
    rules: FeeRules, unit: UnitFacts, start: dt.date, fee: MonthlyFee, rule: ManagementRate | ParkingFee,
    quantity: Decimal, quantity_unit: QuantityUnit, price: Decimal,
) -> tuple[FeeLine, ...]:
    """Return the months of a monthly fee paid at move-in: the developer's, then the owner's."""
    developer, owner, refused = monthly_terms(rules, unit, fee)
    return tuple(
        monthly_line(fee, rule, quantity, quantity_unit, price, payer, period, refused and payer == "owner")
        for payer, period in payers_of_months(start, developer, owner)
    )


def monthly_terms(rules: FeeRules, unit: UnitFacts, fee: MonthlyFee) -> tuple[int, int, bool]:
    """Return a monthly fee's months the developer pays, those the owner pays at move-in, and whether they refused."""
    developer = developer_months(rules, unit.phase, fee)
    terms = prepayment(rules.fees, fee)
    return developer, owner_months(terms, unit, developer), unit.refuses_prepayment and terms.refusable


def month_by_month(rules: FeeRules, unit: UnitFacts, start: dt.date) -> tuple[MonthByMonth, ...]:
    """Return the monthly fees the owner refused to prepay: each month's amount and when the next one falls due."""
    fees: list[tuple[MonthlyFee, str, Decimal]] = []
    if unit.area_m2 is not None and (rate := management_rate(rules.fees, unit)):
        fees.append(("management", rate.name, round_money(unit.area_m2 * rate.rate)))
    if space := parking_space(rules.fees, unit):
        fees.append((monthly_fee(unit.parking), space.name, round_money(space.monthly)))
    bills = []
    for fee, name, monthly in fees:
        developer, owner, refused = monthly_terms(rules, unit, fee)
        if refused:
            bills.append(MonthByMonth(fee, name, monthly, add_months(start, developer + owner)))
    return tuple(bills)


def management_lines(rules: FeeRules, unit: UnitFacts, start: dt.date) -> tuple[FeeLine, ...]:
    """Return the management fee months the developer pays, then those the owner pays; none for a space alone."""
    rate = management_rate(rules.fees, unit)
    if rate is None or unit.area_m2 is None:
        return ()
    return monthly_lines(rules, unit, start, "management", rate, unit.area_m2, "m2", rate.rate)


def parking_lines(rules: FeeRules, unit: UnitFacts, start: dt.date) -> tuple[FeeLine, ...]:
    """Return the months of a bought space's service fee or a rented space's rent, if the unit has a space."""
    space = parking_space(rules.fees, unit)
    if space is None:
        return ()
    return monthly_lines(rules, unit, start, monthly_fee(unit.parking), space, Decimal(1), "space", space.monthly)


def management_rate(fees: Fees, unit: UnitFacts) -> ManagementRate | None:
    """Return the management rate of a unit's property type; None for a parking space alone."""
    if unit.property_type is None:
        return None
    return find("property type", unit.property_type, {rate.property_type: rate for rate in fees.management})


def parking_space(fees: Fees, unit: UnitFacts) -> ParkingFee | None:
    """Return the monthly fee of a unit's bought or rented space; None when it has none."""
    if unit.parking == "none":
        return None
    spaces = {space.space_type: space for space in fees.parking if space.tenure == unit.parking}
    return find(f"{unit.parking} parking space type", unit.parking_type, spaces)


def card_lines(cards: AccessCards, unit: UnitFacts) -> tuple[FeeLine, ...]:
    """Return the free cards the developer funds and the extra cards the owner buys, at cost price."""
    free = cards.free_per_parking_unit if unit.parking_only else cards.free_per_unit
    counts: tuple[tuple[str, Payer, int], ...] = (
        ("access_cards.free", "developer", free),
        ("access_cards.extra", "owner", unit.extra_cards),
    )
    return tuple(
        one_off_line(
            line_id, None, "access_cards", payer, "property_company", Decimal(count), "card", cards.cost_price
        )
        for line_id, payer, count in counts
        if count
    )


def fee_items(fees: Fees) -> Iterator[tuple[Group, FeeItem]]:
    """Yield every fee item of the rules with its group, in the order the editor wrote them."""
    for group in ITEM_GROUPS:
        for item in getattr(fees, group):
            yield group, item


def item_lines(items: Iterable[FeeItem], group: Group, unit: UnitFacts) -> tuple[FeeLine, ...]:
    """Return a line for each fee item, priced per unit or per m², that applies to the unit."""
    return tuple(item_line(item, group, unit) for item in items if item.basis != "per_person" and applies(item, unit))


def applies(item: FeeItem, unit: UnitFacts) -> bool:
    """Return whether a unit pays a fee item: it is in the item's scope and, if the item is optional, asked for it."""
    return in_scope(item, unit) and (not item.optional or item.id in unit.options)


def in_scope(item: FeeItem, unit: UnitFacts) -> bool:
    """Return whether a unit is among those a fee item applies to (an empty list allows any)."""
    household = (unit.household_type in item.household_types if item.household_types
                 else not unit.parking_only or for_spaces(item))  # a space alone pays only the items that name it
    return (
        household
        and (not item.property_types or unit.property_type in item.property_types)
        and (not item.phases or unit.phase in item.phases)
        and (not item.parking or unit.parking in item.parking)
    )


def for_spaces(item: FeeItem) -> bool:
    """Return whether an item is charged for parking spaces only (its parking scope is bought, rented or both)."""
    return bool(item.parking) and "none" not in item.parking


def item_line(item: FeeItem, group: Group, unit: UnitFacts) -> FeeLine:
    """Return a fee item's line: its amount, or its amount per m² times the unit's area."""
    if item.basis == "per_m2":
        if unit.area_m2 is None:
            raise FeeRuleMissing(f"fee {item.id!r} is charged per m², and the unit has no area")
        quantity, quantity_unit = unit.area_m2, "m2"
    else:
        quantity, quantity_unit = Decimal(1), "unit"
    return one_off_line(
        item.id, item.name, group, item.payer, item.collector, quantity, quantity_unit, item.amount,
        refundable=item.refundable, note=item.note, option=option_text(item),
    )


def rate_line(item: FeeItem, group: Group, unit: UnitFacts) -> FeeRate:
    """Return an item priced per person as a rate."""
    return FeeRate(item.id, item.name, group, item.payer, item.collector, item.amount,
                   refundable=item.refundable, note=item.note, option=option_text(item))


def option_text(item: FeeItem) -> str | None:
    """Return what an owner asked for to pay an optional item (its option text, else its name); None if not optional."""
    return (item.option or item.name) if item.optional else None


def monthly_line(
    fee: MonthlyFee, rule: ManagementRate | ParkingFee, quantity: Decimal, quantity_unit: QuantityUnit,
    price: Decimal, payer: Payer, period: Period, refused: bool = False,
) -> FeeLine:
    """Return a periodic line: quantity x monthly price, rounded, times whole months."""
    group: Group = "management" if fee == "management" else "parking"
    monthly = round_money(quantity * price)
    return FeeLine(
        f"{group}.{payer}", rule.name, group, payer, "property_company", quantity, quantity_unit, price,
        monthly * period.months, monthly=monthly, period=period, refused=refused,
    )


def one_off_line(
    line_id: str, name: str | None, group: Group, payer: Payer, collector: Collector,
    quantity: Decimal, quantity_unit: QuantityUnit, price: Decimal, *, refundable: bool = False,
    note: str | None = None, option: str | None = None,
) -> FeeLine:
    """Return a one-off line: quantity x price, rounded."""
    return FeeLine(
        line_id, name, group, payer, collector, quantity, quantity_unit, price, round_money(quantity * price),
        refundable=refundable, note=note, option=option,
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
