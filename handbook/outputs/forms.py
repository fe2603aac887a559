"""Move-in forms (issue 10): the project, its agreements' wording and unit list in, blank forms, per-unit packets and day sheets out.

Internal: packets carry owners' names. Under dist/internal/<slug>/forms/:

- blank/<form id>.pdf: each printed form (a form with a `kind`), each copy
  once, for the print shop; blank/all.pdf holds them all.
- units/<unit>.pdf: a unit's packet, pre-filled (unit, owner, area,
  household type, appointment): every form it needs (handbook/derive/packets.py) in
  the order of the move-in process, each copy a page, in the owner's
  language (the unit list's language column, else the primary one).
- days/<date>-packets.pdf: the packets of a day's units in appointment order
  (units without an appointment: days/no-appointment-*.pdf).
- days/<date>-sign-in.pdf and <date>-keys.pdf: the day's sign-in sheet (on the
  desk at the entrance) and key-issue list (each owner signs a row): owners see
  them, so they print each unit with its owner's name masked (derive/privacy.py).
- days/<date>-sign-in-staff.pdf: the staff's copy of the sign-in list, marked
  staff-only, with the owners' full names, to match an owner to their unit.

Packets are laid out in chunks of units like the per-unit notices: one layout
pass per chunk, cut into units at PDF level; the day files are made from
the same pages, so a unit's file and its day's file print identically.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import deque
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Iterator

from ..derive.packets import copies, printed_forms, unit_forms
from ..derive.present import Presenter
from ..derive.privacy import public_name
from ..engines.compose import join_or_mend
from ..engines.forked import forked_map, in_background
from ..engines.pdf_batch import (
    Batch,
    BatchJob,
    concatenate,
    render_batch,
    render_batches,
    render_layered,
    renderer,
    split,
)
from ..engines.qr import qr_png_data_uri
from ..errors import BuildFailed, Entry, Problem, Said, relative_name
from ..model.documents import FormToPrepare
from ..model.units import Unit
from ..repo import Repo
from ..source.projects import ProjectSource
from ..source.units import UnitList
from .base import RenderContext
from .common import refusals, unit_list_inputs
from .forms_pages import (
    AGREEMENTS,
    SYMBOLS,
    PageMaker,
    Part,
    batch_document,
    day_title,
    trace_code,
)
from .per_unit import UnitIndex, digest, layer_cache, replace_file, shared_fingerprint
from .printing import check_glyphs, printed_data, template_inputs
from .unit_editions import (
    all_editions,
    chunks_by_language,
    file_name,
    in_edition,
    unit_language,
)

FOLDER = "forms"
DAY_ROWS = 120  # units whose day sheets are laid out together (each on three sheets), whole days at a time
CHUNK = 50  # units laid out together (~12 pages each): a batch's words share a stylesheet parse; memory flat
PREFIX = "part-"


SHEETS = ("sign_in", "sign_in_staff", "keys")  # a day's sheets, in the order they are laid out
STAFF_SHEETS = ("sign_in_staff",)  # the sheets that print owners' full names: never on a desk owners see


@dataclass(frozen=True)
class Row:
    unit: Unit
    name: str  # the owner as the sheet prints it: masked on the sheets owners see, in full on the staff's
    cards: int  # access cards handed over: the free ones and the extra ones paid for


@dataclass(frozen=True)
class Sheet:
    key: str  # file name stem, e.g. 2027-03-06-sign-in-staff
    kind: str  # one of SHEETS
    name: str  # what the sheet is called, in the staff's language (its heading and its footer)
    rows: list[Row]
    trace: str  # the footer's text: the day and the sheet, in words
    qr: str  # the trace code's QR code: the day and the sheet's kind, in ASCII


@dataclass(frozen=True)
class Day:
    key: str  # the ISO date, or no-appointment
    title: str
    sheets: list[Sheet]

    @property
    def units(self) -> list[Unit]:
        """Return the day's units, in appointment order (every sheet lists them all)."""
        return [row.unit for row in self.sheets[0].rows]


