"""The owner site's fee calculator (fees.js) computes what the Python fee engine computes, to the cent.

Thousands of random cases — random fee rules (rates to four places, prepayment
months, refusals, developer months per fee and per phase, scoped and optional
items of every basis) and random units of every household type moving in on
any day from 1990 to 2099, month ends, Feb 29 and Dec -> Jan weighted in —
are run through handbook.derive.fees in Python and through fees.js in
headless Chromium, and every billing start, line, period, amount and total
must agree; a case the engine refuses must be refused by both.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from handbook.derive.fee_data import calculator_rules
from handbook.derive.fees import FeeRuleMissing, FeeStatement, UnitFacts, statement
from handbook.model.base import HOUSEHOLD_TYPES
from handbook.model.estate import MoveInWindow, Phase
from handbook.model.fees import (
    AccessCards,
    DeveloperMonths,
    FeeItem,
    Fees,
    ManagementRate,
    ParkingFee,
    Prepayment,
    Prepayments,
)
from tests.conftest import REPO_ROOT, sample_project

FEES_JS = REPO_ROOT / "templates" / "web" / "assets" / "javascripts" / "fees.js"
RULE_SETS = 120
UNITS_PER_RULES = 20  # 2,400 cases
KINDS = ["residential", "shop"]
PHASES = ["p1", "p2", "p3"]
FEES = ("management", "parking_service", "parking_rent")
SPECIAL_DAYS = [(2, 28), (2, 29), (12, 15), (12, 16), (12, 31), (1, 31), (1, 15), (1, 16), (4, 30), (3, 31)]


def money(rng: random.Random, high: int = 99999, places: int = 2) -> Decimal:
    return Decimal(rng.randint(0, high * 10 ** places)) / 10 ** places


def subset(rng: random.Random, choices: list[str]) -> list[str]:
    return [choice for choice in choices if rng.random() < 0.4] if rng.random() < 0.5 else []


def random_rules(rng: random.Random) -> SimpleNamespace:
    def months() -> int | None:
        return rng.choice([None, 0, 1, 2, 3, rng.randint(0, 36)])

    items = [
        FeeItem(id=f"item{n}", name=f"项目{n}", amount=money(rng, 9999),
                basis=rng.choice(["per_unit", "per_m2", "per_person"]),
                property_types=subset(rng, KINDS), household_types=subset(rng, list(HOUSEHOLD_TYPES)),
                phases=subset(rng, PHASES), parking=subset(rng, ["none", "bought", "rented"]),
                optional=rng.random() < 0.3, option=rng.choice([None, f"申请{n}"]),
                payer=rng.choice(["owner", "developer"]), collector=rng.choice(["property_company", "developer"]),
                refundable=rng.random() < 0.3)
        for n in range(rng.randint(0, 7))
    ]
    groups: dict[str, list[FeeItem]] = {"decoration": [], "other": [], "for_developer": []}
    for item in items:
        groups[rng.choice(list(groups))].append(item)
    fees = Fees(
        management=[ManagementRate(property_type=kind, name=kind, rate=money(rng, 99, 4)) for kind in KINDS],
        prepayment=Prepayments(**{fee: Prepayment(months=rng.choice([0, 1, 3, 3, 6, rng.randint(0, 36)]),
                                                  refusable=rng.random() < 0.7,
                                                  refusal_collects=rng.choice(["first_month", "nothing"]))
                                  for fee in FEES}),
        developer_months=DeveloperMonths(**{fee: months() for fee in FEES}),
        access_cards=AccessCards(free_per_unit=rng.randint(0, 5), free_per_parking_unit=rng.randint(0, 2),
                                 cost_price=money(rng, 200)),
        parking=[ParkingFee(space_type="standard", name="标准", tenure="bought", monthly=money(rng, 3000)),
                 ParkingFee(space_type="standard", name="标准", tenure="rented", monthly=money(rng, 9000)),
                 ParkingFee(space_type="large", name="大", tenure="bought", monthly=money(rng, 3000))],
        **groups,
    )
    window = MoveInWindow(start=dt.date(2027, 3, 6), end=dt.date(2027, 3, 31))
    phases = [Phase(id=phase, name=phase, households=1, move_in=window,
                    developer_months=rng.choice([None, DeveloperMonths(**{fee: months() for fee in FEES})]))
              for phase in PHASES]
    return SimpleNamespace(fees=fees, phases=phases)


def random_day(rng: random.Random) -> dt.date:
    if rng.random() < 0.3:
        month, day = rng.choice(SPECIAL_DAYS)
        year = rng.choice([2024, 2027, 2028, 2100 - 1]) if (month, day) != (2, 29) else rng.choice([2024, 2028, 2096])
        return dt.date(year, month, day)
    return dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, (dt.date(2099, 12, 31) - dt.date(1990, 1, 1)).days))


def random_unit(rng: random.Random, rules: SimpleNamespace) -> UnitFacts:
    household = rng.choice(HOUSEHOLD_TYPES)
    alone = household == "parking"
    parking = rng.choice(["bought", "rented"]) if alone else rng.choice(["none", "none", "bought", "rented"])
    space = {"none": None, "bought": rng.choice(["standard", "large"]), "rented": "standard"}[parking]
    optional = [item.id for items in (rules.fees.decoration, rules.fees.other, rules.fees.for_developer)
                for item in items if item.optional]
    return UnitFacts(
        area_m2=None if alone and rng.random() < 0.5 else money(rng, 2000) + Decimal("0.01"),
        property_type=None if alone else rng.choice(KINDS), move_in_date=random_day(rng),
        phase=rng.choice([None, *PHASES]), parking=parking, parking_type=space, extra_cards=rng.randint(0, 4),
        refuses_prepayment=rng.random() < 0.4, household_type=household,
        options=frozenset(item for item in optional if rng.random() < 0.5))


def as_input(unit: UnitFacts) -> dict[str, Any]:
    """Return a unit as the calculator's form gives it."""
    return {"area_m2": None if unit.area_m2 is None else format(unit.area_m2, "f"), "property_type": unit.property_type,
            "household_type": unit.household_type, "move_in_date": unit.move_in_date.isoformat(),
            "phase": unit.phase, "parking": unit.parking, "parking_type": unit.parking_type,
            "extra_cards": unit.extra_cards, "refuses_prepayment": unit.refuses_prepayment,
            "options": sorted(unit.options)}


