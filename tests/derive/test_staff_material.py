"""Tests for handbook.derive.staff_material: a role's steps, a phase's dated timeline and the drill script."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.derive.staff_material import (
    drill_rounds,
    milestone_dates,
    phase_timeline,
    role_steps,
)
from handbook.model.staff import Milestone
from tests.conftest import sample_project


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


def test_drill_has_every_question_then_every_move_in_step(lotus):
    rounds = drill_rounds(lotus)
    steps = lotus.processes.move_in.steps
    assert len(rounds) == len(lotus.faq) + len(steps)
    question = rounds[0]
    assert (question.kind, question.prompt, question.role) == ("question", "管理费从什么时候开始计收？", "服务中心经理")
    assert question.expected.endswith(" 以收楼通知书上的入伙日期为准；未按时办理入伙的同样按此规则计收。")
    assert question.check == ("减免或推迟计收管理费",)
    welcome = rounds[len(lotus.faq)]
    assert (welcome.kind, welcome.prompt, welcome.role) == ("step", "引导至办理现场", "引导员")
    assert welcome.expected == "引导员在小区南门迎候，引导您到会所一楼入伙现场并领取排队号。"
