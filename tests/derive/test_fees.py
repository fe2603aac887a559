"""Tests for handbook.derive.fees: every expected amount is worked out by hand, exact to the cent."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.derive.fees import (
    FeeRuleMissing,
    FeeStatement,
    UnitFacts,
    billing_start,
    round_money,
    statement,
    worked_examples,
)
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

D = Decimal


def make_rules() -> SimpleNamespace:
    """Return the sample project's fee rules: phase-2 has two developer months, phase-1 none."""
    fees = Fees(
        management=[
            ManagementRate(property_type="residential", name="住宅", rate=D("2.85")),
            ManagementRate(property_type="shop", name="商铺", rate=D("6.50")),
        ],
        access_cards=AccessCards(free_per_unit=3, cost_price=D("25.00")),
        parking=[
            ParkingFee(space_type="standard", name="标准车位", tenure="bought", monthly=D("80.00")),
            ParkingFee(space_type="large", name="大车位", tenure="bought", monthly=D("120.00")),
            ParkingFee(space_type="standard", name="标准车位", tenure="rented", monthly=D("350.00")),
            ParkingFee(space_type="motorcycle", name="摩托车位", tenure="rented", monthly=D("50.00")),
        ],
        decoration=[
            FeeItem(id="decoration_deposit", name="装修保证金", amount=D("2000"),
                    property_types=["residential"], refundable=True),
            FeeItem(id="shop_decoration_deposit", name="商铺装修保证金", amount=D("5000"),
                    property_types=["shop"], refundable=True),
            FeeItem(id="decoration_management", name="装修管理费", amount=D("3.00"), basis="per_m2"),
        ],
        other=[
            FeeItem(id="utility_advance", name="水电周转金", amount=D("300"), refundable=True),
            FeeItem(id="signage", name="招牌管理费", amount=D("200"), property_types=["shop"]),
        ],
        for_developer=[
            FeeItem(id="registration", name="不动产登记费", amount=D("80"), collector="developer"),
            FeeItem(id="maintenance_fund", name="专项维修资金", amount=D("45.55"), basis="per_m2",
                    collector="developer"),
        ],
    )
    phases = [
        Phase(id="phase-1", name="一期", households=200,
              move_in=MoveInWindow(start=date(2027, 3, 6), end=date(2027, 3, 31))),
        Phase(id="phase-2", name="二期", households=150, developer_months=DeveloperMonths(management=2),
              move_in=MoveInWindow(start=date(2027, 9, 18), end=date(2027, 9, 30))),
    ]
    return SimpleNamespace(fees=fees, phases=phases)


RULES = make_rules()


def home(move_in: date = date(2027, 3, 10), area: str = "80", **facts) -> UnitFacts:
    """Return a phase-1 residential unit of the given area, changed by facts."""
    facts.setdefault("phase", "phase-1")
    return UnitFacts(D(area), facts.pop("property_type", "residential"), move_in, **facts)


def line(result: FeeStatement, line_id: str):
    """Return the one line with this id among the move-in and decoration lines."""
    (found,) = [item for item in result.lines + result.decoration_lines if item.id == line_id]
    return found


def shown(result: FeeStatement, group: str) -> list[tuple]:
    """Return a group's periodic lines as (id, payer, amount, monthly, start, end, months)."""
    return [
        (item.id, item.payer, str(item.amount), str(item.monthly), item.period.start, item.period.end, item.months)
        for item in result.lines
        if item.group == group
    ]


# --- Billing start and covered periods ---------------------------------------------------------