def cents(amount: Decimal) -> str:
    return str(int(amount * 100))


def expected(result: FeeStatement) -> dict[str, Any]:
    """Return the Python engine's statement in the shape fees.js's plain() gives."""
    def line(item) -> dict[str, Any]:
        return {"id": item.id, "payer": item.payer, "collector": item.collector, "amount": cents(item.amount),
                "monthly": None if item.monthly is None else cents(item.monthly),
                "period": [item.period.start.isoformat(), item.period.end.isoformat(), item.period.months]
                if item.period else None}
    return {"billing_start": result.billing_start.isoformat(), "lines": [line(item) for item in result.lines],
            "decoration_lines": [line(item) for item in result.decoration_lines],
            "rates": [rate.id for rate in result.rates], "owner_total": cents(result.owner_total),
            "owner_by_collector": {collector: cents(result.total(payer="owner", collector=collector))
                                   for collector in ("property_company", "developer")},
            "month_by_month": [[bill.fee, cents(bill.monthly), bill.next_due.isoformat()]
                               for bill in result.month_by_month]}


RUN_ALL = """([ruleSets, cases]) => cases.map(([index, unit]) => {
  try { return HandbookFees.plain(HandbookFees.statement(ruleSets[index], unit)); }
  catch (error) { return {error: String(error.message)}; }
})"""


@pytest.fixture(scope="module")
def calculator(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'></head><body></body></html>")
    page.add_script_tag(content=FEES_JS.read_text(encoding="utf-8"))
    yield page
    context.close()


def test_the_calculator_agrees_with_the_engine_on_random_cases(calculator):
    rng = random.Random(20261130)
    rule_sets, cases, wanted = [], [], []
    for index in range(RULE_SETS):
        rules = random_rules(rng)
        rule_sets.append(calculator_rules(rules.fees, rules.phases))
        for _ in range(UNITS_PER_RULES):
            unit = random_unit(rng, rules)
            try:
                wanted.append(expected(statement(rules, unit)))
            except FeeRuleMissing:
                wanted.append("refused")
            cases.append([index, as_input(unit)])
    got = calculator.evaluate(RUN_ALL, [rule_sets, cases])
    got = ["refused" if "error" in result else result for result in got]
    mismatches = [(case, want, have) for case, want, have in zip(cases, wanted, got) if want != have]
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[0]}"
    # The cases reach what they are meant to: refusals, developer months, spaces alone, rates, decoration.
    statements = [want for want in wanted if want != "refused"]
    assert len(cases) >= 2000 and len(statements) > 1500
    assert any(line["payer"] == "developer" and line["period"] for s in statements for line in s["lines"])
    assert any(s["rates"] for s in statements) and any(s["decoration_lines"] for s in statements)
    assert sum(want == "refused" for want in wanted) > 10
    assert any(case[1]["move_in_date"].endswith("-02-29") for case in cases)
    assert any(s["month_by_month"] for s in statements)


