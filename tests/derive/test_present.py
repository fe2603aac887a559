"""Tests for handbook.derive.present: money, dates, periods, fee lines and capitals worded per edition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from handbook.derive.fee_schedule import fee_schedule
from handbook.derive.fees import FeeLine, Period
from handbook.derive.present import Presenter
from handbook.i18n.languages import LANGUAGES
from handbook.i18n.messages import catalogue
from handbook.model.documents import DocumentItem
from handbook.model.estate import MoveInWindow, Phase
from handbook.model.fees import (
    AccessCards,
    DeveloperMonths,
    Fees,
    ManagementRate,
    ParkingFee,
    Prepayment,
    Prepayments,
)

D = Decimal


def presenter(tag: str, currency: str = "CNY") -> Presenter:
    return Presenter(LANGUAGES[tag], catalogue(tag), currency)


def fee_line(**fields) -> FeeLine:
    values = dict(id="management.owner", name="住宅", group="management", payer="owner", collector="property_company",
                  quantity=D("88.88"), quantity_unit="m2", unit_price=D("2.85"), amount=D("759.93"),
                  monthly=D("253.31"), months=3)
    values |= fields
    months = values.pop("months")
    return FeeLine(**values, period=Period.of(dt.date(2027, 3, 15), months) if months else None)


# One symbol per currency in every edition (CLDR alone gives MOP16.50 in zh-Hans and MOP$16.50 in zh-Hant-MO).
@pytest.mark.parametrize("tag, currency, money, date", [
    ("zh-CN", "CNY", "¥3,000.00", "2027年3月6日"),
    ("zh-HK", "HKD", "HK$3,000.00", "2027年3月6日"),
    ("en", "CNY", "¥3,000.00", "March 6, 2027"),
    ("zh-MO", "MOP", "MOP$3,000.00", "2027年3月6日"),
    ("zh-CN", "MOP", "MOP$3,000.00", "2027年3月6日"),
    ("en", "MOP", "MOP$3,000.00", "March 6, 2027"),
    ("zh-TW", "TWD", "NT$3,000.00", "2027年3月6日"),
])
def test_money_and_dates_follow_the_locale(tag, currency, money, date):
    p = presenter(tag, currency)
    assert p.money(D("3000")) == money
    assert p.date(dt.date(2027, 3, 6)) == date
    assert p.number(D("1200.5")) == "1,200.5"


def test_datetime_and_ranges_use_the_catalogue_words():
    assert presenter("zh-CN").datetime(dt.datetime(2027, 3, 6, 9, 30)) == "2027年3月6日 09:30"
    assert presenter("en").date_range(dt.date(2027, 3, 6), dt.date(2027, 3, 21)) == "March 6, 2027 to March 21, 2027"
    assert presenter("zh-CN").date_range(dt.date(2027, 3, 6), dt.date(2027, 3, 21)) == "2027年3月6日 至 2027年3月21日"


def test_rate_and_period():
    assert presenter("zh-CN").rate(D("2.85")) == "¥2.85/平方米/月"
    assert presenter("en").rate(D("2.85")) == "¥2.85 per m² per month"
    period = Period.of(dt.date(2027, 3, 15), 3)
    assert presenter("zh-CN").period(period) == "2027年3月15日 至 2027年6月14日（3 个月）"
    assert presenter("zh-HK", "HKD").period(period) == "2027年3月15日 至 2027年6月14日（3 個月）"


def test_fee_line_names_label_computed_lines_and_keep_editors_names():
    assert presenter("zh-CN").fee_line_name(fee_line()) == "住宅管理费（预交）"
    assert presenter("en").fee_line_name(fee_line()) == "住宅 management fee (prepaid)"
    deposit = fee_line(id="decoration_deposit", name="装修保证金", group="decoration", months=None)
    assert presenter("en").fee_line_name(deposit) == "装修保证金"
    assert presenter("zh-CN").fee_line_name(fee_line(id="signage", name=None, group="other")) == "signage"


def test_fee_line_computation_shows_quantity_price_and_months():
    # The monthly amount is rounded before it is multiplied: what is printed is what was computed.
    assert presenter("zh-CN").fee_line_computation(fee_line()) == "88.88 平方米 × ¥2.85 = ¥253.31/月 × 3 个月"
    assert presenter("en").fee_line_computation(fee_line()) == "88.88 m² × ¥2.85 = ¥253.31/month × 3 months"
    one_off = fee_line(quantity=D(2), quantity_unit="card", unit_price=D(25), months=None)
    assert presenter("zh-CN").fee_line_computation(one_off) == "2 张 × ¥25.00"
    assert presenter("en").fee_line_computation(one_off) == "2 cards × ¥25.00"
    one_card = fee_line(quantity=D(1), quantity_unit="card", unit_price=D(25), months=None)
    assert presenter("en").fee_line_computation(one_card) == "1 card × ¥25.00"


def test_document_details_join_in_the_editions_punctuation():
    both = DocumentItem(name="业主身份证", original=True, copies=3)
    assert presenter("zh-CN").document_details(both) == "（原件，复印件 3 份）"
    assert presenter("zh-HK").document_details(both) == "（原件，複印件 3 份）"
    assert presenter("en").document_details(DocumentItem(name="ID", original=True)) == " (original)"
    assert presenter("en").document_details(both) == " (original, 3 photocopies)"
    assert presenter("en").document_details(DocumentItem(name="ID", copies=1)) == " (1 photocopy)"
    assert presenter("zh-CN").document_details(DocumentItem(name="照片")) == ""


def test_capitals_in_the_editions_script():
    assert presenter("zh-CN").capitals(D("1680.32")) == "人民币壹仟陆佰捌拾元叁角贰分"
    assert presenter("zh-HK", "HKD").capitals(D("1680.32")) == "港元壹仟陸佰捌拾元參角貳分"
    assert presenter("zh-MO", "MOP").capitals(D("10223.40")) == "澳門元壹萬零貳佰貳拾參元肆角"
    assert presenter("zh-TW", "TWD").capitals(D("100")) == "新臺幣壹佰元整"
    # Capitals are a Chinese convention: English prints the figure alone (see Presenter.capitals).
    assert presenter("en").capitals(D("1005.50")) == ""
    assert presenter("en", "HKD").capitals(D("1005.50")) == ""


def test_fee_rules_say_each_monthly_fees_prepayment_and_each_phases_developer_months():
    fees = Fees(
        management=[ManagementRate(property_type="residential", name="住宅", rate=D("2.85"))],
        prepayment=Prepayments(parking_rent=Prepayment(months=3, refusable=False),
                               parking_service=Prepayment(months=0)),
        developer_months=DeveloperMonths(management=1),
        access_cards=AccessCards(free_per_unit=3, free_per_parking_unit=1, cost_price=D("20")),
        parking=[ParkingFee(space_type="s", name="车位", tenure=tenure, monthly=D("80")) for tenure in ("bought", "rented")],
    )
    window = MoveInWindow(start=dt.date(2027, 3, 6), end=dt.date(2027, 3, 20))
    phases = [Phase(id="p1", name="一期", households=1, move_in=window),
              Phase(id="p2", name="二期", households=1, developer_months=DeveloperMonths(management=0)),
              Phase(id="p3", name="三期", households=1, developer_months=DeveloperMonths(management=3))]
    assert presenter("zh-CN").fee_rules(fee_schedule(SimpleNamespace(fees=fees, phases=phases)))[1:] == [
        "入伙时预交 3 个月管理费。如不愿预交，可按月交纳：入伙时只交起始的第一个月（该月由开发商支付的，入伙时不交）。",
        "车位管理服务费按月交纳，入伙时不预交。",
        "入伙时预交 3 个月车位月租。须在入伙时预付，不可改为按月交纳。",
        "所有业主：前 1 个月的管理费由开发商支付，业主预交从其后开始。",
        "二期：管理费没有由开发商支付的月份，业主预交从起始日开始。",
        "三期：前 3 个月的管理费由开发商支付，业主预交从其后开始。",
        "每户免费领取门禁卡 3 张（费用由开发商承担）；加配每张 ¥20.00。只购买或租用车位的业主免费领取 1 张。",
        "每项费用按数量 × 单价计算，四舍五入到分；按月计收的费用先算出每月金额并四舍五入到分，再乘以月数；合计为各项之和。",
    ]
