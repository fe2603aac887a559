"""Cross-field checks that run after every field is valid: ids, references, dates, files.

Each check yields a Finding: the field path, a message key and its parameters.
validate.py turns findings into editor messages with file:line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..derive.packets import form_set, packet_forms
from ..engines.flowchart import (
    BRANCH_WIDTH,
    MAX_BRANCH_LINES,
    MAX_TITLE_LINES,
    VARIANTS,
    label_problems,
)
from ..errors import Loc
from ..model.base import REGION_OF_LANGUAGE
from ..model.process import Process
from ..model.project import Project
from .faq_checks import check_faq_figures
from .findings import Finding


def check_project(project: Project, folder: Path, partial: bool = False, companies: tuple[Path, ...] = ()) -> list[Finding]:
    """Return every cross-field problem of a project whose fields are individually valid.

    A file the data names is looked up in the project's folder, then in its companies' (nearest first).

    With partial=True, project holds only the sections that are valid (the
    others are None): a check needing an invalid section is skipped.
    """
    checks = (_check_ids, _check_references, _check_processes, _check_phases, _check_languages, _check_region,
              _check_names, _check_boards, _check_forms, _check_agreement_names, check_faq_figures,
              lambda p: _check_files(p, folder, companies))
    findings = []
    for check in checks:
        try:
            findings += list(check(project))
        except (AttributeError, TypeError):  # a section it needs is invalid (None): its errors are reported
            if not partial:
                raise
    return findings


def _unique(items: Sequence, loc: Loc, key: str = "id") -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value in first:
            yield Finding(loc + (index, key), "error.duplicate_id", {"id": value, "first": first[value] + 1})
        else:
            first[value] = index


def _check_ids(p: Project) -> Iterator[Finding]:
    for name in ("contacts", "phases", "forms", "agreements", "roles", "rooms", "unit_types", "faq", "boards"):
        yield from _unique(getattr(p, name) or [], (name,))
    yield from _unique(p.fees.management, ("fees", "management"), "property_type")
    seen: dict[str, tuple] = {}
    for group in ("decoration", "other", "for_developer"):
        for index, item in enumerate(getattr(p.fees, group)):
            if item.id in seen:
                first_group, first_index = seen[item.id]
                yield Finding(("fees", group, index, "id"), "error.duplicate_id",
                              {"id": item.id, "first": f"fees.{first_group}[{first_index + 1}]"})
            else:
                seen[item.id] = (group, index)
    parking_seen: dict[tuple[str, str], int] = {}
    for index, fee in enumerate(p.fees.parking):
        key = (fee.space_type, fee.tenure)
        if key in parking_seen:
            yield Finding(("fees", "parking", index, "space_type"), "error.duplicate_id",
                          {"id": f"{fee.space_type}/{fee.tenure}", "first": parking_seen[key] + 1})
        else:
            parking_seen[key] = index
    if p.staff:
        yield from _unique(p.staff.timeline, ("staff", "timeline"))
        yield from _unique(p.staff.contingency_plans, ("staff", "contingency_plans"))


def _ref(value: str | None, known: Iterable[str], loc: Loc, what: str) -> Iterator[Finding]:
    known = list(known)
    if value is not None and value not in known:
        yield Finding(loc, "error.unknown_ref", {"what": what, "value": value, "known": ", ".join(known) or "-"})


def _check_references(p: Project) -> Iterator[Finding]:
    roles = [r.id for r in p.roles]
    property_types = [m.property_type for m in p.fees.management]
    for group in ("decoration", "other", "for_developer"):
        for index, item in enumerate(getattr(p.fees, group)):
            for k, value in enumerate(item.property_types):
                yield from _ref(value, property_types, ("fees", group, index, "property_types", k), "ref.property_type")
            for k, value in enumerate(item.phases):
                yield from _ref(value, [phase.id for phase in p.phases], ("fees", group, index, "phases", k),
                                "ref.phase")
    forms = [f.id for f in p.forms]
    for index, agreement in enumerate(p.agreements):
        yield from _ref(agreement.form, forms, ("agreements", index, "form"), "ref.form")
    rooms = [r.id for r in p.rooms]
    for index, unit_type in enumerate(p.unit_types):
        for k, room in enumerate(unit_type.rooms):
            yield from _ref(room, rooms, ("unit_types", index, "rooms", k), "ref.room")
    if p.staff:
        for index, post in enumerate(p.staff.posts):
            yield from _ref(post.role, roles, ("staff", "posts", index, "role"), "ref.role")
        for index, handoff in enumerate(p.staff.handoffs):
            yield from _ref(handoff.source, roles, ("staff", "handoffs", index, "from"), "ref.role")
            yield from _ref(handoff.to, roles, ("staff", "handoffs", index, "to"), "ref.role")
        for index, plan in enumerate(p.staff.contingency_plans):
            yield from _ref(plan.lead, roles, ("staff", "contingency_plans", index, "lead"), "ref.role")


def _check_processes(p: Project) -> Iterator[Finding]:
    roles = [r.id for r in p.roles]
    for name in ("move_in", "decoration"):
        process = getattr(p.processes, name)
        if process is not None:
            yield from _check_process(process, ("processes", name, "steps"), roles)


def _check_process(process: Process, loc: Loc, roles: list[str]) -> Iterator[Finding]:
    yield from _unique(process.steps, loc)
    steps = [s.id for s in process.steps]
    for index, step in enumerate(process.steps):
        here = loc + (index,)
        yield from _ref(step.role, roles, here + ("role",), "ref.role")
        yield from _ref(step.next, steps, here + ("next",), "ref.step")
        for k, branch in enumerate(step.branches):
            yield from _ref(branch.to, steps, here + ("branches", k, "to"), "ref.step")
        if step.kind == "decision" and len(step.branches) < 2:
            yield Finding(here + ("branches",), "error.decision_branches")
        if step.kind == "step" and step.branches:
            yield Finding(here + ("branches",), "error.branches_on_step")
        yield from check_labels(index, step, here)


def check_labels(index: int, step, here: Loc) -> Iterator[Finding]:
    """Report flowchart labels too long for their boxes (they would be unreadable, not clipped)."""
    too_long = label_problems(index + 1, step.title, [b.label for b in step.branches])
    width = min(style.label_width for style in VARIANTS.values())
    if step.title in too_long:
        yield Finding(here + ("title",), "error.label_too_long",
                      {"lines": MAX_TITLE_LINES, "width": int(width)})
    for k, branch in enumerate(step.branches):
        if branch.label in too_long:
            yield Finding(here + ("branches", k, "label"), "error.label_too_long",
                          {"lines": MAX_BRANCH_LINES, "width": BRANCH_WIDTH})


def _check_phases(p: Project) -> Iterator[Finding]:
    yield from _window_order(p.move_in, ("move_in",))
    for index, phase in enumerate(p.phases):
        if phase.move_in is None and p.move_in is None:
            yield Finding(("phases", index), "error.no_move_in_window", {"phase": phase.id})
        elif phase.move_in != p.move_in:  # an inherited window is checked once, where it is written
            yield from _window_order(phase.move_in, ("phases", index, "move_in"))
    total = sum(phase.households for phase in p.phases)
    if total != p.households:
        yield Finding(("households",), "error.households_sum", {"total": total, "households": p.households})


def _window_order(window, loc: Loc) -> Iterator[Finding]:
    if window is not None and window.end < window.start:
        yield Finding(loc + ("end",), "error.date_order",
                      {"start": window.start.isoformat(), "end": window.end.isoformat()})


def _check_boards(p: Project) -> Iterator[Finding]:
    for index, board in enumerate(p.boards or []):
        if board.format == "custom":
            for name in ("width_mm", "height_mm"):
                if getattr(board, name) is None:
                    yield Finding(("boards", index, name), "error.board_custom_size")
        if board.kind == "decoration_process" and p.processes.decoration is None:
            yield Finding(("boards", index, "kind"), "error.board_no_decoration")


def _check_languages(p: Project) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, tag in enumerate(p.languages):
        if tag in seen:
            yield Finding(("languages", index), "error.primary_language")
        seen.add(tag)
    if p.staff and p.staff.language and p.staff.language not in seen:
        yield Finding(("staff", "language"), "error.staff_language", {"languages": ", ".join(p.languages)})


def _check_region(p: Project) -> Iterator[Finding]:
    """Report a project with no region whose primary language tells none (English): its forms and maps need one."""
    if p.region is None and p.languages and p.languages[0] not in REGION_OF_LANGUAGE:  # none listed: reported
        yield Finding(("languages", 0), "error.region_required", {"language": p.languages[0]})


def _check_names(p: Project) -> Iterator[Finding]:
    """Report a name given per edition without the primary language's form: the data writes that form."""
    for index, entry in enumerate(p.keep_as_written):
        if isinstance(entry, dict) and p.languages and p.languages[0] not in entry:
            yield Finding(("keep_as_written", index), "error.name_without_primary", {"language": p.languages[0]})


