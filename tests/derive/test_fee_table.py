"""A fee table checked against amounts worked out BY HAND from the product owner's fee rules.

Every expected amount below was computed with pencil arithmetic from the rules
(billing start, per-month rounding half up then x months, developer months
first, prepayment refusals, item scopes, access cards, totals), not copied
from handbook.derive.fees: the arithmetic sits in a comment beside each figure.
Each row states exactly which line ids a statement has, nothing more, and its
totals. The last tables check how handbook.derive.present writes money, amounts
in capitals and one monthly line's computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from handbook.derive.fees import UnitFacts, statement
from handbook.derive.present import Presenter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
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
PC, DEV = "property_company", "developer"
TITLE_OPTION = "委托开发商代办不动产权证书"


# --- the projects -----------------------------------------------------------------------------------------------


def mainland(
    *,
    free_per_parking_unit: int = 0,
    management_prepayment: Prepayment = Prepayment(),
    developer_months: DeveloperMonths = DeveloperMonths(),
    phase_months: dict[str, DeveloperMonths | None] | None = None,
) -> SimpleNamespace:
    """Return the mainland residential project: CNY, residential 2.85 and shop 6.50 per m² per month.

    Access cards: 3 free per home/shop/office, 25.00 each. Parking (standard): bought 80.00 a month service fee,
    rented 450.00 a month rent whose prepayment may not be refused. phase-1: no developer months; phase-2: the
    developer pays 2 months of management (unless phase_months says otherwise).
    """
    fees = Fees(
        currency="CNY",
        management=[
            ManagementRate(property_type="residential", name="住宅", rate=D("2.85")),
            ManagementRate(property_type="shop", name="商铺", rate=D("6.50")),
        ],
        prepayment=Prepayments(
            management=management_prepayment,
            parking_rent=Prepayment(months=3, refusable=False),
        ),
        developer_months=developer_months,
        access_cards=AccessCards(free_per_unit=3, free_per_parking_unit=free_per_parking_unit, cost_price=D("25.00")),
        parking=[
            ParkingFee(space_type="standard", name="标准车位", tenure="bought", monthly=D("80.00")),
            ParkingFee(space_type="standard", name="标准车位", tenure="rented", monthly=D("450.00")),
        ],
        decoration=[FeeItem(id="decoration_deposit", name="装修保证金", amount=D("3000.00"), refundable=True)],
        other=[
            FeeItem(id="mailbox_nameplate", name="信报箱铭牌", amount=D("30.00"), property_types=["residential"]),
            # Charged for spaces (parking bought or rented), so a space bought alone pays it too without
            # naming the household type parking.
            FeeItem(id="vehicle_pass", name="车辆通行证", amount=D("10.00"), parking=["bought", "rented"]),
            FeeItem(id="gas_connection", name="燃气开户", amount=D("150.00"), optional=True),
        ],
        for_developer=[
            FeeItem(id="maintenance_fund", name="首期专项维修资金", amount=D("38.00"), basis="per_m2",
                    household_types=["family", "company"], collector="developer"),
            FeeItem(id="title_registration", name="不动产权证代办费", amount=D("500.00"), optional=True,
                    option=TITLE_OPTION, household_types=["family", "company"], collector="developer"),
        ],
    )
    months = {"phase-1": None, "phase-2": DeveloperMonths(management=2)} if phase_months is None else phase_months
    window = MoveInWindow(start=date(2027, 3, 6), end=date(2027, 3, 21))
    phases = [Phase(id=pid, name=pid, households=100, move_in=window, developer_months=dm) for pid, dm in months.items()]
    return SimpleNamespace(fees=fees, phases=phases)


def macau() -> SimpleNamespace:
    """Return a Macau project: MOP, residential 3.50 per m² per month, 2 free cards at 50.00, a worker pass MOP 30/person."""
    fees = Fees(
        currency="MOP",
        management=[ManagementRate(property_type="residential", name="住宅", rate=D("3.50"))],
        access_cards=AccessCards(free_per_unit=2, cost_price=D("50.00")),
        decoration=[
            FeeItem(id="decoration_deposit", name="裝修按金", amount=D("5000.00"), refundable=True),
            FeeItem(id="worker_pass", name="裝修工人出入證", amount=D("30.00"), basis="per_person"),
        ],
    )
    return SimpleNamespace(fees=fees, phases=[])


MAINLAND = mainland()
PARKING_CARD = mainland(free_per_parking_unit=1)
REFUSAL_NOTHING = mainland(management_prepayment=Prepayment(months=3, refusable=True, refusal_collects="nothing"))
OVERRIDES = mainland(
    developer_months=DeveloperMonths(management=1, parking_service=1),
    phase_months={"phase-1": None, "phase-2": DeveloperMonths(management=2), "phase-3": DeveloperMonths(management=0)},
)
MACAU = macau()


# --- helpers ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Want:
    """One expected line: who pays, who collects, how much; for a monthly line its monthly amount and period."""

    payer: str
    collector: str
    amount: str
    monthly: str | None = None
    period: tuple[date, date, int] | None = None
    refused: bool = False
    option: str | None = None


def monthly(payer: str, amount: str, each: str, start: date, end: date, months: int, refused: bool = False) -> Want:
    """A monthly line: every monthly fee is collected by the property company."""
    return Want(payer, PC, amount, each, (start, end, months), refused)


def owner(amount: str, collector: str = PC, option: str | None = None) -> Want:
    return Want("owner", collector, amount, option=option)


FREE_CARDS = Want("developer", PC, "75.00")  # 3 free cards x 25.00 = 75.00, paid by the developer
MAILBOX = owner("30.00")
VEHICLE_PASS = owner("10.00")
FUND_72_30 = owner("2747.40", DEV)  # 72.30 m² x 38.00 = 2736.00 + 11.40 = 2747.40
DECORATION = {"decoration_deposit": "3000.00"}


@dataclass(frozen=True)
class Case:
    """One unit under one project, and everything its statement should say."""

    unit: UnitFacts
    lines: dict[str, Want]
    owner_total: str
    developer_total: str
    collected: dict[str, str]
    """statement.by_collector: every move-in line, whoever pays it."""
    decoration: dict[str, str] = field(default_factory=lambda: dict(DECORATION))
    month_by_month: tuple[tuple[str, str, str, date], ...] = ()
    rules: SimpleNamespace = field(default_factory=lambda: MAINLAND)


def unit(area: str | None, kind: str | None, moved_in: date, phase: str | None = "phase-1", **facts) -> UnitFacts:
    return UnitFacts(D(area) if area else None, kind, moved_in, phase=phase, **facts)


def check_line(line, want: Want) -> None:
    assert (line.payer, line.collector, line.amount) == (want.payer, want.collector, D(want.amount)), line.id
    assert line.monthly == (D(want.monthly) if want.monthly else None), line.id
    got_period = (line.period.start, line.period.end, line.period.months) if line.period else None
    assert got_period == want.period, line.id
    assert line.refused == want.refused, line.id
    assert line.option == want.option, line.id


def check_statement(result, case: Case) -> None:
    ids = [line.id for line in result.lines]
    assert sorted(ids) == sorted(case.lines), "line ids"
    for line in result.lines:
        check_line(line, case.lines[line.id])
    assert {line.id: line.amount for line in result.decoration_lines} == {k: D(v) for k, v in case.decoration.items()}
    assert result.owner_total == D(case.owner_total)
    assert result.total(payer="developer") == D(case.developer_total)
    assert dict(result.by_collector) == {PC: D(case.collected[PC]), DEV: D(case.collected[DEV])}
    assert result.total() == D(case.owner_total) + D(case.developer_total)
    got_mbm = [(m.fee, m.name, m.monthly, m.next_due) for m in result.month_by_month]
    assert got_mbm == [(fee, name, D(each), due) for fee, name, each, due in case.month_by_month]


# --- the table --------------------------------------------------------------------------------------------------

# Month arithmetic used below: a period of n months from S ends the day before S + n months
# (15 Mar + 3 -> 14 Jun; 1 Apr + 3 -> 30 Jun; 1 Jan 2028 + 2 -> 29 Feb 2028, a leap year).

CASES = [
    # 1. Transfer owner, 72.30 m² residential, moves in 8 Mar 2027 (day <= 15 -> billing starts 15 Mar 2027).
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), household_type="transfer"),
        {
            # 72.30 x 2.85 = 206.055 -> 206.06 a month; x 3 = 618.18; 15 Mar - 14 Jun 2027
            "management.owner": monthly("owner", "618.18", "206.06", date(2027, 3, 15), date(2027, 6, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,  # residential, any household type
            # no maintenance_fund, no title_registration: they name family and company only
        },
        owner_total="648.18",  # 618.18 + 30.00
        developer_total="75.00",  # free cards
        collected={PC: "723.18", DEV: "0.00"},  # 618.18 + 75.00 + 30.00; nothing for the developer's POS
    ), id="1-transfer-owner"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), household_type="transfer",
             options=frozenset({"title_registration"})),
        {
            "management.owner": monthly("owner", "618.18", "206.06", date(2027, 3, 15), date(2027, 6, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            # asking for the title agency does not bring it in: the household type is out of its scope
        },
        owner_total="648.18", developer_total="75.00", collected={PC: "723.18", DEV: "0.00"},
    ), id="1-transfer-owner-asking-for-title-agency"),

    # 2. Family, 88.10 m² residential, moves in 20 Mar 2027 (day >= 16 -> billing starts 1 Apr 2027).
    pytest.param(Case(
        unit(area="88.10", kind="residential", moved_in=date(2027, 3, 20)),
        {
            # 88.10 x 2.85 = 251.085 -> 251.09 a month; x 3 = 753.27; 1 Apr - 30 Jun 2027
            "management.owner": monthly("owner", "753.27", "251.09", date(2027, 4, 1), date(2027, 6, 30), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": owner("3347.80", DEV),  # 88.10 x 38.00 = 3344.00 + 3.80 = 3347.80
        },
        owner_total="4131.07",  # 753.27 + 30.00 + 3347.80
        developer_total="75.00",
        collected={PC: "858.27", DEV: "3347.80"},  # 753.27 + 75.00 + 30.00 | 3347.80
    ), id="2-family-option-not-taken"),
    pytest.param(Case(
        unit(area="88.10", kind="residential", moved_in=date(2027, 3, 20), options=frozenset({"title_registration"})),
        {
            "management.owner": monthly("owner", "753.27", "251.09", date(2027, 4, 1), date(2027, 6, 30), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": owner("3347.80", DEV),
            "title_registration": owner("500.00", DEV, option=TITLE_OPTION),  # optional, asked for: its option text
        },
        owner_total="4631.07",  # 4131.07 + 500.00
        developer_total="75.00",
        collected={PC: "858.27", DEV: "3847.80"},  # 3347.80 + 500.00
    ), id="2-family-option-taken"),
    pytest.param(Case(
        unit(area="88.10", kind="residential", moved_in=date(2027, 3, 20),
             options=frozenset({"title_registration", "gas_connection"})),
        {
            "management.owner": monthly("owner", "753.27", "251.09", date(2027, 4, 1), date(2027, 6, 30), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": owner("3347.80", DEV),
            "title_registration": owner("500.00", DEV, option=TITLE_OPTION),
            "gas_connection": owner("150.00", option="燃气开户"),  # no option text: the item's name
        },
        owner_total="4781.07",  # 4631.07 + 150.00
        developer_total="75.00",
        collected={PC: "1008.27", DEV: "3847.80"},  # 858.27 + 150.00
    ), id="2-family-two-options-one-without-option-text"),

    # 3. Tenants: no purchase items (maintenance fund, title agency name family and company only).
    pytest.param(Case(
        unit(area="60.00", kind="residential", moved_in=date(2027, 3, 15), household_type="residential_tenant",
             options=frozenset({"title_registration"})),
        {
            # day 15 -> billing starts that day; 60.00 x 2.85 = 171.00 a month; x 3 = 513.00; 15 Mar - 14 Jun
            "management.owner": monthly("owner", "513.00", "171.00", date(2027, 3, 15), date(2027, 6, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,  # empty household_types: every type but parking, tenants included
        },
        owner_total="543.00",  # 513.00 + 30.00
        developer_total="75.00",
        collected={PC: "618.00", DEV: "0.00"},  # 513.00 + 75.00 + 30.00
    ), id="3-residential-tenant"),
    pytest.param(Case(
        unit(area="45.50", kind="shop", moved_in=date(2027, 3, 16), household_type="shop_tenant"),
        {
            # day 16 -> 1 Apr; 45.50 x 6.50 = 292.50 + 3.25 = 295.75 a month; x 3 = 887.25; 1 Apr - 30 Jun
            "management.owner": monthly("owner", "887.25", "295.75", date(2027, 4, 1), date(2027, 6, 30), 3),
            "access_cards.free": FREE_CARDS,  # shops get free cards too
            # no mailbox nameplate: residential only
        },
        owner_total="887.25",
        developer_total="75.00",
        collected={PC: "962.25", DEV: "0.00"},  # 887.25 + 75.00
    ), id="3-shop-tenant"),

    # 4. Parking-only owner of a bought standard space: no area, no property type, no management.
    pytest.param(Case(
        unit(area=None, kind=None, moved_in=date(2027, 3, 10), parking="bought", parking_type="standard",
             household_type="parking"),
        {
            # 10 Mar -> 15 Mar; 80.00 a month x 3 = 240.00; 15 Mar - 14 Jun 2027
            "parking.owner": monthly("owner", "240.00", "80.00", date(2027, 3, 15), date(2027, 6, 14), 3),
            "vehicle_pass": VEHICLE_PASS,  # the only item charged for spaces
            # free_per_parking_unit = 0: no card line
        },
        owner_total="250.00",  # 240.00 + 10.00
        developer_total="0.00",
        collected={PC: "250.00", DEV: "0.00"},
        decoration={},  # the decoration deposit's empty household_types leave parking out
    ), id="4-parking-only-no-free-card"),
    pytest.param(Case(
        unit(area=None, kind=None, moved_in=date(2027, 3, 10), parking="bought", parking_type="standard",
             household_type="parking"),
        {
            "parking.owner": monthly("owner", "240.00", "80.00", date(2027, 3, 15), date(2027, 6, 14), 3),
            "vehicle_pass": VEHICLE_PASS,
            "access_cards.free": Want("developer", PC, "25.00"),  # free_per_parking_unit 1 x 25.00
        },
        owner_total="250.00",
        developer_total="25.00",
        collected={PC: "275.00", DEV: "0.00"},  # 240.00 + 10.00 + 25.00
        decoration={},
        rules=PARKING_CARD,
    ), id="4-parking-only-one-free-card"),

    # 5. Company, 120.00 m² residential in phase-2 (developer pays 2 months), 2 extra cards, title agency taken.
    pytest.param(Case(
        unit(area="120.00", kind="residential", moved_in=date(2027, 4, 2), phase="phase-2", household_type="company",
             extra_cards=2, options=frozenset({"title_registration"})),
        {
            # 2 Apr -> 15 Apr 2027; 120.00 x 2.85 = 342.00 a month
            # developer: x 2 = 684.00, 15 Apr - 14 Jun; owner: x 3 = 1026.00, 15 Jun - 14 Sep
            "management.developer": monthly("developer", "684.00", "342.00", date(2027, 4, 15), date(2027, 6, 14), 2),
            "management.owner": monthly("owner", "1026.00", "342.00", date(2027, 6, 15), date(2027, 9, 14), 3),
            "access_cards.free": FREE_CARDS,
            "access_cards.extra": owner("50.00"),  # 2 x 25.00
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": owner("4560.00", DEV),  # 120.00 x 38.00
            "title_registration": owner("500.00", DEV, option=TITLE_OPTION),
        },
        owner_total="6166.00",  # 1026.00 + 50.00 + 30.00 + 4560.00 + 500.00
        developer_total="759.00",  # 684.00 + 75.00
        collected={PC: "1865.00", DEV: "5060.00"},  # 684 + 1026 + 75 + 50 + 30 | 4560 + 500
    ), id="5-company-phase-2"),

    # 6. Refused prepayment (72.30 m² family, moves in 8 Mar 2027 -> 15 Mar; 206.06 a month as in case 1).
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), refuses_prepayment=True),
        {
            # first_month: the one month 15 Mar - 14 Apr, 206.06
            "management.owner": monthly("owner", "206.06", "206.06", date(2027, 3, 15), date(2027, 4, 14), 1,
                                        refused=True),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="2983.46",  # 206.06 + 30.00 + 2747.40
        developer_total="75.00",
        collected={PC: "311.06", DEV: "2747.40"},  # 206.06 + 75.00 + 30.00
        month_by_month=(("management", "住宅", "206.06", date(2027, 4, 15)),),  # next month after the first
    ), id="6-refused-phase-1-first-month"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), phase="phase-2", refuses_prepayment=True),
        {
            # developer: 206.06 x 2 = 412.12, 15 Mar - 14 May; the owner's first month is not yet due: no owner line
            "management.developer": monthly("developer", "412.12", "206.06", date(2027, 3, 15), date(2027, 5, 14), 2),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="2777.40",  # 30.00 + 2747.40
        developer_total="487.12",  # 412.12 + 75.00
        collected={PC: "517.12", DEV: "2747.40"},  # 412.12 + 75.00 + 30.00
        month_by_month=(("management", "住宅", "206.06", date(2027, 5, 15)),),  # after the developer's 2 months
    ), id="6-refused-phase-2-nothing-collected"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), refuses_prepayment=True,
             parking="rented", parking_type="standard"),
        {
            "management.owner": monthly("owner", "206.06", "206.06", date(2027, 3, 15), date(2027, 4, 14), 1,
                                        refused=True),
            # rent not refusable: 450.00 x 3 = 1350.00 collected anyway, 15 Mar - 14 Jun
            "parking.owner": monthly("owner", "1350.00", "450.00", date(2027, 3, 15), date(2027, 6, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "vehicle_pass": VEHICLE_PASS,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="4343.46",  # 206.06 + 1350.00 + 30.00 + 10.00 + 2747.40
        developer_total="75.00",
        collected={PC: "1671.06", DEV: "2747.40"},  # 206.06 + 1350.00 + 75.00 + 30.00 + 10.00
        month_by_month=(("management", "住宅", "206.06", date(2027, 4, 15)),),  # the rent is not month by month
    ), id="6-refused-rented-space-rent-not-refusable"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), refuses_prepayment=True,
             parking="bought", parking_type="standard"),
        {
            "management.owner": monthly("owner", "206.06", "206.06", date(2027, 3, 15), date(2027, 4, 14), 1,
                                        refused=True),
            # service fee refusable (default): first month only, 80.00, 15 Mar - 14 Apr
            "parking.owner": monthly("owner", "80.00", "80.00", date(2027, 3, 15), date(2027, 4, 14), 1, refused=True),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "vehicle_pass": VEHICLE_PASS,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3073.46",  # 206.06 + 80.00 + 30.00 + 10.00 + 2747.40
        developer_total="75.00",
        collected={PC: "401.06", DEV: "2747.40"},  # 206.06 + 80.00 + 75.00 + 30.00 + 10.00
        month_by_month=(("management", "住宅", "206.06", date(2027, 4, 15)),
                        ("parking_service", "标准车位", "80.00", date(2027, 4, 15))),
    ), id="6-refused-bought-space-first-month"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), refuses_prepayment=True),
        {
            # refusal_collects "nothing": no management line at all
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="2777.40",  # 30.00 + 2747.40
        developer_total="75.00",
        collected={PC: "105.00", DEV: "2747.40"},  # 75.00 + 30.00
        month_by_month=(("management", "住宅", "206.06", date(2027, 3, 15)),),  # the billing start itself
        rules=REFUSAL_NOTHING,
    ), id="6-refusal-collects-nothing"),

    # Month ends, phase-2 (developer pays 2 months of management), 72.30 m² family: 206.06 a month,
    # developer 2 x 206.06 = 412.12, owner 3 x 206.06 = 618.18.
    # Totals: owner 618.18 + 30.00 + 2747.40 = 3395.58; developer 412.12 + 75.00 = 487.12;
    # property company 618.18 + 412.12 + 75.00 + 30.00 = 1135.30; developer's POS 2747.40.
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2028, 2, 29), phase="phase-2"),
        {
            # 29 Feb 2028 (day >= 16) -> 1 Mar 2028; developer 1 Mar - 30 Apr; owner 1 May - 31 Jul
            "management.developer": monthly("developer", "412.12", "206.06", date(2028, 3, 1), date(2028, 4, 30), 2),
            "management.owner": monthly("owner", "618.18", "206.06", date(2028, 5, 1), date(2028, 7, 31), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3395.58", developer_total="487.12", collected={PC: "1135.30", DEV: "2747.40"},
    ), id="month-end-29-feb-2028"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 12, 16), phase="phase-2"),
        {
            # 16 Dec 2027 -> 1 Jan 2028; developer 1 Jan - 29 Feb 2028 (leap); owner 1 Mar - 31 May 2028
            "management.developer": monthly("developer", "412.12", "206.06", date(2028, 1, 1), date(2028, 2, 29), 2),
            "management.owner": monthly("owner", "618.18", "206.06", date(2028, 3, 1), date(2028, 5, 31), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3395.58", developer_total="487.12", collected={PC: "1135.30", DEV: "2747.40"},
    ), id="month-end-16-dec-to-january"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 12, 15), phase="phase-2"),
        {
            # 15 Dec 2027 -> 15 Dec 2027; developer 15 Dec - 14 Feb 2028; owner 15 Feb - 14 May 2028
            "management.developer": monthly("developer", "412.12", "206.06", date(2027, 12, 15), date(2028, 2, 14), 2),
            "management.owner": monthly("owner", "618.18", "206.06", date(2028, 2, 15), date(2028, 5, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3395.58", developer_total="487.12", collected={PC: "1135.30", DEV: "2747.40"},
    ), id="month-end-15-dec-across-the-year"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 12, 16), phase="phase-2", refuses_prepayment=True),
        {
            # 16 Dec 2027 -> 1 Jan 2028; developer 1 Jan - 29 Feb 2028; owner refused: nothing yet due
            "management.developer": monthly("developer", "412.12", "206.06", date(2028, 1, 1), date(2028, 2, 29), 2),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="2777.40",  # 30.00 + 2747.40
        developer_total="487.12",
        collected={PC: "517.12", DEV: "2747.40"},  # 412.12 + 75.00 + 30.00
        month_by_month=(("management", "住宅", "206.06", date(2028, 3, 1)),),
    ), id="month-end-16-dec-refused-after-developer-months"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2028, 1, 31), refuses_prepayment=True),
        {
            # 31 Jan 2028 -> 1 Feb 2028; first month 1 Feb - 29 Feb 2028
            "management.owner": monthly("owner", "206.06", "206.06", date(2028, 2, 1), date(2028, 2, 29), 1,
                                        refused=True),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="2983.46", developer_total="75.00", collected={PC: "311.06", DEV: "2747.40"},
        month_by_month=(("management", "住宅", "206.06", date(2028, 3, 1)),),
    ), id="month-end-31-jan-2028-refused-first-month"),

    # Developer months per project, overridden per phase only for the fees a phase gives:
    # project: management 1, parking_service 1; phase-2: management 2; phase-3: management 0; phase-1: nothing.
    # 72.30 m² family with a bought standard space, moves in 8 Mar 2027 -> 15 Mar 2027.
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), phase="phase-2",
             parking="bought", parking_type="standard"),
        {
            # management: phase's 2 months; developer 412.12 15 Mar - 14 May, owner 618.18 15 May - 14 Aug
            "management.developer": monthly("developer", "412.12", "206.06", date(2027, 3, 15), date(2027, 5, 14), 2),
            "management.owner": monthly("owner", "618.18", "206.06", date(2027, 5, 15), date(2027, 8, 14), 3),
            # parking service: phase gives none -> project's 1; developer 80.00 15 Mar - 14 Apr,
            # owner 80.00 x 3 = 240.00 15 Apr - 14 Jul
            "parking.developer": monthly("developer", "80.00", "80.00", date(2027, 3, 15), date(2027, 4, 14), 1),
            "parking.owner": monthly("owner", "240.00", "80.00", date(2027, 4, 15), date(2027, 7, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "vehicle_pass": VEHICLE_PASS,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3645.58",  # 618.18 + 240.00 + 30.00 + 10.00 + 2747.40
        developer_total="567.12",  # 412.12 + 80.00 + 75.00
        collected={PC: "1465.30", DEV: "2747.40"},  # 618.18 + 412.12 + 240 + 80 + 75 + 30 + 10
        rules=OVERRIDES,
    ), id="override-phase-gives-management-only"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), phase="phase-3",
             parking="bought", parking_type="standard"),
        {
            # management: phase gives 0 (given, so it overrides the project's 1): owner from 15 Mar
            "management.owner": monthly("owner", "618.18", "206.06", date(2027, 3, 15), date(2027, 6, 14), 3),
            "parking.developer": monthly("developer", "80.00", "80.00", date(2027, 3, 15), date(2027, 4, 14), 1),
            "parking.owner": monthly("owner", "240.00", "80.00", date(2027, 4, 15), date(2027, 7, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "vehicle_pass": VEHICLE_PASS,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3645.58",
        developer_total="155.00",  # 80.00 + 75.00
        collected={PC: "1053.18", DEV: "2747.40"},  # 618.18 + 240 + 80 + 75 + 30 + 10
        rules=OVERRIDES,
    ), id="override-phase-gives-zero"),
    pytest.param(Case(
        unit(area="72.30", kind="residential", moved_in=date(2027, 3, 8), phase="phase-1",
             parking="bought", parking_type="standard"),
        {
            # phase gives nothing: project's 1 month each; management developer 206.06 15 Mar - 14 Apr,
            # owner 618.18 15 Apr - 14 Jul
            "management.developer": monthly("developer", "206.06", "206.06", date(2027, 3, 15), date(2027, 4, 14), 1),
            "management.owner": monthly("owner", "618.18", "206.06", date(2027, 4, 15), date(2027, 7, 14), 3),
            "parking.developer": monthly("developer", "80.00", "80.00", date(2027, 3, 15), date(2027, 4, 14), 1),
            "parking.owner": monthly("owner", "240.00", "80.00", date(2027, 4, 15), date(2027, 7, 14), 3),
            "access_cards.free": FREE_CARDS,
            "mailbox_nameplate": MAILBOX,
            "vehicle_pass": VEHICLE_PASS,
            "maintenance_fund": FUND_72_30,
        },
        owner_total="3645.58",
        developer_total="361.06",  # 206.06 + 80.00 + 75.00
        collected={PC: "1259.24", DEV: "2747.40"},  # 618.18 + 206.06 + 240 + 80 + 75 + 30 + 10
        rules=OVERRIDES,
    ), id="override-phase-gives-nothing"),
]


@pytest.mark.parametrize("case", CASES)
def test_fee_table(case: Case):
    check_statement(statement(case.rules, case.unit), case)


@pytest.mark.parametrize("moved_in, start", [
    pytest.param(date(2027, 3, 1), date(2027, 3, 15), id="day-1"),
    pytest.param(date(2027, 3, 15), date(2027, 3, 15), id="day-15"),
    pytest.param(date(2027, 3, 16), date(2027, 4, 1), id="day-16"),
    pytest.param(date(2027, 12, 16), date(2028, 1, 1), id="16-dec"),
    pytest.param(date(2028, 2, 29), date(2028, 3, 1), id="29-feb"),
])
def test_billing_start(moved_in, start):
    assert statement(MAINLAND, unit("72.30", "residential", moved_in)).billing_start == start


# --- 7. a per-person rate ---------------------------------------------------------------------------------------


def test_per_worker_rate_is_a_rate_in_no_line_and_no_total():
    result = statement(MACAU, unit("80.00", "residential", date(2027, 5, 3), phase=None))
    # 3 May -> 15 May 2027; 80.00 x 3.50 = 280.00 a month; x 3 = 840.00; 15 May - 14 Aug 2027
    check_statement(result, Case(
        result.unit,
        {
            "management.owner": monthly("owner", "840.00", "280.00", date(2027, 5, 15), date(2027, 8, 14), 3),
            "access_cards.free": Want("developer", PC, "100.00"),  # 2 x 50.00
        },
        owner_total="840.00",
        developer_total="100.00",
        collected={PC: "940.00", DEV: "0.00"},
        decoration={"decoration_deposit": "5000.00"},  # the worker pass is not a decoration line
        rules=MACAU,
    ))
    assert [(rate.id, rate.unit_price) for rate in result.rates] == [("worker_pass", D("30.00"))]
    assert result.decoration_total() == D("5000.00")  # the deposit only, no 30.00
    assert result.total() == D("940.00")  # 840.00 + 100.00, no 30.00


# --- 8. money, capitals and a printed computation ---------------------------------------------------------------


def presenter(tag: str, currency: str) -> Presenter:
    return Presenter(LANGUAGES[tag], catalogue(tag), currency)


@pytest.mark.parametrize("tag, currency, amount, money, capitals", [
    # 618 = 6 x 100 + 1 x 10 + 8 (壹拾 keeps its 壹); .18 = 1 角 8 分
    pytest.param("zh-CN", "CNY", "618.18", "¥618.18", "人民币陆佰壹拾捌元壹角捌分", id="zh-CN-CNY-jiao-fen"),
    # 1|0223: 壹万, the group starts with a zero -> 零, 贰佰贰拾叁; 4 角, no 分, no 整
    pytest.param("zh-CN", "CNY", "10223.40", "¥10,223.40", "人民币壹万零贰佰贰拾叁元肆角", id="zh-CN-CNY-ten-thousands"),
    pytest.param("zh-CN", "CNY", "3000", "¥3,000.00", "人民币叁仟元整", id="zh-CN-CNY-whole"),
    # 角 zero, 分 not: 零 after 元
    pytest.param("zh-CN", "CNY", "10.05", "¥10.05", "人民币壹拾元零伍分", id="zh-CN-CNY-fen-only"),
    pytest.param("zh-HK", "HKD", "10223.40", "HK$10,223.40", "港元壹萬零貳佰貳拾參元肆角", id="zh-HK-HKD"),
    pytest.param("zh-MO", "MOP", "10223.40", "MOP$10,223.40", "澳門元壹萬零貳佰貳拾參元肆角", id="zh-MO-MOP"),
    pytest.param("zh-MO", "MOP", "840.00", "MOP$840.00", "澳門元捌佰肆拾元整", id="zh-MO-MOP-whole"),
    # 10|0000: 壹拾萬, the zero group after it is not written
    pytest.param("zh-TW", "TWD", "100000", "NT$100,000.00", "新臺幣壹拾萬元整", id="zh-TW-TWD"),
    # no amount in words in English: capitals are a Chinese convention
    pytest.param("en", "HKD", "1234.50", "HK$1,234.50", "", id="en-HKD"),
    # one symbol per currency in every edition: the English CNY symbol is ¥ too
    pytest.param("en", "CNY", "3000", "¥3,000.00", None, id="en-CNY-symbol"),
])
def test_money_and_capitals(tag, currency, amount, money, capitals):
    p = presenter(tag, currency)
    assert p.money(D(amount)) == money
    if capitals is not None:
        assert p.capitals(D(amount)) == capitals


def test_printed_computation_of_monthly_lines():
    p = presenter("zh-CN", "CNY")
    transfer = statement(MAINLAND, unit("72.30", "residential", date(2027, 3, 8), household_type="transfer"))
    line = next(line for line in transfer.lines if line.id == "management.owner")
    # 72.30 x 2.85 = 206.055 -> 206.06 a month, x 3 months
    assert p.fee_line_computation(line) == "72.3 平方米 × ¥2.85 = ¥206.06/月 × 3 个月"
    company = statement(MAINLAND, unit("120.00", "residential", date(2027, 4, 2), phase="phase-2",
                                       household_type="company"))
    line = next(line for line in company.lines if line.id == "management.developer")
    # 120.00 x 2.85 = 342.00 a month, x 2 developer months
    assert p.fee_line_computation(line) == "120 平方米 × ¥2.85 = ¥342.00/月 × 2 个月"