# Each row: move-in date, phase, refuses prepayment, billing start, then the management lines
# expected as (payer, amount, start, end, months). 80 m² at 2.85 is 228.00 a month.
BILLING = [
    pytest.param(date(2027, 3, 1), "phase-1", False, date(2027, 3, 15),
                 [("owner", "684.00", date(2027, 3, 15), date(2027, 6, 14), 3)], id="day-1"),
    pytest.param(date(2027, 3, 14), "phase-1", False, date(2027, 3, 15),
                 [("owner", "684.00", date(2027, 3, 15), date(2027, 6, 14), 3)], id="day-14"),
    pytest.param(date(2027, 3, 15), "phase-1", False, date(2027, 3, 15),
                 [("owner", "684.00", date(2027, 3, 15), date(2027, 6, 14), 3)], id="day-15"),
    pytest.param(date(2027, 3, 16), "phase-1", False, date(2027, 4, 1),
                 [("owner", "684.00", date(2027, 4, 1), date(2027, 6, 30), 3)], id="day-16"),
    pytest.param(date(2027, 3, 31), "phase-1", False, date(2027, 4, 1),
                 [("owner", "684.00", date(2027, 4, 1), date(2027, 6, 30), 3)], id="last-day-31"),
    pytest.param(date(2027, 4, 30), "phase-1", False, date(2027, 5, 1),
                 [("owner", "684.00", date(2027, 5, 1), date(2027, 7, 31), 3)], id="last-day-30"),
    pytest.param(date(2028, 2, 15), "phase-1", False, date(2028, 2, 15),
                 [("owner", "684.00", date(2028, 2, 15), date(2028, 5, 14), 3)], id="feb-leap-15"),
    pytest.param(date(2028, 2, 29), "phase-1", False, date(2028, 3, 1),
                 [("owner", "684.00", date(2028, 3, 1), date(2028, 5, 31), 3)], id="feb-leap-last-day"),
    pytest.param(date(2027, 2, 28), "phase-1", False, date(2027, 3, 1),
                 [("owner", "684.00", date(2027, 3, 1), date(2027, 5, 31), 3)], id="feb-common-last-day"),
    pytest.param(date(2028, 1, 20), "phase-1", True, date(2028, 2, 1),
                 [("owner", "228.00", date(2028, 2, 1), date(2028, 2, 29), 1)], id="feb-leap-one-month"),
    pytest.param(date(2027, 1, 20), "phase-1", True, date(2027, 2, 1),
                 [("owner", "228.00", date(2027, 2, 1), date(2027, 2, 28), 1)], id="feb-common-one-month"),
    pytest.param(date(2027, 1, 15), "phase-1", True, date(2027, 1, 15),
                 [("owner", "228.00", date(2027, 1, 15), date(2027, 2, 14), 1)], id="jan-15-to-feb-14"),
    pytest.param(date(2028, 2, 1), "phase-1", True, date(2028, 2, 15),
                 [("owner", "228.00", date(2028, 2, 15), date(2028, 3, 14), 1)], id="feb-15-to-mar-14-leap"),
    pytest.param(date(2027, 12, 15), "phase-1", False, date(2027, 12, 15),
                 [("owner", "684.00", date(2027, 12, 15), date(2028, 3, 14), 3)], id="december-15"),
    pytest.param(date(2027, 12, 16), "phase-1", False, date(2028, 1, 1),
                 [("owner", "684.00", date(2028, 1, 1), date(2028, 3, 31), 3)], id="december-16-to-january"),
    pytest.param(date(2027, 12, 31), "phase-1", False, date(2028, 1, 1),
                 [("owner", "684.00", date(2028, 1, 1), date(2028, 3, 31), 3)], id="december-31-to-january"),
    pytest.param(date(2027, 3, 10), "phase-1", True, date(2027, 3, 15),
                 [("owner", "228.00", date(2027, 3, 15), date(2027, 4, 14), 1)], id="refused-prepayment"),
    pytest.param(date(2027, 9, 20), "phase-2", False, date(2027, 10, 1),
                 [("developer", "456.00", date(2027, 10, 1), date(2027, 11, 30), 2),
                  ("owner", "684.00", date(2027, 12, 1), date(2028, 2, 29), 3)], id="developer-months-phase-2"),
    pytest.param(date(2027, 9, 10), "phase-2", False, date(2027, 9, 15),
                 [("developer", "456.00", date(2027, 9, 15), date(2027, 11, 14), 2),
                  ("owner", "684.00", date(2027, 11, 15), date(2028, 2, 14), 3)], id="developer-months-from-15th"),
    # Refusing, the owner pays month by month: December is not due at move-in in September.
    pytest.param(date(2027, 9, 20), "phase-2", True, date(2027, 10, 1),
                 [("developer", "456.00", date(2027, 10, 1), date(2027, 11, 30), 2)], id="developer-months-refused"),
    pytest.param(date(2027, 9, 20), "phase-1", False, date(2027, 10, 1),
                 [("owner", "684.00", date(2027, 10, 1), date(2027, 12, 31), 3)], id="phase-1-no-developer-months"),
    pytest.param(date(2027, 9, 20), None, False, date(2027, 10, 1),
                 [("owner", "684.00", date(2027, 10, 1), date(2027, 12, 31), 3)], id="no-phase-project-months"),
]


