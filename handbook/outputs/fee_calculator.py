"""The fees page's calculator: the project's fee rules and the edition's words in, the calculator's form out.

The form (templates/web/calculator/fee-calculator.html) carries the rules as
JSON for assets/javascripts/fees.js, and the catalogue's words the results
are written in, so the calculator reads as the notices do and runs with no
request anywhere.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..derive.fee_data import calculator_rules
from ..derive.fees import MONTHLY_FEES, fee_items, prepayment
from ..engines.templating import environment
from ..i18n.currency import currency
from ..i18n.messages import Catalogue
from ..model.base import HOUSEHOLD_TYPES
from .base import RenderContext

SCRIPTS = ("assets/javascripts/fees.js", "assets/javascripts/fee-calculator.js")
# The catalogue's words the script writes results with (by key; families by prefix).
WORDS = ("label.billing_start", "label.owner_total", "label.collected_by", "label.paid_by_developer",
         "label.monthly_amount", "label.months", "label.date_range", "label.you_asked_for", "label.calc.",
         "label.month_by_month", "label.monthly_fee.",
         "label.fee_line.", "label.quantity.", "label.collector.", "punct.")


def fee_calculator(ctx: RenderContext, shared: dict[str, Any]) -> Markup:
    """Return the calculator's form for the fees page, in the edition's words, with the project's rules."""
    project, messages = ctx.project, ctx.edition.messages
    fees = project.fees
    first = project.phases[0].move_in
    template = environment([ctx.repo.templates / "web" / "calculator"], ctx.edition.language.babel_locale) \
        .get_template("fee-calculator.html")
    return Markup(template.render(
        **shared,
        fees=fees,
        rules=json.dumps(calculator_rules(fees, project.phases), ensure_ascii=False),
        labels=json.dumps(calculator_words(messages), ensure_ascii=False),
        symbol=currency(fees.currency).symbol,
        default_date=(first.start if first else ctx.revision).isoformat(),
        default_area=next((str(t.area_m2) for t in project.unit_types if t.area_m2), "80"),
        household_types=[kind for kind in HOUSEHOLD_TYPES if getattr(project.documents, kind, None)] or ["family"],
        phases=project.phases,
        spaces=fees.parking,
        refusable=any(prepayment(fees, fee).refusable for fee in MONTHLY_FEES),
        optional=[item for _, item in fee_items(fees) if item.optional],
    ))


def calculator_words(messages: Catalogue) -> dict[str, Any]:
    """Return the catalogue's words the script writes with: each text, or a plural message's `by` and forms.

    The script chooses a plural form with the browser's Intl.PluralRules, CLDR's rules as Babel's are.
    """
    return {key: {"by": messages.plurals[key].by, "forms": messages.plurals[key].forms}
            if key in messages.plurals else text
            for key, text in messages.messages.items() if key.startswith(WORDS)}
