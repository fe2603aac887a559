"""Tests for handbook.derive.staff_material: a role's steps, a phase's dated timeline and the drill script."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.derive.staff_material import (
    drill_rounds,
    milestone_dates,
    phase_timeline,
    role_steps,
    steps_left_out,
)
from handbook.model.staff import Milestone
from tests.conftest import sample_project, with_move_in_step


@pytest.fixture(scope="module")
def lotus():
    return sample_project("lotus-garden")


def test_role_steps_are_numbered_as_in_their_process(lotus):
    steps = role_steps(lotus, "cashier")
    assert [(s.process, s.number, s.title) for s in steps] == [
        ("入伙办理流程", 5, "缴纳入伙费用"), ("装修办理流程", 3, "缴纳装修保证金及费用"), ("装修办理流程", 10, "退还装修保证金")]
    assert steps[0].checks[2] == "业主不愿预交三个月的，可只交首月，不得强制"
    assert steps[1].checks == () and steps[1].notes is None  # a step without staff notes


def test_a_role_with_no_steps_gets_none(lotus):
    assert role_steps(lotus, "security") == []


def test_milestone_days_count_from_the_first_move_in_day(lotus):
    phase_1 = lotus.phases[0]  # moves in 2027-03-06 to 2027-03-21
    single = milestone_dates(phase_1, Milestone(id="a", title="确认", days=-60))
    assert (single.start, single.end) == (dt.date(2027, 1, 5), None)
    span = milestone_dates(phase_1, Milestone(id="b", title="印刷", days=-60, until_days=-30))
    assert (span.start, span.end) == (dt.date(2027, 1, 5), dt.date(2027, 2, 4))
    backwards = milestone_dates(phase_1, Milestone(id="c", title="倒写", days=-2, until_days=-5))
    assert (backwards.start, backwards.end) == (dt.date(2027, 3, 1), dt.date(2027, 3, 4))
    daily = milestone_dates(phase_1, Milestone(id="d", title="碰头会", days=0, daily=True))
    assert (daily.start, daily.end) == (dt.date(2027, 3, 6), dt.date(2027, 3, 21))


def test_each_phase_gets_its_own_dates_in_date_order(lotus):
    first, second = (phase_timeline(lotus, phase) for phase in lotus.phases)
    assert [d.milestone.id for d in first][:2] == ["confirm_date", "print_forms"]  # same day: the single day first
    assert first[-1].milestone.id == "follow_up" and first[-1].start == dt.date(2027, 4, 5)
    assert second[0].start == dt.date(2027, 7, 13)  # 60 days before 2027-09-11
    assert [d.start for d in first] == sorted(d.start for d in first)


def test_drill_has_a_scene_per_question_then_per_move_in_step(lotus):
    rounds = drill_rounds(lotus)
    steps = lotus.processes.move_in.steps
    assert len(rounds) == len(lotus.faq) + len(steps)  # every step of the sample has something to expect of staff
    question = rounds[0]
    assert (question.kind, question.topic, question.title) == ("question", "费用", "管理费从什么时候开始计收？")
    assert question.owner_says == "我过几个月才搬进来住，管理费能不能晚几个月再交？"  # in the owner's words
    assert question.expected == lotus.faq[0].answer  # the public answer, then the staff notes beside it
    assert question.notes == "以收楼通知书上的入伙日期为准；未按时办理入伙的同样按此规则计收。"
    assert (question.escalate_to, question.role) == ("服务中心经理", None)
    assert (question.traps, question.checks) == (("减免或推迟计收管理费",), ())  # a trap, never a check
    welcome = rounds[len(lotus.faq)]
    assert (welcome.kind, welcome.number, welcome.title, welcome.role) == ("step", 1, "引导至办理现场", "引导员")
    assert welcome.owner_says == "你好，我来办入伙，是在这边吗？"
    assert welcome.expected == "引导员在小区南门迎候，引导您到会所一楼入伙现场并领取排队号。"  # no notes: the detail
    assert welcome.checks[0] == "请业主出示《收楼通知书》，确认入伙日期和楼栋" and welcome.traps == ()
    pay = next(r for r in rounds if r.title == "缴纳入伙费用")
    assert pay.expected == "每笔收款当场开具收据，日终与 POS 小票、收据存根逐笔核对。"  # the notes before the detail
    assert pay.notes is None


def test_a_question_without_owner_words_is_asked_as_written_and_a_step_without_them_has_no_line(lotus):
    rounds = drill_rounds(lotus)
    air = next(r for r in rounds if r.title == "空调外机装在哪里？")
    assert (air.owner_says, air.traps, air.escalate_to) == ("空调外机装在哪里？", (), None)
    inspect = next(r for r in rounds if r.title == "陪同验房，抄录表数")
    assert inspect.owner_says is None  # the step's title is stage direction, never the owner's line


def test_a_step_with_nothing_to_expect_of_staff_is_left_out_and_the_others_keep_their_numbers(lotus):
    bare = with_move_in_step(lotus, 5, detail=None, staff=None)  # 陪同验房: neither staff notes nor detail
    assert steps_left_out(lotus) == [] and steps_left_out(bare) == [5]
    steps = [r for r in drill_rounds(bare) if r.kind == "step"]
    assert [r.number for r in steps] == [1, 2, 3, 4, 5, 7, 8, 9, 10]
    assert "陪同验房，抄录表数" not in [r.title for r in steps]
    assert all(r.expected.strip() for r in drill_rounds(bare))


def test_no_sample_round_has_an_empty_answer():
    for slug in ("lotus-garden", "harbour-centre"):
        assert all(r.expected.strip() for r in drill_rounds(sample_project(slug))), slug