@pytest.mark.parametrize("move_in, phase, refuses, start, expected", BILLING)
def test_billing_start_and_management_periods(move_in, phase, refuses, start, expected):
    result = statement(RULES, home(move_in, phase=phase, refuses_prepayment=refuses))
    assert billing_start(move_in) == start
    assert result.billing_start == start
    assert shown(result, "management") == [
        (f"management.{payer}", payer, amount, "228.00", first, last, months)
        for payer, amount, first, last, months in expected
    ]


def test_developer_months_are_paid_by_the_developer_to_the_property_company():
    result = statement(RULES, home(date(2027, 9, 20), phase="phase-2"))
    developer = line(result, "management.developer")
    assert (developer.payer, developer.collector, developer.name) == ("developer", "property_company", "住宅")
    assert str(result.total(payer="developer")) == "531.00"  # 456.00 months + 75.00 free cards


def test_a_phase_can_override_the_project_months_with_zero():
    rules = make_rules()
    rules.fees = rules.fees.model_copy(update={"developer_months": DeveloperMonths(management=1)})
    rules.phases[1] = rules.phases[1].model_copy(update={"developer_months": DeveloperMonths(management=0)})
    phase_1 = statement(rules, home(date(2027, 3, 10)))
    phase_2 = statement(rules, home(date(2027, 3, 10), phase="phase-2"))
    assert shown(phase_1, "management") == [
        ("management.developer", "developer", "228.00", "228.00", date(2027, 3, 15), date(2027, 4, 14), 1),
        ("management.owner", "owner", "684.00", "228.00", date(2027, 4, 15), date(2027, 7, 14), 3),
    ]
    assert shown(phase_2, "management") == [
        ("management.owner", "owner", "684.00", "228.00", date(2027, 3, 15), date(2027, 6, 14), 3),
    ]


# --- Rounding -----------------------------------------------------------------------------------

@pytest.mark.parametrize("area, monthly, prepaid, fund, owner_total", [
    # 88.88 x 2.85 = 253.308 -> 253.31; x 3 = 759.93. Fund 88.88 x 45.55 = 4048.484 -> 4048.48.
    # Owner: 759.93 + 300.00 + 80.00 + 4048.48 = 5188.41.
    ("88.88", "253.31", "759.93", "4048.48", "5188.41"),
    # 88.10 x 2.85 = 251.085 -> 251.09 half up (half even would give 251.08); x 3 = 753.27.
    # Fund 88.10 x 45.55 = 4012.955 -> 4012.96. Owner: 753.27 + 300.00 + 80.00 + 4012.96 = 5146.23.
    ("88.10", "251.09", "753.27", "4012.96", "5146.23"),
    # 80 x 2.85 = 228.00; x 3 = 684.00. Fund 80 x 45.55 = 3644.00. Owner: 684 + 300 + 80 + 3644.
    ("80", "228.00", "684.00", "3644.00", "4708.00"),
])
def test_rounding_half_up_per_line_item(area, monthly, prepaid, fund, owner_total):
    result = statement(RULES, home(area=area))
    management = line(result, "management.owner")
    assert (str(management.monthly), str(management.amount)) == (monthly, prepaid)
    assert str(line(result, "maintenance_fund").amount) == fund
    assert str(result.owner_total) == owner_total


@pytest.mark.parametrize("amount, rounded", [
    ("251.085", "251.09"), ("251.084999", "251.08"), ("0.005", "0.01"), ("0.004", "0.00"), ("7", "7.00"),
])
def test_round_money(amount, rounded):
    assert str(round_money(D(amount))) == rounded


# --- Access cards -------------------------------------------------------------------------------

@pytest.mark.parametrize("extra, extra_amount, owner_total", [
    (0, None, "4708.00"),        # 684.00 + 300.00 + 80.00 + 3644.00
    (2, "50.00", "4758.00"),     # + 2 x 25.00
])
def test_access_cards(extra, extra_amount, owner_total):
    result = statement(RULES, home(extra_cards=extra))
    cards = [(item.id, item.payer, str(item.quantity), str(item.amount)) for item in result.lines
             if item.group == "access_cards"]
    expected = [("access_cards.free", "developer", "3", "75.00")]  # 3 free cards x 25.00, developer-funded
    if extra_amount:
        expected.append(("access_cards.extra", "owner", str(extra), extra_amount))
    assert cards == expected
    assert str(result.owner_total) == owner_total


