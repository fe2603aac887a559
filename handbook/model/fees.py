"""Fee rules as the editor states them (§4(2)2); amounts are computed by handbook.derive.fees."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import (
    Collector,
    Count,
    HouseholdType,
    Id,
    Model,
    Money,
    Months,
    ParkingTenure,
    Payer,
    Rate,
    Tenure,
    Text,
)


class ManagementRate(Model):
    property_type: Id
    """Property type id used by units and other fees, e.g. residential, office, shop."""
    name: Text
    """Name of the property type shown to owners, e.g. 住宅."""
    rate: Rate
    """Management fee per m² per month, e.g. 2.85."""


class AccessCards(Model):
    free_per_unit: Count = 3
    """Free access cards handed to each home, shop or office at move-in (the developer funds them)."""
    free_per_parking_unit: Count = 0
    """Free cards handed to an owner of a parking space only (household type parking), e.g. 1 for the car park door."""
    cost_price: Money
    """Price of each extra card (cost price)."""
    developer_funded_total: Count | None = None
    """Total number of free cards the developer funds for the project, if fixed."""


class ParkingFee(Model):
    space_type: Id
    """Space type id, e.g. standard, large, motorcycle."""
    name: Text
    """Name shown to owners, e.g. 标准车位."""
    tenure: Tenure
    """bought (the owner pays a monthly service fee) or rented (a monthly rent)."""
    monthly: Money
    """Monthly service fee (bought) or rent (rented)."""


class FeeItem(Model):
    id: Id
    """Fee id, unique across all fees; becomes a column of the notices' summary.csv."""
    name: Text
    """Name shown to owners, e.g. 装修保证金."""
    amount: Money
    """Amount per unit, per m² when basis is per_m2, per person when basis is per_person."""
    basis: Literal["per_unit", "per_m2", "per_person"] = "per_unit"
    """per_unit (a fixed amount), per_m2 (amount x the unit's area) or per_person (e.g. a worker pass: the number is not known at move-in, so notices print it as a rate, outside the total)."""
    property_types: list[Id] = []
    """Property types it applies to (ids from fees.management); empty for all. Parking-only units have none."""
    household_types: list[HouseholdType] = []
    """Household types it applies to: family, company, parking, transfer, residential_tenant, shop_tenant, office_tenant. Empty: every type but parking (an owner of a parking space only pays an item that names parking here, or whose parking is bought and/or rented)."""
    phases: list[Id] = []
    """Phases it applies to (ids from phases); empty for all."""
    parking: list[ParkingTenure] = []
    """Parking a unit must have for it to apply: none, bought, rented; empty for any."""
    optional: bool = False
    """yes when only units that ask for it pay it (their options column in the unit list names this id), e.g. having the developer register the title."""
    option: Text | None = None
    """What the owner asked for, printed beside an optional item on their notice, e.g. 委托开发商代办不动产权证书."""
    payer: Payer = "owner"
    """Who pays it: owner or developer."""
    collector: Collector = "property_company"
    """Who collects it: property_company or developer (paid at separate POS terminals)."""
    refundable: bool = False
    """True for deposits that are returned (e.g. the decoration deposit)."""
    note: Text | None = None
    """A short note shown beside the fee."""


class PaymentChannel(Model):
    collector: Collector
    """Whose payments this channel takes: property_company or developer."""
    methods: list[Text] = Field(min_length=1)
    """Accepted ways to pay, e.g. POS 刷卡, 微信支付, 银行转账."""
    account_name: Text | None = None
    """Account holder for bank transfers."""
    bank: Text | None = None
    """Bank and branch."""
    account_number: Text | None = None
    """Account number, as text."""
    note: Text | None = None
    """A short note, e.g. 物业与开发商费用请分别刷卡."""


class Prepayment(Model):
    months: Months = 3
    """Months paid in advance at move-in (§4(2)2②: usually three)."""
    refusable: bool = True
    """yes when an owner may refuse the prepayment and pay month by month (the unit list's refuses_prepayment)."""
    refusal_collects: Literal["first_month", "nothing"] = "first_month"
    """What a refusing owner pays at move-in: first_month (the month starting at the billing start, due within days; nothing when the developer pays the first months) or nothing (each month is billed when it starts)."""


class Prepayments(Model):
    management: Prepayment = Prepayment()
    """Management fees."""
    parking_service: Prepayment = Prepayment()
    """The monthly service fee of a bought parking space."""
    parking_rent: Prepayment = Prepayment()
    """The monthly rent of a rented parking space."""


class DeveloperMonths(Model):
    """Months from the billing start that the developer pays, per monthly fee; left out: none (or, in a phase, the project's)."""

    management: Months | None = None
    """Months of management fees the developer pays (deferred billing or gifted months)."""
    parking_service: Months | None = None
    """Months of a bought parking space's service fee the developer pays."""
    parking_rent: Months | None = None
    """Months of a rented space's rent the developer pays."""


class Fees(Model):
    currency: Literal["CNY", "HKD", "MOP", "TWD"] = "CNY"
    """Currency of every amount in this project."""
    management: list[ManagementRate] = Field(min_length=1)
    """Management fee rate per property type."""
    prepayment: Prepayments = Prepayments()
    """Months paid in advance at move-in per monthly fee (management, parking_service, parking_rent), and whether an owner may refuse."""
    developer_months: DeveloperMonths = DeveloperMonths()
    """Months from the billing start the developer pays, per monthly fee (management, parking_service, parking_rent); a phase may override each."""
    access_cards: AccessCards
    """Free and extra access cards."""
    parking: list[ParkingFee] = []
    """Monthly parking fees by space type and tenure."""
    decoration: list[FeeItem] = []
    """Decoration deposits and fees (per the decoration rules)."""
    other: list[FeeItem] = []
    """Other fees payable at move-in."""
    for_developer: list[FeeItem] = []
    """Fees the property company or the developer collects on the developer's behalf."""
    payment: list[PaymentChannel] = []
    """Where and how owners pay, per collector."""