class Forms:
    name = "forms"
    audience = "internal"
    editions = "staff"  # blank forms and day sheets in the staff's language; packets each in its owner's
    lists_downloads = False

    def inputs(self, source: ProjectSource, repo: Repo) -> list[Path]:
        return [source.data_file, *unit_list_inputs(source),
                *template_inputs(source, repo, FOLDER), repo.content / "owner" / AGREEMENTS,
                source.folder / "content" / "owner" / AGREEMENTS]

    def check(self, ctx: RenderContext) -> list[Entry]:
        return refusals(lambda: check_forms(ctx)) if printed_forms(ctx.project) else []

    def render(self, ctx: RenderContext) -> None:
        folder = ctx.out / FOLDER
        if renderer() == "whole" or not printed_forms(ctx.project):
            shutil.rmtree(folder, ignore_errors=True)  # a unit gone from the list must not leave its packet behind
            if printed_forms(ctx.project):
                write_all(ctx, folder)
            return
        index = UnitIndex.read(folder, fresh=ctx.force)
        shared = shared_fingerprint(ctx, self.inputs(ctx.source, ctx.repo))
        if index.stale("blank", shared, folder / "blank" / "all.pdf"):
            shutil.rmtree(folder / "blank", ignore_errors=True)
            write_blank(ctx, PageMaker(ctx), folder / "blank")
        unit_list = units(ctx)
        ordered = ordered_units(ctx, unit_list) if unit_list is not None else []
        update_packets(ctx, ordered, folder, index, shared)
        index.write()


def write_all(ctx: RenderContext, folder: Path) -> None:
    """Write every form, packet and day sheet, as the reference renderer lays them out (every page)."""
    write_blank(ctx, PageMaker(ctx), folder / "blank")
    unit_list = units(ctx)
    if unit_list is not None and unit_list.units:
        ordered = ordered_units(ctx, unit_list)
        (folder / "units").mkdir(parents=True)
        (folder / "days").mkdir(parents=True)
        write_packets_whole(ctx, ordered, folder)
        write_days(ctx, [group for _, group in by_day(ordered)], folder / "days")


def update_packets(ctx: RenderContext, ordered: list[tuple[str, Unit]], folder: Path, index: UnitIndex,
                   shared: str) -> None:
    """Make again the packets whose unit changed (or those --unit names), and the day files that list them.

    A day's packets file and sheets are made again when one of its units'
    packet is, or when its units or what its sheets print changed.
    """
    if not ordered:  # no unit list (any more)
        for name in ("units", "days"):
            shutil.rmtree(folder / name, ignore_errors=True)
        return
    (folder / "units").mkdir(parents=True, exist_ok=True)
    (folder / "days").mkdir(parents=True, exist_ok=True)
    editions = all_editions(ctx)
    prints = {key: digest(shared, unit.model_dump(mode="json"), unit_language(unit, editions)) for key, unit in ordered}
    redo = []
    for key, unit in ordered:
        if ctx.only_units is not None and unit.unit not in ctx.only_units:
            index.keep(f"unit:{key}")
        elif index.stale(f"unit:{key}", prints[key], folder / "units" / f"{key}.pdf") or ctx.only_units:
            redo.append((key, unit))
    for key in index.gone("unit:"):
        (folder / "units" / f"{key}.pdf").unlink(missing_ok=True)
    remade = {key for key, _ in redo}
    sheets, joined = [], []
    cards = ctx.project.fees.access_cards.model_dump(mode="json")
    for day, group in by_day(ordered):
        keys = [key for key, _ in group]
        if ctx.only_units is not None:
            index.keep(f"day:{day}")
            stale = bool(remade.intersection(keys))
        else:
            stale = index.stale(f"day:{day}", digest(shared, cards, [(key, prints[key]) for key in keys]),
                                folder / "days" / f"{day}-packets.pdf") or bool(remade.intersection(keys))
            if stale:
                sheets.append(group)
        if stale:
            joined.append((day, keys))
    for day in index.gone("day:"):
        for path in (folder / "days").glob(f"{day}-*.pdf"):
            path.unlink()
    # The sheets list units, not their packets: laid out while the packets are.
    with in_background(lambda days: write_days(ctx, days, folder / "days"), sheets) as sheets_written:
        write_packets(ctx, redo, folder, layer_cache(folder, shared, ctx.force))
        for _ in forked_map(lambda day: join_packets(folder, *day, remade), joined, ordered=False):
            pass
        sheets_written()


