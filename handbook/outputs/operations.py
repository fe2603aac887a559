"""The move-in operations sheets (§4(2)4, §4(2)6): the full project and its unit list in, print quantities and the supplies checklist out.

Internal: written under dist/internal/<slug>/operations/ as operations.<lang>.pdf
(A4, for the service-centre manager and the print shop), print-quantities.csv
and supplies.csv (UTF-8 with a BOM, so Excel opens them; headers in the
staff's language).

Quantities (§4(2)4: 按户数确定印刷数量): a per-household form is printed for the
households that need it, times its copies. They are counted in the unit list
(each unit's household type, parking tenure and proxy) only when the list
covers every household of the project, and of each phase; otherwise (no list,
or a sample or partial one) every household of the project data is counted,
and a form meant for some households only is marked as an estimate (an upper
bound). The sheet's header and every row of the CSV say which basis was used.
A per-project form is its copies in all. Every row then gets spare_percent
more, rounded up.

Supplies (§4(2)6): the project's list, else the source's, each with the spare
devices to bring beside the quantity (the contingency plans' 备用 POS 机).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from ..derive.boards import project_boards
from ..derive.packets import needs_form
from ..derive.present import Presenter
from ..errors import Entry
from ..i18n.messages import Catalogue
from ..model.base import HOUSEHOLD_TYPES
from ..model.documents import FormToPrepare
from ..model.units import Unit
from ..repo import Repo
from ..source.projects import ProjectSource
from ..source.units import is_late, unit_window_phase
from .base import RenderContext
from .common import csv_bytes, refusals, remove_files
from .printing import Printable, PrintJob, printable, template_inputs

FOLDER = "operations"
TEMPLATE = "operations.html"
OWN_FILES = ("operations.*.pdf", "print-quantities*.csv", "supplies*.csv")
BLANK_SUPPLY_ROWS = 3  # room to add by hand what the list forgot


class Operations:
    name = "operations"
    audience = "internal"
    editions = "staff"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        # The project folder: where units.csv or units.xlsx usually is (a list outside it is personal data kept apart).
        return [source.data_file, source.folder, *template_inputs(source, repo, FOLDER)]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: sheets_document(ctx, *sheet_rows(ctx)))

    def render(self, ctx: RenderContext) -> None:
        households, rows, supplies = sheet_rows(ctx)
        out = ctx.out / FOLDER
        remove_files(out, OWN_FILES)  # one set, in the staff's language: drop a set of a language no longer used
        out.mkdir(parents=True, exist_ok=True)
        quantities = quantities_csv(rows, households, ctx.edition.messages, presenter(ctx))
        (out / "print-quantities.csv").write_bytes(quantities)
        (out / "supplies.csv").write_bytes(supplies_csv(supplies, ctx.edition.messages))
        (out / f"operations.{ctx.edition.tag}.pdf").write_bytes(sheets_document(ctx, households, rows, supplies).pdf())


def sheet_rows(ctx: RenderContext) -> tuple[Households, list[PrintRow], list[SupplyRow]]:
    """Return what the sheets show: the households counted, the print rows and the supplies."""
    households = count_households(ctx)
    return households, print_rows(ctx.project, households), supply_rows(ctx.project, ctx.edition.messages)


def presenter(ctx: RenderContext) -> Presenter:
    return Presenter(ctx.edition.language, ctx.edition.messages, ctx.project.fees.currency)


# Counting households --------------------------------------------------------------------------------------

Basis = Literal["unit_list", "partial_list", "project"]
"""What quantities count: the unit list when it covers every household, else the project's households."""


