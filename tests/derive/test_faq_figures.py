"""FAQ placeholders filled from the fee schedule: each edition reads the figures as it prints money, never `{{`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from handbook.derive.faq_figures import placeholders, with_fee_figures
from handbook.derive.staff_material import drill_rounds
from handbook.repo import Repo
from handbook.run.gather import Gathered, gather
from handbook.source.projects import ProjectSource
from tests.conftest import PROJECTS, REPO_ROOT


@pytest.fixture(scope="module")
def lotus() -> Gathered:
    return gather(ProjectSource("lotus-garden", PROJECTS / "lotus-garden"), Repo(REPO_ROOT), units_needed=False)


@pytest.fixture(scope="module")
def harbour() -> Gathered:
    return gather(ProjectSource("harbour-centre", PROJECTS / "harbour-centre"), Repo(REPO_ROOT), units_needed=False)


def answers(gathered: Gathered, tag: str, audience: str = "public") -> dict[str, str]:
    """Return the FAQ answers of one edition's view, by question id."""
    edition = next(edition for edition in gathered.editions if edition.tag == tag)
    return {item.id: item.answer for item in gathered.view(edition, audience).faq}


def test_the_samples_quote_their_fees_by_placeholder():
    # What the figures below are filled into: the data holds no typed fee figure in these answers.
    for slug, ids in (("lotus-garden", {"prepay", "phase2_gift", "access_cards", "parking"}),
                      ("harbour-centre", {"deposit", "access_cards", "parking"})):
        gathered = gather(ProjectSource(slug, PROJECTS / slug), Repo(REPO_ROOT), units_needed=False)
        quoting = {item.id for item in gathered.loaded.project.faq if placeholders(item.answer)}
        assert ids <= quoting, slug


def test_the_primary_edition_reads_the_figures_in_yuan(lotus):
    faq = answers(lotus, "zh-CN")
    assert "通常预交 3 个月管理费" in faq["prepay"]
    assert "前 2 个月管理费由开发商承担" in faq["phase2_gift"]
    assert "免费领取 3 张门禁卡" in faq["access_cards"] and "每张 ¥20.00" in faq["access_cards"]
    assert "标准车位 ¥80.00、大车位 ¥100.00、摩托车位 ¥20.00" in faq["parking"]
    assert "标准车位 ¥450.00、大车位 ¥580.00、摩托车位 ¥60.00" in faq["parking"]
    assert "首期按建筑面积计，每平方米 ¥38.00。" in faq["maintenance_fund"]
    assert not any("{{" in text for text in faq.values())


def test_the_converted_edition_reads_them_in_its_own_words(lotus):
    faq = answers(lotus, "zh-HK")
    assert "預交 3 個月管理費" in faq["prepay"]
    assert "每張 ¥20.00" in faq["access_cards"]
    assert "首期按建築面積計，每平方米 ¥38.00。" in faq["maintenance_fund"]


def test_the_english_edition_fills_the_same_placeholders_in_its_translation(lotus):
    faq = answers(lotus, "en")
    assert "Owners usually prepay 3 months of management fees" in faq["prepay"]
    assert "the developer pays the first 2 months" in faq["phase2_gift"]
    assert "Each unit receives 3 free access cards" in faq["access_cards"]
    assert "at cost price, ¥20.00 per card." in faq["access_cards"]
    assert "¥450.00 for a standard space" in faq["parking"]
    assert "charged on the floor area: ¥38.00 per m²." in faq["maintenance_fund"]
    assert not any("{{" in text for text in faq.values())


def test_a_hong_kong_dollar_project_reads_hk_dollars_in_both_scripts(harbour):
    hk, cn = answers(harbour, "zh-HK"), answers(harbour, "zh-CN")
    assert "收樓時須預繳 1 個月管理費" in hk["deposit"]
    assert "（寫字樓每平方米 HK$354.00，商舖每平方米 HK$405.00）" in hk["deposit"]
    assert "每張 HK$80.00" in hk["access_cards"]
    assert "私家車位月租 HK$3,800.00，輕型貨車車位 HK$4,500.00，電單車車位 HK$900.00" in hk["parking"]
    assert "（写字楼每平方米 HK$354.00，商铺每平方米 HK$405.00）" in cn["deposit"]
    assert "每张 HK$80.00" in cn["access_cards"]


def test_the_question_and_the_staff_notes_are_filled_too(lotus):
    edition = lotus.editions[0]
    internal = lotus.view(edition, "internal")
    prepay = next(item for item in internal.faq if item.id == "prepay")
    assert prepay.question == "必须一次预交 3 个月管理费吗？"
    project = lotus.loaded.project
    noted = project.faq[0].model_copy(update={"staff": project.faq[0].staff.model_copy(
        update={"notes": "超出的门禁卡每张 {{ fee.cards.price }}，现场只收 POS 刷卡。"})})
    shown = with_fee_figures(project.model_copy(update={"faq": [noted]}), edition)
    assert shown.faq[0].staff.notes == "超出的门禁卡每张 ¥20.00，现场只收 POS 刷卡。"


def test_the_drill_script_reads_the_filled_answers(lotus):
    internal = lotus.view(lotus.editions[0], "internal")
    expected = {round.title: round.expected for round in drill_rounds(internal) if round.kind == "question"}
    assert "通常预交 3 个月管理费" in expected["必须一次预交 3 个月管理费吗？"]


def test_a_changed_fee_changes_every_answer_quoting_it(lotus):
    project = lotus.loaded.project
    cards = project.fees.access_cards.model_copy(update={"cost_price": Decimal("25.00"), "free_per_unit": 2})
    changed = project.model_copy(update={"fees": project.fees.model_copy(update={"access_cards": cards})})
    faq = {item.id: item.answer for item in with_fee_figures(changed, lotus.editions[0]).faq}
    assert "免费领取 2 张门禁卡" in faq["access_cards"] and "每张 ¥25.00" in faq["access_cards"]


def test_a_faq_without_placeholders_is_returned_as_it_is(lotus):
    project = lotus.loaded.project
    plain = project.model_copy(update={"faq": [item for item in project.faq if not placeholders(
        f"{item.question}{item.answer}{item.staff.notes if item.staff else ''}")]})
    assert plain.faq and with_fee_figures(plain, lotus.editions[0]) is plain