def join_packets(folder: Path, day: str, keys: list[str], remade: set[str]) -> None:
    """Write a day's packets file: its units' packets one after another (the pages as composed, not laid out).

    Where its units are those of the file written last, in the same order,
    and a few were made again, only their pages are replaced.
    """
    path = folder / "days" / f"{day}-packets.pdf"
    replace_file(path, join_or_mend(path, keys, lambda key: folder / "units" / f"{key}.pdf", remade))


def units(ctx: RenderContext) -> UnitList | None:
    """Return the project's unit list, every unit of a household type with forms; raise listing the others."""
    unit_list = ctx.units
    if unit_list is None:
        return None
    name = relative_name(unit_list.path)
    problems = [Problem(name, line, None, "household_type", Said("error.unit_no_form_set", type=unit.household_type))
                for unit, line in zip(unit_list.units, unit_list.lines)
                if not unit_forms(ctx.project, unit)]
    if problems:
        raise BuildFailed(problems)
    return unit_list


def check_forms(ctx: RenderContext) -> None:
    """Raise what rendering the forms would, laying out each kind of page once instead of every packet.

    Blank forms are laid out whole. A filled-in page's fit depends on its
    form, its language, its rooms (the inspection form, by unit type) and
    what is written on it: each such kind is laid out once, filled in for the
    unit with the longest owner name and unit number. Every unit's printed
    fields are checked for glyphs first, as its packet would be.
    """
    maker = PageMaker(ctx)
    parts = [maker.blank(form) for form in printed_forms(ctx.project)]
    check_pages(lay_out(ctx, "forms.html", parts=parts).parts, parts)
    unit_list = units(ctx)
    if unit_list is None or not unit_list.units:
        return
    ordered = ordered_units(ctx, unit_list)
    editions = all_editions(ctx)
    by_language: dict[str, list[Unit]] = {}  # the units of each language packets are printed in
    for _, unit in ordered:
        by_language.setdefault(unit_language(unit, editions), []).append(unit)
    for tag, printed in by_language.items():
        edition_ctx = in_edition(ctx, editions, tag)
        check_glyphs(edition_ctx, FOLDER, printed_data(edition_ctx, printed), fonts=(SYMBOLS,))
    for edition_ctx, parts in sample_pages(ctx, ordered):
        check_pages(lay_out(edition_ctx, "forms.html", parts=parts).parts, parts)
    days = [day_sheets(ctx, key, [unit for _, unit in group])
            for key, group in groupby(ordered, key=lambda item: day_key(item[1]))]
    batch_document(ctx, "days.html", PREFIX, days=days)


def sample_pages(ctx: RenderContext, ordered: list[tuple[str, Unit]]) -> Iterator[tuple[RenderContext, list[Part]]]:
    """Yield, language by language, one part per kind of filled-in page: each copy of a form for its widest unit."""
    editions = all_editions(ctx)
    chosen: dict[str, dict[tuple, tuple[FormToPrepare, Unit]]] = {}
    for _, unit in ordered:
        kinds = chosen.setdefault(unit_language(unit, editions), {})
        for form in unit_forms(ctx.project, unit):
            kind = (form.id, unit.unit_type if form.kind == "inspection" else None)
            if kind not in kinds or len(unit.unit + unit.owner_name) > len(kinds[kind][1].unit + kinds[kind][1].owner_name):
                kinds[kind] = (form, unit)
    for tag, kinds in chosen.items():
        maker = PageMaker(in_edition(ctx, editions, tag))
        yield maker.ctx, [Part(f"{form.id}-{number}", unit, [maker.page(c, unit) for c in copies(form)])
                          for number, (form, unit) in enumerate(kinds.values())]