# --- Parking ------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, expected", [
    pytest.param(home(), [], id="none"),
    pytest.param(home(parking="bought", parking_type="standard"),
                 [("parking.owner", "owner", "240.00", "80.00", date(2027, 3, 15), date(2027, 6, 14), 3)],
                 id="bought-standard"),
    pytest.param(home(parking="bought", parking_type="large"),
                 [("parking.owner", "owner", "360.00", "120.00", date(2027, 3, 15), date(2027, 6, 14), 3)],
                 id="bought-large"),
    pytest.param(home(parking="rented", parking_type="standard"),
                 [("parking.owner", "owner", "1050.00", "350.00", date(2027, 3, 15), date(2027, 6, 14), 3)],
                 id="rented-standard"),
    pytest.param(home(parking="rented", parking_type="motorcycle"),
                 [("parking.owner", "owner", "150.00", "50.00", date(2027, 3, 15), date(2027, 6, 14), 3)],
                 id="rented-motorcycle"),
    pytest.param(home(parking="rented", parking_type="standard", refuses_prepayment=True),
                 [("parking.owner", "owner", "350.00", "350.00", date(2027, 3, 15), date(2027, 4, 14), 1)],
                 id="rented-refused-prepayment"),
    # The phase gives the developer months of management fees only: parking starts at the billing start.
    pytest.param(home(date(2027, 9, 20), phase="phase-2", parking="bought", parking_type="standard"),
                 [("parking.owner", "owner", "240.00", "80.00", date(2027, 10, 1), date(2027, 12, 31), 3)],
                 id="bought-in-phase-with-developer-months"),
])
def test_parking(unit, expected):
    assert shown(statement(RULES, unit), "parking") == expected


# --- Other fees, fees for the developer, decoration ---------------------------------------------

def test_items_follow_property_type_and_basis():
    homes = statement(RULES, home())
    shops = statement(RULES, home(area="60", property_type="shop"))
    items = lambda result: [(item.id, item.group, str(item.amount), item.collector, item.refundable)  # noqa: E731
                            for item in result.lines if item.group in ("other", "for_developer")]
    decoration = lambda result: [(item.id, str(item.amount), item.refundable)  # noqa: E731
                                 for item in result.decoration_lines]
    assert items(homes) == [
        ("utility_advance", "other", "300.00", "property_company", True),
        ("registration", "for_developer", "80.00", "developer", False),
        ("maintenance_fund", "for_developer", "3644.00", "developer", False),  # 80 x 45.55
    ]
    assert items(shops) == [
        ("utility_advance", "other", "300.00", "property_company", True),
        ("signage", "other", "200.00", "property_company", False),
        ("registration", "for_developer", "80.00", "developer", False),
        ("maintenance_fund", "for_developer", "2733.00", "developer", False),  # 60 x 45.55
    ]
    assert decoration(homes) == [("decoration_deposit", "2000.00", True), ("decoration_management", "240.00", False)]
    assert decoration(shops) == [("shop_decoration_deposit", "5000.00", True),
                                 ("decoration_management", "180.00", False)]
    assert (str(homes.decoration_total()), str(shops.decoration_total())) == ("2240.00", "5180.00")
    # Shop: 60 x 6.50 = 390.00 x 3 = 1170.00, + 300 + 200 + 80 + 2733; decoration is not in it.
    assert str(shops.owner_total) == "4483.00"


# --- Totals per payer and collector, capitals ---------------------------------------------------

def test_totals_per_payer_and_collector():
    result = statement(RULES, home(date(2027, 9, 20), phase="phase-2", parking="rented",
                                   parking_type="standard", extra_cards=2))
    assert [(item.id, item.payer, item.collector, str(item.amount)) for item in result.lines] == [
        ("management.developer", "developer", "property_company", "456.00"),
        ("management.owner", "owner", "property_company", "684.00"),
        ("parking.owner", "owner", "property_company", "1050.00"),
        ("access_cards.free", "developer", "property_company", "75.00"),
        ("access_cards.extra", "owner", "property_company", "50.00"),
        ("utility_advance", "owner", "property_company", "300.00"),
        ("registration", "owner", "developer", "80.00"),
        ("maintenance_fund", "owner", "developer", "3644.00"),
    ]
    assert {k: str(v) for k, v in result.by_payer.items()} == {"owner": "5808.00", "developer": "531.00"}
    assert {k: str(v) for k, v in result.by_collector.items()} == {
        "property_company": "2615.00", "developer": "3724.00",
    }
    assert str(result.total(payer="owner", collector="property_company")) == "2084.00"
    assert str(result.total(payer="owner", collector="developer")) == "3724.00"
    assert str(result.total()) == "6339.00"
    assert result.total_in_capitals(payer="owner") == "伍仟捌佰零捌元整"
    assert result.total_in_capitals(collector="developer") == "叁仟柒佰贰拾肆元整"
    assert result.total_in_capitals(collector="developer", script="Hant") == "參仟柒佰貳拾肆元整"
    assert line(result, "management.developer").in_capitals() == "肆佰伍拾陆元整"
    assert line(result, "management.developer").in_capitals("Hant") == "肆佰伍拾陸元整"