@dataclass(frozen=True)
class Households:
    """The households print quantities are computed for: the unit list's when it covers them all, else the project's."""

    units: tuple[Unit, ...] | None  # the unit list's units; None when the project has no unit list
    list_name: str | None
    project_total: int
    complete: bool  # the unit list covers every household of the project and of each phase (covers)

    @property
    def basis(self) -> Basis:
        if self.units is None:
            return "project"
        return "unit_list" if self.complete else "partial_list"

    @property
    def total(self) -> int:
        """Return the households counted: the unit list's when it is the basis, else the project data's."""
        return len(self.units) if self.basis == "unit_list" else self.project_total

    @property
    def listed(self) -> int | None:
        return None if self.units is None else len(self.units)

    def needing(self, form: FormToPrepare) -> tuple[int, bool]:
        """Return how many households need a per-household form, and whether that number is an estimate."""
        if self.basis == "unit_list":
            return self.listed_needing(form), False
        restricted = bool(form.household_types) and set(form.household_types) != set(HOUSEHOLD_TYPES)
        by_proxy = form.kind == "authorisation"  # only a household a proxy comes for needs one
        return self.project_total, restricted or form.parking is not None or by_proxy

    def listed_needing(self, form: FormToPrepare) -> int:
        """Return how many units of the unit list need a form (on a partial list: a hint, not the count)."""
        return sum(1 for unit in self.units or () if needs_form(form, unit))


def count_households(ctx: RenderContext) -> Households:
    project, units = ctx.project, ctx.units  # read and validated once, by gather
    if units is None:
        return Households(None, None, project.households, False)
    return Households(units.units, units.path.name, project.households, covers(project, units.units))


def covers(project, units: tuple[Unit, ...]) -> bool:
    """Return whether a unit list covers every household: the project's number, and each phase's.

    A unit without a phase may make up any phase's shortfall; a list of 57
    units of a 1,200-household estate (a sample) covers nothing.
    """
    if len(units) < project.households:
        return False
    listed = Counter(unit.phase for unit in units)
    short = sum(max(0, phase.households - listed[phase.id]) for phase in project.phases)
    return short <= listed[None]


def basis_text(households: Households, t: Catalogue, present: Presenter) -> str:
    """Return the basis in a sentence, e.g. 按项目总户数 1,200 户计算（单元清单仅列 57 户，未覆盖全部）."""
    listed = None if households.listed is None else present.number(households.listed)
    return t(f"label.ops.basis_line.{households.basis}", count=present.number(households.total), listed=listed)


@dataclass(frozen=True)
class PhaseCount:
    name: str
    window: tuple[dt.date, dt.date] | None  # the phase's move-in window
    project: int | None  # households in the project data (the basis unless the unit list covers them all)
    listed: int | None  # units in the unit list


def phase_counts(project, households: Households) -> list[PhaseCount]:
    """Return each phase's households (project data, and unit list when there is one); units without a phase last."""
    listed = households.units
    rows = [PhaseCount(phase.name, (phase.move_in.start, phase.move_in.end), phase.households,
                       None if listed is None else sum(1 for u in listed if u.phase == phase.id))
            for phase in project.phases]
    unassigned = 0 if listed is None else sum(1 for u in listed if u.phase is None)
    if unassigned:
        rows.append(PhaseCount("", None, None, unassigned))
    return rows


@dataclass(frozen=True)
class LateUnit:
    unit: Unit
    window_end: dt.date  # the last day of its phase's move-in window


def late_units(project, households: Households) -> list[LateUnit]:
    """Return the units moving in, or booked, after their phase's window (late_move_ins: allowed), by move-in date."""
    late = [LateUnit(unit, unit_window_phase(project, unit).move_in.end)
            for unit in households.units or () if is_late(project, unit)]
    return sorted(late, key=lambda row: (row.unit.move_in_date, row.unit.unit))


def tally(values: Iterable[str], order: Iterable[str]) -> list[tuple[str, int]]:
    """Return (value, count) for the values that occur, in the given order."""
    values = list(values)
    return [(key, values.count(key)) for key in order if key in values]


