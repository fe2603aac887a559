"""The cashiers' day sheets: the project and its unit list in, one sheet per move-in day and collector out.

Internal: the sheets carry owners' names. The property company and the
developer take payments at separate desks with their own POS terminals
(§4(2)2); each desk's cashier gets, for each day, the units paying there in
appointment order, the amount each notice asks for, room to write what was
received and the receipt number, and the day's expected total to reconcile
against. Under dist/internal/<slug>/cashier/: cashier-sheets.<lang>.pdf in
the staff's language, and cashier-sheets.csv (UTF-8 with a BOM, for Excel).
"""

from __future__ import annotations

from pathlib import Path

from ..derive.cashier import CashierSheet, cashier_sheets
from ..derive.fees import statement
from ..errors import Entry
from ..repo import Repo
from ..source.projects import ProjectSource
from .base import RenderContext
from .common import csv_bytes, refusals, remove_files, unit_list_inputs
from .printing import Printable, PrintJob, printable, template_inputs

FOLDER = "cashier"
OWN_FILES = ("cashier-sheets.*.pdf", "cashier-sheets.csv")


class Cashier:
    name = "cashier"
    audience = "internal"
    editions = "staff"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, *unit_list_inputs(source),
                *template_inputs(source, repo, FOLDER)]

    def check(self, ctx: RenderContext) -> list[Entry]:
        if ctx.units is None:
            return []
        return refusals(lambda: sheets_document(ctx, day_sheets(ctx)))

    def render(self, ctx: RenderContext) -> None:
        if ctx.units is None:
            return
        sheets = day_sheets(ctx)
        out = ctx.out / FOLDER
        remove_files(out, OWN_FILES)  # one set, in the staff's language: drop a set of a language no longer used
        out.mkdir(parents=True, exist_ok=True)
        (out / "cashier-sheets.csv").write_bytes(sheets_csv(sheets))
        (out / f"cashier-sheets.{ctx.edition.tag}.pdf").write_bytes(sheets_document(ctx, sheets).pdf())


def day_sheets(ctx: RenderContext) -> list[CashierSheet]:
    """Return the sheets of the project's unit list, each unit's fees as its notice computes them."""
    unit_list = ctx.units
    return cashier_sheets((unit_list.units[i], statement(ctx.project, unit_list.facts(i)))
                          for i in unit_list.by_appointment())


def sheets_csv(sheets: list[CashierSheet]) -> bytes:
    """Return one row per unit and desk: the day, the collector, the unit and the amount expected."""
    return csv_bytes(["day", "collector", "appointment", "unit", "expected"], (
        [sheet.day.isoformat(), sheet.collector,
         row.unit.appointment.strftime("%H:%M") if row.unit.appointment else "", row.unit.unit, row.amount]
        for sheet in sheets for row in sheet.rows))


def sheets_document(ctx: RenderContext, sheets: list[CashierSheet]) -> Printable:
    """Return the day sheets, ready to print: one (or more) A4 pages per day and desk."""
    channels = {channel.collector: channel for channel in ctx.project.fees.payment}
    job = PrintJob(FOLDER, "cashier.html", "cashier.css", {"sheets": sheets, "channels": channels},
                   units=tuple(row.unit for sheet in sheets for row in sheet.rows))
    return printable(ctx, job)
