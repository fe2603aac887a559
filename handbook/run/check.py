"""Check a project without building it: gather it, then ask each output what it would refuse, writing nothing.

`check` passes exactly when `build` would not refuse the input: both start
from the same gather(), and each output's check() runs the functions its
render() refuses with (templates, glyphs, fees, the boards' layout and fit,
the forms' page fit), stopping before anything is written; the owner site
is built whole and audited for staff and personal text, as a build audits
it. Work files go to a temporary folder that is removed afterwards.

Warnings are what a build leaves out without refusing the input (a move-in
step the drill has nothing to expect of staff at): `check` prints them and
still passes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..derive.staff_material import steps_left_out
from ..errors import Entry, Problem
from ..outputs.base import Output
from ..outputs.common import refusals
from ..repo import Repo
from ..source.projects import ProjectSource
from .gather import Gathered, gather_valid, render_context, rendered_editions
from .plan import render_order
from .published import check_public


def check_project(source: ProjectSource, repo: Repo, outputs: list[Output]) -> tuple[Gathered, list[Entry]]:
    """Return the gathered project and every problem its outputs would refuse (raise for the data's own problems)."""
    gathered, problems = gather_valid(source, repo)
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as work:
        for output in render_order(outputs):  # as a build renders them: the site after the files it lists
            for edition in rendered_editions(output, gathered.loaded, gathered.editions):
                scratch = Path(work) / "scratch" / output.name / edition.tag
                ctx = render_context(gathered, output, edition, repo, Path(work) / "out" / output.audience, scratch)
                problems += [problem for problem in output.check(ctx) if problem not in problems]
        public = Path(work) / "out" / "public"
        if public.is_dir():  # the owner site was built there: audit it as a build audits what it publishes
            problems += refusals(lambda: check_public(gathered, repo, public))
    return gathered, problems


def check_warnings(gathered: Gathered) -> list[Problem]:
    """Return, at their place in project.yml, what the outputs would leave out without refusing the project."""
    loaded = gathered.loaded
    left_out = loaded.messages("warning.drill_step_left_out")
    return [loaded.places.problem(("processes", "move_in", "steps", index), left_out)
            for index in steps_left_out(loaded.project)]
