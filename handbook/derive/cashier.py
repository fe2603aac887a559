"""What each cashier expects to take, per move-in day and per collector (§4(2)2: separate POS terminals).

The property company and the developer collect at their own desks, each
with its own POS terminal, so each day has one sheet per collector: the
units paying there, in appointment order, each with the amount its notice
asks for, and the day's total. Amounts come from the same fee statements as
the notices and summary.csv, so a day's sheet totals equal the sum of that
day's rows of summary.csv.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from ..model.base import Collector
from ..model.units import Unit
from .fees import COLLECTORS, ZERO, FeeLine, FeeStatement


def cashier_day(unit: Unit) -> dt.date:
    """Return the day a unit's owner pays: their appointment's day, else their move-in date."""
    return unit.appointment.date() if unit.appointment else unit.move_in_date


@dataclass(frozen=True)
class CashierRow:
    unit: Unit
    lines: tuple[FeeLine, ...]
    """The owner's lines this collector takes."""
    amount: Decimal


@dataclass(frozen=True)
class CashierSheet:
    day: dt.date
    collector: Collector
    rows: tuple[CashierRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), ZERO)


def cashier_sheets(statements: Iterable[tuple[Unit, FeeStatement]]) -> list[CashierSheet]:
    """Return a sheet per day and collector with the units that pay there, in the order given (appointments)."""
    rows: dict[tuple[dt.date, Collector], list[CashierRow]] = {}
    for unit, statement in statements:
        for collector in COLLECTORS:
            lines = tuple(line for line in statement.lines if line.payer == "owner" and line.collector == collector)
            amount = statement.total(payer="owner", collector=collector)
            if amount:  # a unit paying nothing at a desk is not that cashier's business
                rows.setdefault((cashier_day(unit), collector), []).append(CashierRow(unit, lines, amount))
    return [CashierSheet(day, collector, tuple(rows[day, collector]))
            for day, collector in sorted(rows, key=lambda key: (key[0], COLLECTORS.index(key[1])))]
