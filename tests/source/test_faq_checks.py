"""FAQ texts against the fee schedule: placeholders that name no figure, and typed figures that contradict it."""

from __future__ import annotations

import pytest

from handbook.commands.cli import main
from handbook.errors import ProjectInvalid
from handbook.model.faq import FaqItem, FaqStaff
from handbook.repo import Repo
from handbook.run.gather import gather_valid
from handbook.source.checks import Finding, check_project
from handbook.source.faq_checks import check_faq_figures
from handbook.source.projects import ProjectSource
from tests.conftest import (
    PROJECTS,
    make_repo,
    make_sample_repo,
    sample_project,
    template_text,
)

LOTUS_FIGURES = (
    "fee.management.residential.rate, fee.management.shop.rate, fee.management.prepaid_months, "
    "fee.parking_service.prepaid_months, fee.parking_rent.prepaid_months, fee.management.developer_months.phase_2, "
    "fee.parking.standard.bought, fee.parking.standard.rented, fee.parking.large.bought, fee.parking.large.rented, "
    "fee.parking.motorcycle.bought, fee.parking.motorcycle.rented, fee.cards.free, fee.cards.price, "
    "fee.cards.free_per_parking_unit, fee.item.mailbox_nameplate.amount, fee.item.mailbox_nameplate.rate, "
    "fee.item.parking_sticker.amount, fee.item.parking_sticker.rate, fee.item.maintenance_fund.amount, "
    "fee.item.maintenance_fund.rate, fee.item.title_registration.amount, fee.item.title_registration.rate, "
    "fee.item.decoration_deposit.amount, fee.item.decoration_deposit.rate, fee.item.decoration_deposit_shop.amount, "
    "fee.item.decoration_deposit_shop.rate, fee.item.decoration_garbage.amount, fee.item.decoration_garbage.rate")


@pytest.fixture(scope="module")
def lotus():
    return sample_project("lotus-garden")


@pytest.fixture(scope="module")
def harbour():
    return sample_project("harbour-centre")


def findings(project, question: str, answer: str, notes: str | None = None) -> list[Finding]:
    """Return what the checks find in a project whose FAQ is one item, as written."""
    item = FaqItem(id="q", topic="费用", question=question, answer=answer,
                   staff=FaqStaff(notes=notes) if notes else None)
    return list(check_faq_figures(project.model_copy(update={"faq": [item]})))


@pytest.mark.parametrize("slug", ["lotus-garden", "harbour-centre"])
def test_the_samples_faq_pass(slug):
    project = sample_project(slug)
    assert list(check_faq_figures(project)) == []
    assert check_project(project, PROJECTS / slug) == []


def test_a_typed_prepayment_contradicting_the_schedule_is_refused(lotus):
    assert findings(lotus, "要预交管理费吗？", "通常预交两个月管理费。") == [
        Finding(("faq", 0, "answer"), "error.faq_figure_contradicts",
                {"text": "两个月", "expected": "3", "placeholder": "{{ fee.management.prepaid_months }}"})]


def test_the_prepayment_as_the_schedule_has_it_passes(lotus):
    assert findings(lotus, "要预交管理费吗？", "通常预交三个月管理费，也可预交 3 个月车位管理服务费。") == []


def test_the_developer_s_months_are_read_against_the_developer_s_figure(lotus):
    assert findings(lotus, "二期有优惠吗？", "前两个月管理费由开发商承担。") == []
    assert findings(lotus, "二期有优惠吗？", "前三个月管理费由开发商承担。") == [
        Finding(("faq", 0, "answer"), "error.faq_figure_contradicts",
                {"text": "三个月", "expected": "2", "placeholder": "{{ fee.management.developer_months.phase_2 }}"})]


def test_a_card_price_typed_wrong_is_refused_with_the_price_to_quote(lotus):
    assert findings(lotus, "每户有几张门禁卡？", "入伙时每户免费领取 {{ fee.cards.free }} 张。如需增加，按 25 元/张办理。") == [
        Finding(("faq", 0, "answer"), "error.faq_figure_contradicts",
                {"text": "25 元", "expected": "¥20.00", "placeholder": "{{ fee.cards.price }}"})]


def test_a_space_s_fee_typed_wrong_names_that_space_s_figures(lotus):
    [finding] = findings(lotus, "车位怎么收费？", "标准车位月租 ¥460。")
    assert finding.params == {"text": "¥460", "expected": "¥80.00、¥450.00",
                              "placeholder": "{{ fee.parking.standard.bought }}、{{ fee.parking.standard.rented }}"}


def test_an_amount_of_no_named_fee_is_refused_as_unknown(lotus):
    assert findings(lotus, "入伙要交哪些费用？", "管理费按月交纳。另收搬家押金 RMB 800。") == [
        Finding(("faq", 0, "answer"), "error.faq_figure_unknown_amount",
                {"text": "RMB 800", "placeholder": "{{ fee.item.mailbox_nameplate.amount }}"})]


def test_deadlines_ordinals_and_dates_are_not_counts_of_a_fee(lotus):
    assert findings(lotus, "管理费可以缓交吗？",
                    "未交的管理费须在三个月内补交；从第三个月起计收滞纳金。3 月 15 日起开始计收管理费。") == []


def test_items_not_about_fees_are_not_read_for_figures(harbour):
    assert findings(harbour, "辦公時間以外需要冷氣怎麼辦？", "收費為每層每小時 HK$480，須於兩個月前申請。") == []


