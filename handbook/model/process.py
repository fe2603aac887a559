"""Processes as data (§4(3)2-10): ordered steps, who does each, and branches."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Id, Model, Text


class Role(Model):
    id: Id
    """Role id used by process steps and staff posts, e.g. verifier."""
    name: Text
    """Role name owners see, e.g. 验证员."""


class Branch(Model):
    label: Text
    """The answer that leads this way, e.g. 有质量问题."""
    to: Id
    """Id of the step it leads to."""


class StepStaff(Model):
    checks: list[Text] = []
    """What staff check at this step (staff only)."""
    notes: Text | None = None
    """Notes for staff (staff only)."""
    owner_says: Text | None = None
    """What the owner says on coming to this step in the mock drill, in an owner's own words, e.g. 我来收楼，资料都带齐了。 (staff only). Without it the owner has no line: the drill sets the scene and staff act."""


class Step(Model):
    id: Id
    """Step id, unique within the process."""
    title: Text
    """What happens, short, e.g. 验证身份及资料."""
    kind: Literal["step", "decision"] = "step"
    """step, or decision (a question with labelled exits in branches)."""
    role: Id | None = None
    """Who does it (id from roles); none for the owner alone."""
    detail: Text | None = None
    """One or two sentences owners read under the step."""
    next: Id | None = None
    """The step that follows, when it is not the next one in the list."""
    branches: list[Branch] = []
    """Exits of a decision, each with its label."""
    end: bool = False
    """True when the process ends after this step (the last step always ends it)."""
    staff: StepStaff | None = None
    """Staff-only notes for this step."""


class Process(Model):
    name: Text
    """Process name, e.g. 入伙办理流程."""
    steps: list[Step] = Field(min_length=1)
    """The steps in order."""


class Processes(Model):
    move_in: Process
    """The move-in process (入伙办理流程)."""
    decoration: Process | None = None
    """The decoration application process (装修办理流程)."""
