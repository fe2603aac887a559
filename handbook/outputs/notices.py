"""Per-unit move-in notices: the project and its unit list in, notices PDFs and summary.csv out.

Internal: notices carry owners' names. Each is written in its unit's
language (the unit list's `language` column; else the primary), from that
edition of the project. Under dist/internal/<slug>/notices/:
notices.pdf (every notice, in appointment order, for printing), one
<unit>.pdf per unit cut from the same pages, and summary.csv (UTF-8 with
BOM for Excel) with each unit's household type, the day it pays, its
billing start, options, fee items and totals, all from the fee engine.
Units are laid out in chunks: memory stays flat and the CJK font is
subset once per chunk, not once per notice.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..derive.cashier import cashier_day
from ..derive.fees import PARKING_ONLY, FeeStatement, statement
from ..derive.lettering import LetteredDocuments, household
from ..engines.compose import join_or_mend
from ..engines.pdf_batch import (
    BatchJob,
    concatenate,
    render_batches,
    render_layered,
    renderer,
    split,
)
from ..engines.qr import qr_png_data_uri
from ..errors import Entry
from ..model.base import TENANT_TYPES
from ..model.estate import MoveInWindow
from ..model.units import Unit
from ..repo import Repo
from ..source.projects import ProjectSource
from ..source.units import unit_window_phase
from .base import RenderContext
from .common import csv_bytes, refusals, service_centre, unit_list_inputs
from .per_unit import UnitIndex, digest, layer_cache, replace_file, shared_fingerprint
from .printing import Printable, PrintJob, printable, template_inputs
from .unit_editions import (
    Editions,
    all_editions,
    chunks_by_language,
    file_name,
    in_edition,
    unit_language,
)

CHUNK = 80  # notices laid out together: enough to share the stylesheet and font work, few enough for flat memory
PREFIX = "unit-"


@dataclass(frozen=True)
class Notice:
    key: str  # the unit's file name, without .pdf
    unit: Unit
    statement: FeeStatement
    documents: LetteredDocuments | None  # what the unit's household type brings, lettered as the guide letters it
    window: MoveInWindow  # the unit's phase's (the one holding its move-in date when it names no phase)
    language: str  # the edition the notice is written in: the unit's language, else the primary

    @property
    def intro(self) -> str:
        """Return which opening the notice takes: what was bought or rented, and by whom."""
        if self.unit.household_type == PARKING_ONLY:
            return f"space_{self.unit.parking}"
        if self.unit.household_type in TENANT_TYPES:
            return "rented"
        return "company" if self.unit.household_type == "company" else "bought"


class Notices:
    name = "notices"
    audience = "internal"
    editions = "once"
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, *unit_list_inputs(source),
                *template_inputs(source, repo, "notices")]

    def check(self, ctx: RenderContext) -> list[Entry]:
        """Return what the notices would refuse: every notice's HTML is made (fees, template, glyphs), none laid out."""
        if ctx.units is None:
            return []
        editions = all_editions(ctx)
        notices = ordered_notices(ctx, ctx.units, editions)
        return [problem for tag, chunk in chunks_by_language(notices, lambda notice: notice.language, CHUNK)
                for problem in refusals(lambda: notices_document(in_edition(ctx, editions, tag), chunk))]

    def render(self, ctx: RenderContext) -> None:
        unit_list = ctx.units
        folder = ctx.out / "notices"
        if unit_list is None:
            return
        editions = all_editions(ctx)
        notices = ordered_notices(ctx, unit_list, editions)
        if renderer() == "whole":
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            write_whole(ctx, notices, editions, folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            index = UnitIndex.read(folder, fresh=ctx.force)
            shared = shared_fingerprint(ctx, self.inputs(ctx.source, ctx.repo))
            update_notices(ctx, notices, editions, folder, index, shared)
            index.write()
        replace_file(folder / "summary.csv", summary_csv(notices))


def update_notices(ctx: RenderContext, notices: list[Notice], editions: Editions, folder: Path, index: UnitIndex,
                   shared: str) -> None:
    """Make again the notices whose unit or statement changed (or those --unit names), and notices.pdf if one did."""
    redo = []
    for notice in notices:
        entry = f"unit:{notice.key}"
        if ctx.only_units is not None and notice.unit.unit not in ctx.only_units:
            index.keep(entry)
        elif index.stale(entry, digest(shared, notice.unit.model_dump(mode="json"), notice.statement, notice.documents,
                                       notice.window, notice.language), folder / f"{notice.key}.pdf") or ctx.only_units:
            redo.append(notice)
    gone = index.gone("unit:")
    for key in gone:
        (folder / f"{key}.pdf").unlink(missing_ok=True)
    kept = layer_cache(folder, shared, ctx.force)
    for _ in render_layered(notice_jobs(ctx, redo, editions), ctx.scratch / "notices",
                            lambda key, pdf: replace_file(folder / f"{key}.pdf", pdf), kept):
        pass
    order = [notice.key for notice in notices]
    joined = folder / "notices.pdf"
    if index.stale("all", digest(order), joined) or redo or gone:
        replace_file(joined, join_or_mend(joined, order, lambda key: folder / f"{key}.pdf",
                                          (notice.key for notice in redo)))


def write_whole(ctx: RenderContext, notices: list[Notice], editions: Editions, folder: Path) -> None:
    """Write the notices as the reference renderer does: every page of a chunk laid out, cut at PDF level."""
    chunks: list[bytes] = []
    pages: dict[str, tuple[int, range]] = {}  # unit -> its chunk and pages there
    for batch in render_batches(notice_jobs(ctx, notices, editions)):
        for key, pdf in split(batch.pdf, batch.parts):
            (folder / f"{key}.pdf").write_bytes(pdf)
        pages.update({key: (len(chunks), part) for key, part in batch.parts.items()})
        chunks.append(batch.pdf)
    runs = appointment_runs([pages[notice.key] for notice in notices])
    (folder / "notices.pdf").write_bytes(concatenate((chunks[chunk], part) for chunk, part in runs))


def notice_jobs(ctx: RenderContext, notices: list[Notice], editions: Editions) -> Iterator[BatchJob]:
    """Yield the notices' chunks to lay out, language by language (made as they are rendered: memory stays flat)."""
    for tag, chunk in chunks_by_language(notices, lambda notice: notice.language, CHUNK):
        yield notices_document(in_edition(ctx, editions, tag), chunk).batch(PREFIX)


def ordered_notices(ctx: RenderContext, unit_list, editions: Editions) -> list[Notice]:
    """Return a notice per unit in appointment order (units without one last), in the unit's language."""
    notices, names = [], set()
    for index in unit_list.by_appointment():
        unit = unit_list.units[index]
        tag = unit_language(unit, editions)
        project = editions[tag][1]  # fee and document names as the unit's edition writes them
        key = file_name(unit.unit, names)
        window = unit_window_phase(project, unit).move_in
        notices.append(Notice(key, unit, statement(project, unit_list.facts(index)),
                              household(project.documents, unit.household_type), window, tag))
    return notices


def appointment_runs(parts: list[tuple[int, range]]) -> list[tuple[int, range]]:
    """Join the pages of consecutive notices laid out one after another in the same chunk."""
    runs: list[tuple[int, range]] = []
    for chunk, part in parts:
        if runs and runs[-1][0] == chunk and runs[-1][1].stop == part.start:
            runs[-1] = (chunk, range(runs[-1][1].start, part.stop))
        else:
            runs.append((chunk, part))
    return runs


def notices_document(ctx: RenderContext, notices: list[Notice]) -> Printable:
    """Return a chunk of notices, ready to lay out: the project and each notice's unit printed."""
    project = ctx.project
    context = {
        "notices": notices,
        "qr": qr_png_data_uri(project.site.url),  # written once per chunk, not drawn on every page
        "space_names": {space.space_type: space.name for space in project.fees.parking},
        "service_centre": service_centre(project),
    }
    job = PrintJob("notices", "notices.html", "notices.css", context, units=tuple(n.unit for n in notices))
    return printable(ctx, job)


def summary_csv(notices: list[Notice]) -> bytes:
    """Return one row per unit: who and when, each fee item the owner pays (by id), and the totals per collector.

    cashier_day is the day the owner pays (the cashier sheets' day): a day's rows add up to its sheets' totals.
    """
    columns: list[str] = []
    for notice in notices:
        for line in notice.statement.lines:
            if line.payer == "owner" and line.id not in columns:
                columns.append(line.id)
    header = ["unit", "household_type", "cashier_day", "billing_start", "options", *columns,
              "total_property", "total_developer", "total"]
    rows = []
    for notice in sorted(notices, key=lambda n: n.unit.unit):
        s = notice.statement
        amounts = {line.id: line.amount for line in s.lines if line.payer == "owner"}
        rows.append([notice.unit.unit, notice.unit.household_type, cashier_day(notice.unit).isoformat(),
                     s.billing_start.isoformat(), " ".join(notice.unit.options),
                     *[amounts.get(column, "") for column in columns],
                     s.total(payer="owner", collector="property_company"),
                     s.total(payer="owner", collector="developer"), s.owner_total])
    return csv_bytes(header, rows)