def test_line_capitals_keep_cents():
    assert line(statement(RULES, home(area="88.88")), "management.owner").in_capitals() == "柒佰伍拾玖元玖角叁分"


def test_statement_is_immutable():
    result = statement(RULES, home())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.billing_start = date(2027, 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lines[0].amount = D("0")
    with pytest.raises(TypeError):
        result.by_payer["owner"] = D("0")
    assert isinstance(result.lines, tuple) and isinstance(result.decoration_lines, tuple)


# --- Missing rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, message", [
    (home(property_type="villa"), "the fee rules have no property type 'villa'; known: residential, shop"),
    (home(parking="bought", parking_type="motorcycle"),
     "the fee rules have no bought parking space type 'motorcycle'; known: large, standard"),
    (home(parking="rented", parking_type=None),
     "the fee rules have no rented parking space type None; known: motorcycle, standard"),
    (home(phase="phase-9"), "the fee rules have no phase 'phase-9'; known: phase-1, phase-2"),
])
def test_missing_rules_name_the_value_and_the_known_ones(unit, message):
    with pytest.raises(FeeRuleMissing) as caught:
        statement(RULES, unit)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("facts, message", [
    ({"area_m2": 80.0}, "area_m2 must be a positive Decimal"),
    ({"area_m2": D("0")}, "area_m2 must be a positive Decimal"),
    ({"parking": "leased"}, "parking must be one of none, bought, rented"),
    ({"extra_cards": -1}, "extra_cards must not be negative"),
    ({"household_type": "parking", "parking": "bought", "parking_type": "standard"},
     "a parking-only unit has a space"),  # it names a property type
    ({"household_type": "parking", "property_type": None, "area_m2": None}, "a parking-only unit has a space"),
    ({"property_type": None}, "a family unit needs a property type and an area"),
    ({"area_m2": None}, "a family unit needs a property type and an area"),
])
def test_unit_facts_refuse_impossible_values(facts, message):
    arguments = {"area_m2": D("80"), "property_type": "residential", "move_in_date": date(2027, 3, 10), **facts}
    with pytest.raises(ValueError, match=message):
        UnitFacts(**arguments)


# --- Worked examples ----------------------------------------------------------------------------

def test_worked_examples_move_in_on_the_10th_and_the_20th():
    examples = worked_examples(RULES)
    assert [example.key for example in examples] == ["move-in-day-10", "move-in-day-20"]
    assert [(example.unit.move_in_date, example.unit.area_m2, example.unit.property_type, example.unit.phase)
            for example in examples] == [
        (date(2027, 3, 10), D("80"), "residential", "phase-1"),
        (date(2027, 3, 20), D("80"), "residential", "phase-1"),
    ]
    assert [shown(example.statement, "management") for example in examples] == [
        [("management.owner", "owner", "684.00", "228.00", date(2027, 3, 15), date(2027, 6, 14), 3)],
        [("management.owner", "owner", "684.00", "228.00", date(2027, 4, 1), date(2027, 6, 30), 3)],
    ]
    assert [str(example.statement.owner_total) for example in examples] == ["4708.00", "4708.00"]


def test_worked_examples_for_another_property_type_and_area():
    examples = worked_examples(RULES, area=D("100"), property_type="shop")
    # 100 x 6.50 = 650.00 a month, 1950.00 for 3; + 300 + 200 + 80 + 100 x 45.55 = 4555.00.
    assert [str(line(example.statement, "management.owner").amount) for example in examples] == [
        "1950.00", "1950.00",
    ]
    assert [str(example.statement.owner_total) for example in examples] == ["7085.00", "7085.00"]


def test_worked_examples_with_an_unknown_property_type():
    with pytest.raises(FeeRuleMissing, match="property type 'villa'"):
        worked_examples(RULES, property_type="villa")


# --- Properties ---------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=D("99999.99"), places=2)
KINDS = ["residential", "shop"]