def _check_forms(p: Project) -> Iterator[Finding]:
    """Report printed forms the forms output cannot make (issue 10), and household types left without forms."""
    agreement_forms = {agreement.form for agreement in p.agreements}
    for index, form in enumerate(p.forms):
        if form.to and len(form.to) != form.copies:
            yield Finding(("forms", index, "to"), "error.copy_holders", {"found": len(form.to), "copies": form.copies})
        if form.kind == "agreement" and form.id not in agreement_forms:
            yield Finding(("forms", index, "kind"), "error.agreement_without_wording", {"form": form.id})
    if not packet_forms(p):
        return  # the project prints no packets: nothing to check against
    for household_type, documents in p.documents:
        if documents is not None and not form_set(p, household_type):
            yield Finding(("documents", household_type), "error.no_form_set", {"type": household_type})


def _check_agreement_names(p: Project) -> Iterator[Finding]:
    """Report a form titled otherwise than the agreement signed on it: an agreement has one name everywhere.

    The guide and the site list an agreement by its name, and its form prints
    the form's name as its title: owners must find the one in the other.
    """
    forms = {form.id: (index, form) for index, form in enumerate(p.forms)}
    for agreement in p.agreements:
        if agreement.form not in forms:
            continue  # no form, or an unknown one (reported by _check_references)
        index, form = forms[agreement.form]
        if form.name != agreement.name:
            yield Finding(("forms", index, "name"), "error.agreement_form_name",
                          {"form": form.id, "form_name": form.name,
                           "agreement": agreement.id, "agreement_name": agreement.name})


