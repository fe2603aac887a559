"""Which forms a unit fills in or signs: the project's forms and a unit in, its packet (forms in move-in order, each copy) out.

A form is printed when it has a `kind`. A household type's form set is every
printed form of a packet stage (see model/forms.py STAGE) whose
household_types include it (or are empty); a unit gets its household type's
set less the parking agreements of a tenure it does not have, and less the
authorisation letter unless a proxy comes for it (its `proxy` column). The packet is
in the order of the move-in process (the stage), then in the order of the
forms table, and each form is repeated for its copies (一式二份: 业主联 / 物业联).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from ..model.documents import FormToPrepare
from ..model.estate import CheckItem, Room
from ..model.forms import STAGE
from ..model.project import Project
from ..model.units import Unit


@dataclass(frozen=True)
class FormCopy:
    """One printed copy of a form: which copy it is and who keeps it."""

    form: FormToPrepare
    number: int  # from 1
    holder: str | None  # a CopyHolder, or None when the copies are only numbered


def printed_forms(project: Project) -> list[FormToPrepare]:
    """Return the forms the forms output prints (blank), in the order of the forms table."""
    return [form for form in project.forms if form.kind]


def packet_forms(project: Project) -> list[FormToPrepare]:
    """Return the printed forms that go into units' packets, in the order of the move-in process."""
    order = {form.id: index for index, form in enumerate(project.forms)}
    forms = [form for form in printed_forms(project) if STAGE[form.kind] is not None and form.per == "household"]
    return sorted(forms, key=lambda form: (STAGE[form.kind], order[form.id]))


def form_set(project: Project, household_type: str) -> list[FormToPrepare]:
    """Return the forms a household type may need (parking agreements included), in move-in order."""
    return [form for form in packet_forms(project)
            if not form.household_types or household_type in form.household_types]


def unit_forms(project: Project, unit: Unit) -> list[FormToPrepare]:
    """Return the forms a unit needs: its household type's set less those it does not need (needs_form)."""
    return [form for form in packet_forms(project) if needs_form(form, unit)]


def needs_form(form: FormToPrepare, unit: Unit) -> bool:
    """Return whether a unit gets a form: its household type, its parking tenure or its proxy if the form asks."""
    if form.household_types and unit.household_type not in form.household_types:
        return False
    if form.kind == "authorisation" and not unit.proxy:
        return False
    return form.parking is None or form.parking == unit.parking


def appointment_order(unit: Unit) -> tuple:
    """Return a unit's place in the day's queue: by appointment, then unit; units without one last."""
    return (unit.appointment is None, unit.appointment or dt.datetime.min, unit.move_in_date, unit.unit)


def copies(form: FormToPrepare) -> Iterator[FormCopy]:
    """Yield each copy of a form, with who keeps it when the data says."""
    for number in range(1, form.copies + 1):
        yield FormCopy(form, number, form.to[number - 1] if form.to else None)


def inspection_rooms(project: Project, unit_type: str | None) -> list[Room] | None:
    """Return the rooms inspected in a unit of a type, in order; None for a unit of no known type.

    A unit without a type gets a form with blank room rows (the escort writes
    the rooms in): listing every type's rooms would be wrong for every unit.
    """
    types = {t.id: t for t in project.unit_types}
    if unit_type not in types:
        return None
    rooms = {room.id: room for room in project.rooms}
    return [rooms[room] for room in types[unit_type].rooms]


def check_items(project: Project) -> list[str]:
    """Return every check item any room has, in the model's order (the columns of a blank room row)."""
    used = {check for room in project.rooms for check in room.checks}
    return [item for item in CheckItem.__args__ if item in used] or list(CheckItem.__args__)
