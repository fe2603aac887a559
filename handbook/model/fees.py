"""Fee rules as the editor states them (§4(2)2); amounts are computed by handbook.derive.fees."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Collector, Count, Id, Model, Money, Months, Payer, Rate, Tenure, Text


class ManagementRate(Model):
    property_type: Id
    """Property type id used by units and other fees, e.g. residential, office, shop."""
    name: Text
    """Name of the property type shown to owners, e.g. 住宅."""
    rate: Rate
    """Management fee per m² per month, e.g. 2.85."""


class AccessCards(Model):
    free_per_unit: Count = 3
    """Free access cards handed to each unit at move-in (the developer funds them)."""
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
    """Amount per unit, or per m² when basis is per_m2."""
    basis: Literal["per_unit", "per_m2"] = "per_unit"
    """per_unit (a fixed amount) or per_m2 (amount x the unit's area)."""
    property_types: list[Id] = []
    """Property types it applies to (ids from fees.management); empty for all."""
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


class Fees(Model):
    currency: Literal["CNY", "HKD", "MOP", "TWD"] = "CNY"
    """Currency of every amount in this project."""
    management: list[ManagementRate] = Field(min_length=1)
    """Management fee rate per property type."""
    prepaid_months: Months = 3
    """Months of management fee paid in advance at move-in (an owner may refuse and pay the first month only)."""
    developer_months: Months = 0
    """Months from the billing start that the developer pays (deferred billing or gifted months); a phase may override."""
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