@st.composite
def fee_items(draw, prefix: str) -> list[FeeItem]:
    """Draw a few fee items with any basis, property types, payer and collector."""
    return [
        FeeItem(
            id=f"{prefix}{number}", name=f"{prefix}{number}", amount=draw(money),
            basis=draw(st.sampled_from(["per_unit", "per_m2", "per_person"])),
            property_types=draw(st.sampled_from([[], ["residential"], ["shop"], KINDS])),
            payer=draw(st.sampled_from(["owner", "developer"])),
            collector=draw(st.sampled_from(["property_company", "developer"])),
            refundable=draw(st.booleans()),
        )
        for number in range(draw(st.integers(0, 3)))
    ]


@st.composite
def cases(draw) -> tuple[SimpleNamespace, UnitFacts]:
    """Draw any valid fee rules and a unit they cover."""
    months = st.integers(0, 36)
    fees = Fees(
        management=[ManagementRate(property_type=kind, name=kind,
                                   rate=draw(st.decimals(min_value=0, max_value=D("99.9999"), places=4)))
                    for kind in KINDS],
        prepayment=Prepayments(**{fee: Prepayment(months=draw(months), refusable=draw(st.booleans()),
                                                  refusal_collects=draw(st.sampled_from(["first_month", "nothing"])))
                                  for fee in ("management", "parking_service", "parking_rent")}),
        developer_months=DeveloperMonths(**{fee: draw(st.none() | months)
                                            for fee in ("management", "parking_service", "parking_rent")}),
        access_cards=AccessCards(free_per_unit=draw(st.integers(0, 5)), cost_price=draw(money)),
        parking=[ParkingFee(space_type="standard", name="standard", tenure=tenure, monthly=draw(money))
                 for tenure in ("bought", "rented")],
        decoration=draw(fee_items("decoration")),
        other=draw(fee_items("other")),
        for_developer=draw(fee_items("developer")),
    )
    window = MoveInWindow(start=date(2027, 3, 6), end=date(2027, 3, 31))
    phase_months = DeveloperMonths(**{fee: draw(st.none() | months)
                                      for fee in ("management", "parking_service", "parking_rent")})
    phase = Phase(id="p", name="p", households=1, move_in=window, developer_months=draw(st.none() | st.just(phase_months)))
    parking = draw(st.sampled_from(["none", "bought", "rented"]))
    unit = UnitFacts(
        area_m2=draw(st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)),
        property_type=draw(st.sampled_from(KINDS)),
        move_in_date=draw(st.dates(date(1990, 1, 1), date(2099, 12, 31))),
        phase=draw(st.sampled_from([None, "p"])),
        parking=parking,
        parking_type=None if parking == "none" else "standard",
        extra_cards=draw(st.integers(0, 20)),
        refuses_prepayment=draw(st.booleans()),
    )
    return SimpleNamespace(fees=fees, phases=[phase]), unit


@settings(max_examples=200)
@given(cases())
def test_totals_equal_the_sum_of_items(case):
    result = statement(*case)
    total = sum((item.amount for item in result.lines), D(0))
    assert result.total() == total
    assert sum(result.by_payer.values()) == total
    assert sum(result.by_collector.values()) == total
    assert result.owner_total == sum((item.amount for item in result.lines if item.payer == "owner"), D(0))
    assert sum(result.total(payer, collector) for payer in ("owner", "developer")
               for collector in ("property_company", "developer")) == total
    assert result.decoration_total() == sum((item.amount for item in result.decoration_lines), D(0))


@settings(max_examples=200)
@given(cases())
def test_no_amount_is_negative_or_finer_than_a_cent(case):
    result = statement(*case)
    amounts = [item.amount for item in result.lines + result.decoration_lines]
    amounts += [*result.by_payer.values(), *result.by_collector.values(), result.decoration_total()]
    assert all(amount >= 0 and amount == amount.quantize(D("0.01")) for amount in amounts)


@settings(max_examples=200)
@given(cases())
def test_billing_start_is_never_before_move_in(case):
    result = statement(*case)
    move_in = result.unit.move_in_date
    assert move_in <= result.billing_start <= move_in + timedelta(days=16)
    assert result.billing_start.day in (1, 15)
    periods = [item.period for item in result.lines if item.group == "management"]
    assert all(period.start >= result.billing_start for period in periods)
    # The owner's months follow the developer's without a gap or an overlap.
    assert all(earlier.end + timedelta(days=1) == later.start for earlier, later in zip(periods, periods[1:]))