def test_the_sample_projects_rules_give_the_sample_notices_amounts(calculator):
    """The rules written for the site are the project's: lotus-garden's 1-0403 (transfer, 72.30 m², 8 March)."""
    project = sample_project("lotus-garden")
    rules = calculator_rules(project.fees, project.phases)
    unit = UnitFacts(Decimal("72.30"), "residential", dt.date(2027, 3, 8), phase="phase-1", extra_cards=1,
                     household_type="transfer")
    (got,) = calculator.evaluate(RUN_ALL, [[rules], [[0, as_input(unit)]]])
    assert got == expected(statement(project, unit))
    assert got["owner_total"] == "66818"  # 618.18 + 20.00 + 30.00: no fund, no title agency for a transfer


@pytest.mark.parametrize("slug, path, unit, fill", [
    # lotus-garden's 1-0403: a transfer owner, 72.30 m², 8 March, one extra card (its notice asks for ¥668.18).
    ("lotus-garden", "fees/", UnitFacts(Decimal("72.30"), "residential", dt.date(2027, 3, 8), phase="phase-1",
                                        extra_cards=1, household_type="transfer"),
     {"#fc-household": "transfer", "#fc-area": "72.30", "#fc-date": "2027-03-08", "#fc-cards": "1"}),
    # A phase-2 family refusing prepayment, with a rented space and the title agency, in the English edition.
    ("lotus-garden", "en/fees/", UnitFacts(Decimal("88.88"), "residential", dt.date(2027, 9, 20), phase="phase-2",
                                           parking="rented", parking_type="standard", refuses_prepayment=True,
                                           options=frozenset({"title_registration"})),
     {"#fc-household": "family", "#fc-area": "88.88", "#fc-date": "2027-09-20", "#fc-phase": "phase-2",
      "#fc-parking": "rented:standard", "refuses_prepayment": True, "title_registration": True}),
    # A harbour-centre shop tenant (HKD, one month prepaid, no purchase items).
    ("harbour-centre", "fees/", UnitFacts(Decimal("61.20"), "shop", dt.date(2027, 6, 16),
                                          household_type="shop_tenant"),
     {"#fc-household": "shop_tenant", "#fc-property": "shop", "#fc-area": "61.20", "#fc-date": "2027-06-16"}),
])
def test_the_fees_page_calculator_shows_what_the_notice_would(slug, path, unit, fill, opened):
    project = sample_project(slug)
    wanted = statement(project, unit)
    with opened(f"{slug}/{path}", 390, 844) as visit:  # a phone
        page = visit.page
        for target, value in fill.items():
            if value is True:
                page.check("input[name='refuses_prepayment']" if target == "refuses_prepayment"
                           else f"input[value='{target}']")
            elif page.eval_on_selector(target, "e => e.tagName") == "SELECT":
                page.select_option(target, value)
            else:
                page.fill(target, value)
        shown = " ".join(page.inner_text("#fc-result").split())
        errors = visit.errors
    symbol = {"CNY": "¥", "HKD": "HK$"}[project.fees.currency]
    assert not errors
    assert f"{symbol}{wanted.owner_total:,.2f}" in shown, shown
    for line in wanted.lines:
        if line.payer == "owner":
            assert f"{symbol}{line.amount:,.2f}" in shown, (line.id, shown)
    for bill in wanted.month_by_month:  # a refused prepayment: what each month costs, billed as it falls due
        assert f"{symbol}{bill.monthly:,.2f}" in shown, (bill.fee, shown)
    assert bool(wanted.month_by_month) == unit.refuses_prepayment


def test_an_optional_item_a_unit_may_not_take_cannot_be_ticked(opened):
    with opened("lotus-garden/fees/", 390, 844) as visit:
        page = visit.page
        title_agency = "input[name='options'][value='title_registration']"
        page.select_option("#fc-household", "family")
        assert not page.is_disabled(title_agency)
        page.check(title_agency)
        page.select_option("#fc-household", "residential_tenant")  # tenants do not register a title
        assert page.is_disabled(title_agency) and not page.is_checked(title_agency)
        assert "¥500.00" not in page.inner_text("#fc-result")
