"""A project's fee rules as the owner site's fee calculator reads them (templates/web/assets/javascripts/fees.js).

Plain JSON: amounts as decimal strings (the calculator computes with exact
integers, as handbook.derive.fees does with Decimal), months as numbers,
scopes as lists. Only the rules: no unit, no owner, nothing personal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from ..model.estate import Phase
from ..model.fees import Fees
from .fees import MONTHLY_FEES, fee_items


def calculator_rules(fees: Fees, phases: Sequence[Phase]) -> dict[str, Any]:
    """Return the fee rules the calculator needs, in the engine's terms and order."""
    return {
        "currency": fees.currency,
        "management": {rate.property_type: {"name": rate.name, "rate": number(rate.rate)} for rate in fees.management},
        "prepayment": {fee: getattr(fees.prepayment, fee).model_dump() for fee in MONTHLY_FEES},
        "developer_months": fees.developer_months.model_dump(),
        "phases": {phase.id: (phase.developer_months.model_dump() if phase.developer_months
                              else dict.fromkeys(MONTHLY_FEES)) for phase in phases},
        "cards": {"free_per_unit": fees.access_cards.free_per_unit,
                  "free_per_parking_unit": fees.access_cards.free_per_parking_unit,
                  "cost_price": number(fees.access_cards.cost_price)},
        "parking": {tenure: {space.space_type: {"name": space.name, "monthly": number(space.monthly)}
                             for space in fees.parking if space.tenure == tenure} for tenure in ("bought", "rented")},
        "items": [{"id": item.id, "name": item.name, "group": group, "amount": number(item.amount),
                   "basis": item.basis, "property_types": item.property_types,
                   "household_types": item.household_types, "phases": item.phases, "parking": item.parking,
                   "optional": item.optional, "option": item.option, "payer": item.payer,
                   "collector": item.collector, "refundable": item.refundable}
                  for group, item in fee_items(fees)],
    }


def number(value: Decimal) -> str:
    """Return a decimal as plain digits (never 1E+2), as the calculator parses it."""
    return format(value, "f")