def ordered_units(ctx: RenderContext, unit_list: UnitList) -> list[tuple[str, Unit]]:
    """Return (file name, unit) in appointment order, units without an appointment last (as the notices)."""
    names: set[str] = set()
    return [(file_name(unit_list.units[i].unit, names), unit_list.units[i]) for i in unit_list.by_appointment()]


def write_blank(ctx: RenderContext, maker: PageMaker, folder: Path) -> None:
    """Write each printed form blank, and all of them in one file."""
    parts = [maker.blank(form) for form in printed_forms(ctx.project)]
    batch = lay_out(ctx, "forms.html", parts=parts)
    check_pages(batch.parts, parts)
    folder.mkdir(parents=True)
    for key, pdf in split(batch.pdf, batch.parts):
        (folder / f"{key}.pdf").write_bytes(pdf)
    (folder / "all.pdf").write_bytes(batch.pdf)


def write_packets(ctx: RenderContext, ordered: list[tuple[str, Unit]], folder: Path, cache: Path) -> None:
    """Write the packets of these units, laid out in layers a chunk of units at a time (static layers kept in cache)."""
    waiting: deque[list[Part]] = deque()  # the parts of the chunks handed to the renderer, in order

    def jobs() -> Iterator[BatchJob]:
        for edition_ctx, parts in packet_chunks(ctx, ordered):
            waiting.append(parts)
            yield batch_job(edition_ctx, "forms.html", parts=parts)

    def write(key: str, pdf: bytes) -> None:
        replace_file(folder / "units" / f"{key}.pdf", pdf)

    for batch in render_layered(jobs(), ctx.scratch / "packets", write, cache):
        check_pages({key: range(count) for key, count in batch.pages.items()}, waiting.popleft())


def write_packets_whole(ctx: RenderContext, ordered: list[tuple[str, Unit]], folder: Path) -> None:
    """Write the packets as the reference renderer does: every page of a chunk laid out, cut at PDF level."""
    waiting: deque[list[Part]] = deque()

    def jobs() -> Iterator[BatchJob]:
        for edition_ctx, parts in packet_chunks(ctx, ordered):
            waiting.append(parts)
            yield batch_job(edition_ctx, "forms.html", parts=parts)

    pages: dict[str, tuple[bytes, range]] = {}  # unit file name -> its chunk's PDF and its pages there
    for batch in render_batches(jobs()):
        parts = waiting.popleft()
        check_pages(batch.parts, parts)
        for key, pdf in split(batch.pdf, batch.parts):
            (folder / "units" / f"{key}.pdf").write_bytes(pdf)
        pages.update({part.key: (batch.pdf, batch.parts[part.key]) for part in parts})
    for day, group in by_day(ordered):
        (folder / "days" / f"{day}-packets.pdf").write_bytes(concatenate(pages[key] for key, _ in group))


def by_day(ordered: list[tuple[str, Unit]]) -> Iterator[tuple[str, list[tuple[str, Unit]]]]:
    """Yield each appointment day (no-appointment last) with its units, in appointment order."""
    for day, group in groupby(ordered, key=lambda item: day_key(item[1])):
        yield day, list(group)


def packet_chunks(ctx: RenderContext, ordered: list[tuple[str, Unit]]) -> Iterator[tuple[RenderContext, list[Part]]]:
    """Yield the packets to lay out, a chunk at a time, each language's in its edition (made as they are laid out).

    A packet is what the owner reads and signs: it is in the unit's language
    (the unit list's language column), else the project's primary one, like
    the unit's notice. Blank forms and day sheets stay in the staff's language.
    """
    editions = all_editions(ctx)
    makers: dict[str, PageMaker] = {}  # one per language: the agreements' wording is rendered once
    for tag, chunk in chunks_by_language(ordered, lambda item: unit_language(item[1], editions), CHUNK):
        if tag not in makers:
            makers[tag] = PageMaker(in_edition(ctx, editions, tag))
        maker = makers[tag]
        yield maker.ctx, [maker.packet(key, unit) for key, unit in chunk]


