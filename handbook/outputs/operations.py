"""The move-in operations sheets (§4(2)4, §4(2)6): the full project and its unit list in, print quantities and the supplies checklist out.

Internal: written under dist/internal/<slug>/operations/ as operations.<lang>.pdf
(A4, for the service-centre manager and the print shop), print-quantities.csv
and supplies.csv (UTF-8 with a BOM, so Excel opens them; headers in the
staff's language).

Quantities (§4(2)4: 按户数确定印刷数量): a per-household form is printed for the
households that need it (its household types and parking tenure, counted in
the unit list), times its copies; without a unit list every household of the
project is counted, and a form meant for some households only is marked as an
estimate (an upper bound). A per-project form is its copies in all. Every row
then gets spare_percent more, rounded up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

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
        (out / "print-quantities.csv").write_bytes(quantities_csv(rows, ctx.edition.messages))
        (out / "supplies.csv").write_bytes(supplies_csv(supplies, ctx.edition.messages))
        (out / f"operations.{ctx.edition.tag}.pdf").write_bytes(sheets_document(ctx, households, rows, supplies).pdf())


def sheet_rows(ctx: RenderContext) -> tuple[Households, list[PrintRow], list[SupplyRow]]:
    """Return what the sheets show: the households counted, the print rows and the supplies."""
    households = count_households(ctx)
    return households, print_rows(ctx.project, households), supply_rows(ctx.project, ctx.edition.messages)


# Counting households --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Households:
    """The households print quantities are computed for: the unit list's units, else the project's count."""

    units: tuple[Unit, ...] | None  # None when the project has no unit list
    list_name: str | None
    project_total: int

    @property
    def total(self) -> int:
        return len(self.units) if self.units is not None else self.project_total

    def needing(self, form: FormToPrepare) -> tuple[int, bool]:
        """Return how many households need a per-household form, and whether that number is an estimate."""
        if self.units is not None:
            return sum(1 for unit in self.units if needs_form(form, unit)), False
        restricted = bool(form.household_types) and set(form.household_types) != set(HOUSEHOLD_TYPES)
        by_proxy = form.kind == "authorisation"  # only a household a proxy comes for needs one
        return self.project_total, restricted or form.parking is not None or by_proxy


def count_households(ctx: RenderContext) -> Households:
    units = ctx.units  # read and validated once, by gather
    if units is None:
        return Households(None, None, ctx.project.households)
    return Households(units.units, units.path.name, ctx.project.households)


@dataclass(frozen=True)
class PhaseCount:
    name: str
    window: tuple[dt.date, dt.date] | None  # the phase's move-in window
    project: int | None  # households in the project data
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
        rows.append(PrintRow(number, form, counted, need, spare_copies(need, project.operations.spare_percent),
                             estimate))
    return rows


def applies_to(form: FormToPrepare, t: Catalogue) -> str:
    """Return who a form is for, e.g. 家庭户、公司户; empty when it is for every household."""
    types = t("punct.list").join(t(f"label.household.{kind}") for kind in form.household_types)
    parking = t(f"label.for_parking_{form.parking}") if form.parking else ""
    if types and parking:
        return t("label.ops.types_with_parking", types=types, parking=parking)
    return types or parking


def estimate_note(row: PrintRow, t: Catalogue) -> str:
    return t("label.ops.estimate_note", who=applies_to(row.form, t), count=row.households) if row.estimate else ""


# Supplies ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SupplyRow:
    name: str
    quantity: str
    note: str


def supply_rows(project, t: Catalogue) -> list[SupplyRow]:
    """Return the project's supplies list, else the source's list with the quantities the data gives."""
    if project.operations.supplies is not None:
        return [SupplyRow(s.name, s.quantity or "", s.note or "") for s in project.operations.supplies]
    return default_supplies(project, t)


def default_supplies(project, t: Catalogue) -> list[SupplyRow]:
    """Return the supplies of §4(2)6: furniture, key boards, board stands, cash handling, stationery, services."""
    def row(key: str, quantity: str = "", note: str = "") -> SupplyRow:
        return SupplyRow(t(f"label.supply.{key}"), quantity, note)

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

QUANTITY_COLUMNS = ("number", "form", "basis", "copies", "applies_to", "households", "need", "spare", "total",
                    "estimate", "note")


def quantities_csv(rows: list[PrintRow], t: Catalogue) -> bytes:
    header = [t(f"label.ops.col.{column}") for column in QUANTITY_COLUMNS]
    return csv_bytes(header, ([
        row.number, row.form.name, t(f"label.ops.basis.{row.form.per}"),
        row.form.copies if row.form.per == "household" else "",
        "" if row.form.per == "project" else applies_to(row.form, t) or t("label.ops.all_households"),
        "" if row.households is None else row.households, row.need, row.spare, row.total,
        t("label.ops.yes") if row.estimate else "",
        (estimate_note(row, t) + (row.form.note or "")).strip(),
    ] for row in rows))


def supplies_csv(rows: list[SupplyRow], t: Catalogue) -> bytes:
    header = [t(f"label.ops.col.{column}") for column in ("number", "item", "quantity", "note", "ready")]
    return csv_bytes(header, ([number, row.name, row.quantity, row.note, ""]
                              for number, row in enumerate(rows, start=1)))


def sheets_document(ctx: RenderContext, households: Households, rows: list[PrintRow],
                    supplies: list[SupplyRow]) -> Printable:
    """Return the A4 sheets, ready to print: print quantities and where the count came from, then the supplies."""
    project, t = ctx.project, ctx.edition.messages
    units = households.units or ()
    presenter = Presenter(ctx.edition.language, t, project.fees.currency)
    late = late_units(project, households)
    context = {
        "households": households,
        "phases": phase_counts(project, households),
        "late": late,
        "by_type": tally((u.household_type for u in units), HOUSEHOLD_TYPES),
        "by_parking": tally((u.parking for u in units), ("bought", "rented", "none")),
        "rows": rows,
        "applies_to": lambda form: applies_to(form, t),
        "estimate_note": lambda row: estimate_note(row, t),
        "supplies": supplies,
        "blank_rows": BLANK_SUPPLY_ROWS,
        "window": presenter.date_range_unbroken,
    }
    job = PrintJob(FOLDER, TEMPLATE, "operations.css", context, units=tuple(row.unit for row in late))
    return printable(ctx, job)