def test_a_deposit_may_be_the_months_of_management_fee_it_amounts_to(harbour):
    # HK$354 and HK$405 per m² are three months of HK$118 and HK$135.
    assert findings(harbour, "收樓時要繳付哪些管理費？", "另繳相等於三個月管理費的管理費按金。") == []
    [finding] = findings(harbour, "收樓時要繳付哪些管理費？", "另繳相等於四個月管理費的管理費按金。")
    assert finding.params["text"] == "四個月"


def test_english_text_is_read_by_the_same_rules(lotus):
    assert findings(lotus, "Do I prepay management fees?", "Owners prepay two months of management fees. "
                    "Arrears are paid within three months.") == [
        Finding(("faq", 0, "answer"), "error.faq_figure_contradicts",
                {"text": "two months", "expected": "3", "placeholder": "{{ fee.management.prepaid_months }}"})]


def test_an_unknown_placeholder_lists_the_known_names(lotus):
    assert findings(lotus, "门禁卡多少钱？", "每张 {{ fee.cards.prices }}。") == [
        Finding(("faq", 0, "answer"), "error.faq_unknown_figure", {"name": "fee.cards.prices", "known": LOTUS_FIGURES})]


def test_a_part_of_a_name_is_no_figure(lotus):
    [finding] = findings(lotus, "{{ fee.management }}？", "见费用表。")
    assert finding.loc == ("faq", 0, "question") and finding.params["name"] == "fee.management"


@pytest.mark.parametrize("written, example", [
    ("{{ fee.cards.price | round }}", "{{ fee.cards.price }}"),
    ("{{ fee.cards.price + 1 }}", "{{ fee.cards.price }}"),
    ("{{ fee['cards'] }}", "{{ fee.management.prepaid_months }}"),
    ("{% if fee %}", "{{ fee.management.prepaid_months }}"),
    ("{{ price }}", "{{ fee.management.prepaid_months }}"),
])
def test_anything_but_a_figure_name_is_refused_with_how_to_write_it(lotus, written, example):
    [finding] = findings(lotus, "门禁卡多少钱？", "答案见下。", notes=f"每张 {written}。")
    assert finding == Finding(("faq", 0, "staff", "notes"), "error.faq_placeholder",
                              {"problem": written, "example": example})


def test_a_placeholder_left_open_is_refused(lotus):
    [finding] = findings(lotus, "门禁卡多少钱？", "每张 {{ fee.cards.price 元。")
    assert finding.key == "error.faq_placeholder" and finding.params["problem"].startswith("{{ fee.cards.price")


# Through the command line: check and build refuse it alike, at the line of the text -----------------------------

FAQ = "faq:\n  - id: cards\n    topic: 费用\n    question: 门禁卡怎么收费？\n    answer: {answer}\n"


def run(repo, *args: str, capsys) -> tuple[int, str]:
    code = main(["--repo", str(repo), "--ui-language", "zh-CN", *args])
    return code, capsys.readouterr().err


def test_check_and_build_refuse_a_contradicting_figure_at_its_line(tmp_path, capsys):
    text = template_text() + FAQ.format(answer="每户免费 3 张，增加的每张 25 元。")
    repo = make_repo(tmp_path, {"demo": text})
    line = text.splitlines().index("    answer: 每户免费 3 张，增加的每张 25 元。") + 1
    check_code, check_err = run(repo, "check", "demo", capsys=capsys)
    build_code, build_err = run(repo, "build", "demo", "--out", str(tmp_path / "dist"), capsys=capsys)
    assert check_code == build_code == 1
    expected = f"project.yml:{line}"
    refusal = next(line for line in check_err.splitlines() if "faq[1].answer" in line)
    assert expected in refusal and "“25 元”与费用表不符：¥20.00" in refusal and "{{ fee.cards.price }}" in refusal
    assert refusal in build_err.splitlines()


def test_a_well_quoted_faq_passes_check(tmp_path, capsys):
    text = template_text() + FAQ.format(answer="每户免费 {{ fee.cards.free }} 张，增加的每张 {{ fee.cards.price }}。")
    repo = make_repo(tmp_path, {"demo": text})
    assert run(repo, "check", "demo", capsys=capsys)[0] == 0


def test_a_translation_is_read_against_the_schedule_too(tmp_path):
    repo = make_sample_repo(tmp_path, ("lotus-garden",))
    # The sample's FAQ is its company's, translated once for all the company's estates in the company's file.
    translations = repo / "companies/lotus-property/translations/en.yml"
    text = translations.read_text(encoding="utf-8")
    text = text.replace("at cost price, {{ fee.cards.price }} per card.", "at cost price, 25 yuan per card.", 1)
    text = text.replace("Do I have to prepay {{ fee.management.prepaid_months }} months",
                        "Do I have to prepay {{ fee.management.prepaid_month }} months", 1)
    translations.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectInvalid) as caught:
        gather_valid(ProjectSource("lotus-garden", repo / "projects/lotus-garden"), Repo(repo))
    problems = {problem.field: problem.message for problem in caught.value.problems}
    prepay, cards = (next(i for i, item in enumerate(sample_project("lotus-garden").faq) if item.id == name) + 1
                     for name in ("prepay", "access_cards"))
    assert "companies/lotus-property/translations/en.yml (en): " in problems[f"faq[{cards}].answer"]
    assert "“25 yuan”与费用表不符：¥20.00" in problems[f"faq[{cards}].answer"]
    assert "“fee.management.prepaid_month”不是费用表中的数值" in problems[f"faq[{prepay}].question"]