def lay_out(ctx: RenderContext, template: str, **variables) -> Batch:
    """Return a batch of parts laid out in one pass: its PDF and the pages of each part."""
    return next(render_batches([batch_job(ctx, template, **variables)]))


def batch_job(ctx: RenderContext, template: str, **variables) -> BatchJob:
    """Return the document of a batch of parts, ready to lay out."""
    return batch_document(ctx, template, PREFIX, **variables).batch(PREFIX)


def check_pages(laid_out: dict[str, range], parts: list[Part]) -> None:
    """Fail unless every form copy took exactly one page: each page must carry its own trace code."""
    long = [part for part in parts if len(laid_out[part.key]) != len(part.pages)]
    if long:
        raise BuildFailed([Said("refusal.form_overflow")]
                          + [Said("refusal.form_overflow_part", part=part.unit.unit if part.unit else part.key,
                                  pages=len(laid_out[part.key]), copies=len(part.pages)) for part in long])


def day_key(unit: Unit) -> str:
    """Return the day a unit's packet is printed for: its appointment's date, else no-appointment."""
    return unit.appointment.date().isoformat() if unit.appointment else "no-appointment"


def day_chunks(days: list[list[tuple[str, Unit]]]) -> list[list[list[tuple[str, Unit]]]]:
    """Return days in the chunks their sheets are laid out in: whole days, up to DAY_ROWS units a chunk.

    None grows with the estate (memory stays flat; a large estate has more
    chunks to share among the cores), and what one unit's row changes,
    only its day's sheets show. A day of more units is a chunk alone.
    """
    chunks: list[list[list[tuple[str, Unit]]]] = []
    rows = 0
    for day in days:
        if not chunks or rows + len(day) > DAY_ROWS:
            chunks.append([])
            rows = 0
        chunks[-1].append(day)
        rows += len(day)
    return chunks


def write_days(ctx: RenderContext, days: list[list[tuple[str, Unit]]], folder: Path) -> None:
    """Write these days' sign-in sheets and key-issue lists, a chunk of days a document (day_chunks), side by side."""
    for _ in forked_map(partial(write_day_chunk, ctx, folder=folder), day_chunks(days), ordered=False):
        pass


def write_day_chunk(ctx: RenderContext, days: list[list[tuple[str, Unit]]], folder: Path) -> None:
    """Write a chunk of days' sheets, laid out together in this process."""
    batch = render_batch(batch_job(ctx, "days.html", days=[day_sheets(ctx, day_key(group[0][1]), [u for _, u in group])
                                                           for group in days]))
    for key, pdf in split(batch.pdf, batch.parts):
        replace_file(folder / f"{key}.pdf", pdf)


def day_sheets(ctx: RenderContext, key: str, units: list[Unit]) -> Day:
    """Return what a day's sheets show: its units in appointment order, with the cards each is handed."""
    messages = ctx.edition.messages
    day = None if key == "no-appointment" else dt.date.fromisoformat(key)
    title = day_title(day, Presenter(ctx.edition.language, messages, ctx.project.fees.currency))
    free = ctx.project.fees.access_cards.free_per_unit
    sheets = []
    for kind in SHEETS:
        rows = [Row(unit, unit.owner_name if kind in STAFF_SHEETS else public_name(unit), free + unit.extra_cards)
                for unit in units]
        name = messages(f"label.form.sheet.{kind}")
        code = trace_code(ctx.source.slug, form=kind, day=key)
        sheets.append(Sheet(f"{key}-{kind.replace('_', '-')}", kind, name, rows, f"{title} · {name}",
                            qr_png_data_uri(code)))
    return Day(key, title, sheets)
