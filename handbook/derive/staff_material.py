"""Staff material derived from the project data: the full project in, what the training pack shows out.

Nothing here is typed twice: who does what at each step comes from the
processes, the timeline's dates from each phase's move-in window, the drill
rounds from the FAQ and the process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Project
from ..model.estate import Phase
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
    """One role-play round: what the 'owner' says or does, what staff answer or do, what to check."""

    kind: str  # "question" (from the FAQ) or "step" (from the move-in process)
    prompt: str
    expected: str
    check: tuple[str, ...]
    role: str | None


def drill_rounds(project: Project) -> list[DrillRound]:
    """Return the mock-drill script: every FAQ question, then every move-in step with its checks."""
    roles = {role.id: role.name for role in project.roles}
    rounds = []
    for item in project.faq:
        staff = item.staff
        expected = item.answer + (f" {staff.notes}" if staff and staff.notes else "")
        check = tuple(staff.do_not_promise) if staff else ()
        rounds.append(DrillRound("question", item.question, expected, check,
                                 staff.escalate_to if staff else None))
    for step in project.processes.move_in.steps:
        staff = step.staff
        rounds.append(DrillRound("step", step.title, step.detail or "", tuple(staff.checks) if staff else (),
                                 roles.get(step.role) if step.role else None))
    return rounds