def project_files(p: Project) -> Iterator[tuple[Loc, str]]:
    """Yield every file the project data names, with its field path."""
    if p.branding.logo:
        yield ("branding", "logo"), p.branding.logo
    for index, photo in enumerate(p.photos):
        yield ("photos", index, "file"), photo.file
    for index, unit_type in enumerate(p.unit_types):
        if unit_type.floor_plan:
            yield ("unit_types", index, "floor_plan"), unit_type.floor_plan
    for index, style in enumerate(p.decoration.uniform_styles):
        if style.image:
            yield ("decoration", "uniform_styles", index, "image"), style.image
    for index, board in enumerate(p.boards or []):
        if board.background:
            yield ("boards", index, "background"), board.background


def _check_files(p: Project, folder: Path, companies: tuple[Path, ...]) -> Iterator[Finding]:
    for loc, name in project_files(p):
        if any(not (root / name).resolve().is_relative_to(root.resolve()) for root in (folder, *companies)):
            yield Finding(loc, "error.path_escape", {"path": name})
        elif not layered_file(name, (folder, *companies)).is_file():
            yield Finding(loc, "error.file_not_found", {"path": name})
    if p.unit_list and not (folder / p.unit_list).is_file():
        yield Finding(("unit_list",), "error.file_not_found", {"path": p.unit_list})


def layered_file(name: str, folders: tuple[Path, ...]) -> Path:
    """Return the first of folders holding the file name (a project's, then its companies'), else the project's path."""
    return next((folder / name for folder in folders if (folder / name).is_file()), folders[0] / name)