# Print quantities ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PrintRow:
    number: int
    form: FormToPrepare
    households: int | None  # households counted; None for a per-project form
    need: int  # copies needed before the spare
    spare: int
    estimate: bool
    listed: int | None  # an estimate's hint: the units of a partial unit list that need the form

    @property
    def total(self) -> int:
        return self.need + self.spare


def spare_copies(need: int, percent: int) -> int:
    """Return percent of need, rounded up to a whole copy."""
    return -(-need * percent // 100)


def print_rows(project, households: Households) -> list[PrintRow]:
    """Return one row per form to prepare, in the project's order, numbered from 1."""
    rows = []
    for number, form in enumerate(project.forms, start=1):
        if form.per == "project":
            counted, need, estimate = None, form.copies, False
        else:
            counted, estimate = households.needing(form)
            need = counted * form.copies
        listed = households.listed_needing(form) if estimate and households.basis == "partial_list" else None
        rows.append(PrintRow(number, form, counted, need, spare_copies(need, project.operations.spare_percent),
                             estimate, listed))
    return rows


def applies_to(form: FormToPrepare, t: Catalogue) -> str:
    """Return who a form is for, e.g. 家庭户、公司户; empty when it is for every household."""
    types = t("punct.list").join(t(f"label.household.{kind}") for kind in form.household_types)
    parking = t(f"label.for_parking_{form.parking}") if form.parking else ""
    if types and parking:
        return t("label.ops.types_with_parking", types=types, parking=parking)
    return types or parking


def estimate_note(row: PrintRow, households: Households, t: Catalogue, present: Presenter) -> str:
    """Return why a row is an estimate, and on a partial unit list how many of its units need the form; else empty."""
    if not row.estimate:
        return ""
    who = applies_to(row.form, t) or t("label.ops.by_proxy")  # an authorisation letter: only who sends a proxy
    count = present.number(row.households)
    if households.basis == "partial_list":
        return t("label.ops.estimate_note_partial", who=who, count=count, listed=present.number(households.listed),
                 needing=present.number(row.listed))
    return t("label.ops.estimate_note", who=who, count=count)


# Supplies ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SupplyRow:
    name: str
    quantity: str
    note: str
    spare: int = 0  # spare devices brought besides the quantity, ready to take over when one fails


# Spares of the default list's devices. The source's contingency plan for a card terminal that fails starts with
# 启用备用 POS 机 (switch to the spare POS terminal): one spare. For the others it names no backup (notes are
# counted by hand, copies made at the service centre), so none; a project that wants more lists its supplies.
DEFAULT_SPARES = {"pos": 1, "cash_counters": 0, "photocopier": 0}


def supply_rows(project, t: Catalogue) -> list[SupplyRow]:
    """Return the project's supplies list, else the source's list with the quantities the data gives."""
    if project.operations.supplies is not None:
        return [SupplyRow(s.name, s.quantity or "", s.note or "", s.spare) for s in project.operations.supplies]
    return default_supplies(project, t)


def default_supplies(project, t: Catalogue) -> list[SupplyRow]:
    """Return the supplies of §4(2)6: furniture, key boards, board stands, cash handling, stationery, services."""
    def row(key: str, quantity: str = "", note: str = "") -> SupplyRow:
        spare = DEFAULT_SPARES.get(key, 0)
        if spare:
            note = t("label.supply.with_spare", note=note, count=spare)
        return SupplyRow(t(f"label.supply.{key}"), quantity, note, spare)

    staff = sum(post.headcount for post in project.staff.posts) if project.staff else 0
    collecting = collectors(project)
    boards = sum(board.quantity for board in project_boards(project))  # a stand for every board printed
    bank = next((c for c in project.contacts if c.kind == "bank"), None)
    return [
        row("tables_chairs", t("label.supply.tables_chairs_quantity", count=staff) if staff else "",
            t("label.supply.tables_chairs_note", count=staff) if staff else t("label.supply.tables_chairs_no_posts")),
        row("key_boards", "", t("label.supply.key_boards_note")),
        row("board_stands", t("label.supply.board_stands_quantity", count=boards), t("label.supply.board_stands_note")),
        row("cash_counters", t("label.supply.cash_counters_quantity", count=len(collecting)),
            t("label.supply.cash_counters_note")),
        row("pos", t("label.supply.pos_quantity", count=len(collecting)),
            t("label.supply.pos_note_two") if "developer" in collecting else t("label.supply.pos_note_one")),
        row("stamp"), row("pens"), row("staplers"), row("paper_clips"), row("ink_pads"),
        row("photocopier", t("label.supply.photocopier_quantity", count=1), t("label.supply.photocopier_note")),
        row("bank", "", t("label.supply.bank_contact", name=bank.name, phone=bank.phone) if bank
            else t("label.supply.bank_note")),
        row("vendors", "", t("label.supply.vendors_note")),
    ]


def collectors(project) -> list[str]:
    """Return who takes payments at move-in: the property company, and the developer when it collects fees."""
    fees = project.fees
    found = {channel.collector for channel in fees.payment}
    found |= {item.collector for item in fees.decoration + fees.other + fees.for_developer}
    return ["property_company"] + (["developer"] if "developer" in found else [])


# Files ---------------------------------------------------------------------------------------------------

QUANTITY_COLUMNS = ("number", "form", "basis", "copies", "applies_to", "households", "households_basis", "need",
                    "spare", "total", "estimate", "note")
SUPPLY_COLUMNS = ("number", "item", "quantity", "spare_devices", "note", "ready")


def quantities_csv(rows: list[PrintRow], households: Households, t: Catalogue, present: Presenter) -> bytes:
    """Return the print quantities as a CSV: a row per form, each household row saying what its households count."""
    header = [t(f"label.ops.col.{column}") for column in QUANTITY_COLUMNS]
    basis = basis_text(households, t, present)
    return csv_bytes(header, ([
        row.number, row.form.name, t(f"label.ops.basis.{row.form.per}"),
        row.form.copies if row.form.per == "household" else "",
        "" if row.form.per == "project" else applies_to(row.form, t) or t("label.ops.all_households"),
        "" if row.households is None else row.households, "" if row.households is None else basis,
        row.need, row.spare, row.total,
        t("label.ops.yes") if row.estimate else "",
        (estimate_note(row, households, t, present) + (row.form.note or "")).strip(),
    ] for row in rows))


def supplies_csv(rows: list[SupplyRow], t: Catalogue) -> bytes:
    header = [t(f"label.ops.col.{column}") for column in SUPPLY_COLUMNS]
    return csv_bytes(header, ([number, row.name, row.quantity, row.spare or "", row.note, ""]
                              for number, row in enumerate(rows, start=1)))


def sheets_document(ctx: RenderContext, households: Households, rows: list[PrintRow],
                    supplies: list[SupplyRow]) -> Printable:
    """Return the A4 sheets, ready to print: print quantities and where the count came from, then the supplies."""
    project, t = ctx.project, ctx.edition.messages
    units = households.units or ()
    present = presenter(ctx)
    late = late_units(project, households)
    context = {
        "households": households,
        "basis": basis_text(households, t, present),
        "phases": phase_counts(project, households),
        "late": late,
        "by_type": tally((u.household_type for u in units), HOUSEHOLD_TYPES),
        "by_parking": tally((u.parking for u in units), ("bought", "rented", "none")),
        "rows": rows,
        "applies_to": lambda form: applies_to(form, t),
        "estimate_note": lambda row: estimate_note(row, households, t, present),
        "supplies": supplies,
        "blank_rows": BLANK_SUPPLY_ROWS,
        "window": present.date_range_unbroken,
    }
    job = PrintJob(FOLDER, TEMPLATE, "operations.css", context, units=tuple(row.unit for row in late))
    return printable(ctx, job)
