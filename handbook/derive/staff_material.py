"""Staff material derived from the project data: the full project in, what the training pack shows out.

Nothing here is typed twice: who does what at each step comes from the
processes, the timeline's dates from each phase's move-in window, the drill's
scenes from the FAQ and the move-in process (a step with nothing to expect of
staff is left out; `check` warns about it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Project
from ..model.estate import Phase
from ..model.faq import FaqItem, FaqStaff
from ..model.process import Step, StepStaff
from ..model.staff import Milestone


@dataclass(frozen=True)
class RoleStep:
    process: str  # the process name
    number: int
    title: str
    checks: tuple[str, ...]
    notes: str | None


def role_steps(project: Project, role_id: str) -> list[RoleStep]:
    """Return every process step a role does, numbered as in its process."""
    found = []
    for process in (project.processes.move_in, project.processes.decoration):
        if process is None:
            continue
        for number, step in enumerate(process.steps, start=1):
            if step.role == role_id:
                staff = step.staff
                found.append(RoleStep(process.name, number, step.title,
                                      tuple(staff.checks) if staff else (), staff.notes if staff else None))
    return found


@dataclass(frozen=True)
class DatedMilestone:
    milestone: Milestone
    start: dt.date
    end: dt.date | None  # the last day of a span; None for a single day


def milestone_dates(phase: Phase, milestone: Milestone) -> DatedMilestone:
    """Return a milestone's real dates for a phase: days count from the phase's first move-in day."""
    first = phase.move_in.start
    if milestone.daily:
        return DatedMilestone(milestone, phase.move_in.start, phase.move_in.end)
    start = first + dt.timedelta(days=milestone.days)
    if milestone.until_days is None:
        return DatedMilestone(milestone, start, None)
    end = first + dt.timedelta(days=milestone.until_days)
    return DatedMilestone(milestone, min(start, end), max(start, end))


def phase_timeline(project: Project, phase: Phase) -> list[DatedMilestone]:
    """Return the staff timeline of one phase in date order (daily items at the first move-in day)."""
    timeline = project.staff.timeline if project.staff else []
    dated = [milestone_dates(phase, milestone) for milestone in timeline]
    return sorted(dated, key=lambda d: (d.start, d.end or d.start))


@dataclass(frozen=True)
class DrillRound:
    """One role-play scene: where it plays, what the played owner says, what staff answer or do, what to watch.

    The scene (an FAQ's topic and question, a step's number and title) is stage direction, never the owner's
    words; the owner says `owner_says`, or nothing (None: staff act on the scene). The observer checks `checks`;
    `traps` are what the owner pushes for and staff must not promise.
    """

    kind: str  # "question" (from the FAQ) or "step" (from the move-in process)
    title: str  # the FAQ question, or the step's title
    topic: str | None  # a question's FAQ topic
    number: int | None  # a step's number in the move-in process
    owner_says: str | None
    expected: str  # a question's public answer; what staff do at a step (its staff notes, else its detail)
    notes: str | None  # a question's staff notes, said or done beyond the answer
    role: str | None  # who acts at a step
    escalate_to: str | None  # who takes a question over when the owner is not satisfied
    checks: tuple[str, ...]
    traps: tuple[str, ...]


def drill_rounds(project: Project) -> list[DrillRound]:
    """Return the mock-drill script: a scene per FAQ question, then per move-in step that has an answer."""
    roles = {role.id: role.name for role in project.roles}
    rounds = [question_round(item) for item in project.faq]
    for number, step in enumerate(project.processes.move_in.steps, start=1):
        expected = step_answer(step)
        if expected:
            rounds.append(step_round(number, step, expected, roles.get(step.role) if step.role else None))
    return rounds


def question_round(item: FaqItem) -> DrillRound:
    """Return the scene of an FAQ question: the owner asks (in their own words, if given), staff give the answer."""
    staff = item.staff or FaqStaff()
    return DrillRound("question", item.question, topic=item.topic, number=None,
                      owner_says=staff.owner_says or item.question, expected=item.answer, notes=staff.notes,
                      role=None, escalate_to=staff.escalate_to, checks=(), traps=tuple(staff.do_not_promise))


def step_round(number: int, step: Step, expected: str, role: str | None) -> DrillRound:
    """Return the scene of a move-in step: the owner comes to it (saying their line, if given), staff act."""
    staff = step.staff or StepStaff()
    return DrillRound("step", step.title, topic=None, number=number, owner_says=staff.owner_says,
                      expected=expected, notes=None, role=role, escalate_to=None, checks=tuple(staff.checks),
                      traps=())


def step_answer(step: Step) -> str | None:
    """Return what staff are expected to do at a step: its staff notes, else its detail (None: the drill has none)."""
    return (step.staff.notes if step.staff else None) or step.detail


def steps_left_out(project: Project) -> list[int]:
    """Return the index of each move-in step the drill leaves out, having nothing to expect of staff there."""
    return [index for index, step in enumerate(project.processes.move_in.steps) if not step_answer(step)]
